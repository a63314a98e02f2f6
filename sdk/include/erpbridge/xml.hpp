// A small libxml2 wrapper for adapters that read XML replies or build XML documents: parsing
// with external entities, DTDs and the network off; XPath with namespace prefixes; and XSD
// validation. An adapter that includes it links LibXml2 (erpbridge::sdk_xml does it).
#pragma once

#include <erpbridge/expected.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <boost/json.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace erpbridge::sdk {

using XmlNamespaces = std::vector<std::pair<std::string, std::string>>;  // prefix, URI

namespace xml_detail {

inline void initialize() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

inline std::string trimmed(std::string text) {
  const char* space = " \t\r\n";
  const auto begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

inline std::string take_string(xmlChar* text) {
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

inline const xmlChar* xml_chars(const std::string& text) {
  return reinterpret_cast<const xmlChar*>(text.c_str());
}

// Keeps the first error libxml2 reports instead of letting it print to stderr.
inline void remember_first_error(void* sink, xmlErrorPtr error) {
  auto* message = static_cast<std::string*>(sink);
  if (message->empty() && error && error->message) message->assign(trimmed(error->message));
}

struct ContextDeleter {
  void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct ObjectDeleter {
  void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};
struct CompiledDeleter {
  void operator()(xmlXPathCompExpr* compiled) const { xmlXPathFreeCompExpr(compiled); }
};
using Context = std::unique_ptr<xmlXPathContext, ContextDeleter>;
using Object = std::unique_ptr<xmlXPathObject, ObjectDeleter>;
using Compiled = std::unique_ptr<xmlXPathCompExpr, CompiledDeleter>;

// One XPath context per thread, reused for every document: creating one registers every XPath
// function in a fresh hash table, which costs more than parsing a small reply. Each use points
// it at the document and sets the namespaces; Use leaves nothing pointing into the document.
class ThreadContext {
 public:
  class Use {
   public:
    Use(xmlDoc* document, const XmlNamespaces& namespaces) {
      thread_local ThreadContext reused;
      context_ = reused.context_.get();
      if (!context_) return;
      context_->doc = document;
      context_->node = nullptr;
      context_->userData = &errors_;
      if (reused.has_namespaces_) xmlXPathRegisteredNsCleanup(context_);
      for (const auto& [prefix, uri] : namespaces)
        xmlXPathRegisterNs(context_, xml_chars(prefix), xml_chars(uri));
      reused.has_namespaces_ = !namespaces.empty();
    }
    ~Use() {
      if (!context_) return;
      context_->doc = nullptr;
      context_->node = nullptr;
      context_->userData = nullptr;
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    xmlXPathContext* get() const { return context_; }
    explicit operator bool() const { return context_ != nullptr; }

   private:
    xmlXPathContext* context_ = nullptr;
    std::string errors_;
  };

 private:
  ThreadContext() : context_(xmlXPathNewContext(nullptr)) {
    if (context_) context_->error = remember_first_error;
  }
  Context context_;
  bool has_namespaces_ = false;
};

// An adapter's XPaths are few and fixed, and compiling one costs about as much as evaluating
// it: each thread keeps what it compiled (up to 256 expressions, then starts afresh). Prefixes
// are resolved when evaluating, so one compilation serves every tenant.
inline Object evaluate(xmlXPathContext* context, const std::string& xpath) {
  constexpr std::size_t kMaxCompiled = 256;
  thread_local std::unordered_map<std::string, Compiled> cache;
  auto found = cache.find(xpath);
  xmlXPathCompExpr* compiled = nullptr;
  if (found != cache.end()) {
    compiled = found->second.get();
  } else {
    Compiled fresh(xmlXPathCtxtCompile(context, xml_chars(xpath)));
    if (!fresh) return Object();
    if (cache.size() >= kMaxCompiled) cache.clear();
    compiled = cache.emplace(xpath, std::move(fresh)).first->second.get();
  }
  return Object(xmlXPathCompiledEval(compiled, context));
}

inline std::optional<std::string> object_text(xmlXPathObject* object) {
  if (!object) return std::nullopt;
  std::string text;
  if (object->type == XPATH_NODESET) {
    if (xmlXPathNodeSetGetLength(object->nodesetval) == 0) return std::nullopt;
    text = take_string(xmlXPathCastNodeToString(object->nodesetval->nodeTab[0]));
  } else {
    text = take_string(xmlXPathCastToString(object));
  }
  text = trimmed(std::move(text));
  if (text.empty()) return std::nullopt;
  return text;
}

inline const char* name_of(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

inline boost::json::value json_view_of(xmlNode* element) {
  bool has_children = false;
  for (xmlNode* child = element->children; child; child = child->next)
    has_children = has_children || child->type == XML_ELEMENT_NODE;
  if (!has_children && !element->properties)
    return boost::json::string(trimmed(take_string(xmlNodeGetContent(element))));

  boost::json::object object;
  if (element->properties) {
    boost::json::object attributes;
    for (xmlAttr* attribute = element->properties; attribute; attribute = attribute->next)
      attributes[name_of(reinterpret_cast<xmlNode*>(attribute))] =
          take_string(xmlNodeGetContent(reinterpret_cast<xmlNode*>(attribute)));
    object["_attr"] = std::move(attributes);
  }
  std::string text;
  for (xmlNode* child = element->children; child; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      text += take_string(xmlNodeGetContent(child));
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    boost::json::value value = json_view_of(child);
    auto found = object.find(name_of(child));
    if (found == object.end()) {
      object[name_of(child)] = std::move(value);
    } else if (found->value().is_array()) {
      found->value().get_array().push_back(std::move(value));
    } else {
      boost::json::array repeated;
      repeated.push_back(std::move(found->value()));
      repeated.push_back(std::move(value));
      found->value() = std::move(repeated);
    }
  }
  text = trimmed(std::move(text));
  if (!text.empty()) object["_text"] = text;
  return object;
}

}  // namespace xml_detail

// A parsed XML document (an ERP reply, or a document the adapter built) with XPath queries.
// Copies share the document; a document is read-only, so copies may be read on any thread.
class XmlDocument {
 public:
  // Parses without network access, entity expansion or DTD loading, and refuses a document
  // that declares a DOCTYPE (no entity tricks). The failure says what is wrong.
  static Expected<XmlDocument> parse(std::string_view text) {
    xml_detail::initialize();
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> parser(xmlNewParserCtxt(),
                                                                      xmlFreeParserCtxt);
    if (!parser) return Failure("cannot create an XML parser");
    const int options =
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlDoc* raw = xmlCtxtReadMemory(parser.get(), text.data(), static_cast<int>(text.size()),
                                    nullptr, nullptr, options);
    if (!raw) {
      const xmlError* e = xmlCtxtGetLastError(parser.get());
      return Failure(e && e->message ? xml_detail::trimmed(e->message) : "not well-formed");
    }
    XmlDocument document(raw);
    if (raw->intSubset || raw->extSubset) return Failure("a DOCTYPE is not accepted");
    if (!xmlDocGetRootElement(raw)) return Failure("no root element");
    return document;
  }

  // The root element's local name and namespace URI ("" when none).
  std::string root_name() const {
    xmlNode* root = xmlDocGetRootElement(document_.get());
    return root ? xml_detail::name_of(root) : "";
  }
  std::string root_namespace() const {
    xmlNode* root = xmlDocGetRootElement(document_.get());
    return root && root->ns && root->ns->href ? reinterpret_cast<const char*>(root->ns->href) : "";
  }

  // The trimmed text of the first node `xpath` selects (or its string value); nullopt when it
  // selects nothing or only whitespace, or does not compile.
  std::optional<std::string> text_at(const std::string& xpath,
                                     const XmlNamespaces& namespaces = {}) const {
    xml_detail::ThreadContext::Use context(document_.get(), namespaces);
    if (!context) return std::nullopt;
    xml_detail::Object object = xml_detail::evaluate(context.get(), xpath);
    return xml_detail::object_text(object.get());
  }

  // For every node `xpath` selects, the texts of the relative XPaths `fields` ("" if absent).
  std::vector<std::vector<std::string>> records_at(const std::string& xpath,
                                                   const std::vector<std::string>& fields,
                                                   const XmlNamespaces& namespaces = {}) const {
    std::vector<std::vector<std::string>> records;
    xml_detail::ThreadContext::Use context(document_.get(), namespaces);
    if (!context) return records;
    xml_detail::Object nodes = xml_detail::evaluate(context.get(), xpath);
    if (!nodes || nodes->type != XPATH_NODESET || !nodes->nodesetval) return records;
    // Copied first: evaluating the fields may reuse the node set's storage.
    std::vector<xmlNode*> selected(nodes->nodesetval->nodeTab,
                                   nodes->nodesetval->nodeTab + nodes->nodesetval->nodeNr);
    for (xmlNode* node : selected) {
      std::vector<std::string> record;
      for (const auto& field : fields) {
        context.get()->node = node;
        xml_detail::Object value = xml_detail::evaluate(context.get(), field);
        record.push_back(xml_detail::object_text(value.get()).value_or(""));
      }
      records.push_back(std::move(record));
    }
    return records;
  }

  // The root element as JSON-like data: an element with child elements or attributes becomes
  // an object of children by name (an array when a name repeats; attributes under "_attr",
  // own text under "_text"); any other element becomes its text.
  boost::json::value json_view() const {
    return xml_detail::json_view_of(xmlDocGetRootElement(document_.get()));
  }

  // The libxml2 document, for what this wrapper does not cover. Owned by this object.
  xmlDoc* raw() const { return document_.get(); }

 private:
  explicit XmlDocument(xmlDoc* document) : document_(document, xmlFreeDoc) {}
  std::shared_ptr<xmlDoc> document_;
};

// Where a document breaks its schema: the element and libxml2's message.
struct SchemaViolation {
  std::string element;
  std::string message;
  int line = 0;
};

// A compiled XSD. validate() is thread-safe (a validation context per call).
class XmlSchema {
 public:
  // Throws std::runtime_error when the XSD cannot be read or compiled.
  explicit XmlSchema(const std::string& xsd_path) {
    xml_detail::initialize();
    // Read the file ourselves so a file that is not XML fails quietly (libxml2 would print).
    xmlDoc* source = xmlReadFile(xsd_path.c_str(), nullptr,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!source) throw std::runtime_error("cannot read XSD " + xsd_path + ": not well-formed XML");
    source_.reset(source, xmlFreeDoc);
    std::string error;
    std::unique_ptr<xmlSchemaParserCtxt, void (*)(xmlSchemaParserCtxtPtr)> parser(
        xmlSchemaNewDocParserCtxt(source), xmlSchemaFreeParserCtxt);
    if (!parser) throw std::runtime_error("cannot read XSD " + xsd_path);
    xmlSchemaSetParserStructuredErrors(parser.get(), xml_detail::remember_first_error, &error);
    xmlSchema* schema = xmlSchemaParse(parser.get());
    if (!schema)
      throw std::runtime_error("cannot compile XSD " + xsd_path +
                               (error.empty() ? "" : ": " + error));
    schema_.reset(schema, xmlSchemaFree);
  }

  // The first violation, or nullopt when `document` is valid.
  std::optional<SchemaViolation> validate(const XmlDocument& document) const {
    std::unique_ptr<xmlSchemaValidCtxt, void (*)(xmlSchemaValidCtxtPtr)> context(
        xmlSchemaNewValidCtxt(schema_.get()), xmlSchemaFreeValidCtxt);
    if (!context) return SchemaViolation{"", "cannot create a schema validation context", 0};
    std::optional<SchemaViolation> first;
    xmlSchemaSetValidStructuredErrors(context.get(), &remember_violation, &first);
    const int rc = xmlSchemaValidateDoc(context.get(), document.raw());
    if (rc == 0) return std::nullopt;
    if (first) return first;
    return SchemaViolation{"", "schema validation failed (code " + std::to_string(rc) + ")", 0};
  }

 private:
  static void remember_violation(void* sink, xmlErrorPtr error) {
    auto* first = static_cast<std::optional<SchemaViolation>*>(sink);
    if (*first || !error) return;
    SchemaViolation v;
    v.message = error->message ? xml_detail::trimmed(error->message) : "schema violation";
    v.line = error->line;
    if (auto* node = static_cast<xmlNode*>(error->node); node && node->name)
      v.element = xml_detail::name_of(node);
    *first = std::move(v);
  }

  std::shared_ptr<xmlDoc> source_;  // the XSD document, kept while the schema refers to it
  std::shared_ptr<xmlSchema> schema_;
};

// libxml2's message when `xpath` does not compile (for settings validation), else nullopt.
inline std::optional<std::string> xpath_syntax_error(const std::string& xpath) {
  xml_detail::initialize();
  std::string errors;
  xml_detail::Context context(xmlXPathNewContext(nullptr));
  if (!context) return "cannot create an XPath context";
  context->error = xml_detail::remember_first_error;
  context->userData = &errors;
  xmlXPathCompExprPtr compiled = xmlXPathCtxtCompile(context.get(), xml_detail::xml_chars(xpath));
  if (compiled) {
    xmlXPathFreeCompExpr(compiled);
    return std::nullopt;
  }
  return errors.empty() ? "invalid XPath expression" : errors;
}

}  // namespace erpbridge::sdk
