#include "xml_reply.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <boost/json.hpp>

#include <mutex>
#include <unordered_map>

namespace erpbridge::rest {
namespace {

void initialize_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

std::string take_string(xmlChar* text) {
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

std::string trimmed(std::string text) {
  const char* space = " \t\r\n";
  auto begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return {};
  auto end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

// Collects the first XPath error instead of letting libxml2 print it.
void remember_xpath_error(void* sink, xmlErrorPtr error) {
  auto* message = static_cast<std::string*>(sink);
  if (message->empty() && error && error->message) message->assign(trimmed(error->message));
}

struct ContextDeleter {
  void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct ObjectDeleter {
  void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};
using Context = std::unique_ptr<xmlXPathContext, ContextDeleter>;
using Object = std::unique_ptr<xmlXPathObject, ObjectDeleter>;

Context new_context(xmlDoc* document, const XmlNamespaces& namespaces, std::string* errors) {
  Context context(xmlXPathNewContext(document));
  if (!context) return context;
  context->error = remember_xpath_error;
  context->userData = errors;
  for (const auto& [prefix, uri] : namespaces)
    xmlXPathRegisterNs(context.get(), reinterpret_cast<const xmlChar*>(prefix.c_str()),
                       reinterpret_cast<const xmlChar*>(uri.c_str()));
  return context;
}

// One XPath context per thread, reused for every reply: creating one registers every XPath
// function in a fresh hash table, which cost more than parsing a small reply and evaluating its
// XPaths together. Each use points it at the document and sets the tenant's namespaces.
class ThreadXPathContext {
 public:
  static xmlXPathContext* prepare(xmlDoc* document, const XmlNamespaces& namespaces,
                                  std::string* errors) {
    thread_local ThreadXPathContext reused;
    xmlXPathContext* context = reused.context_.get();
    if (!context) return nullptr;
    context->doc = document;
    context->node = nullptr;
    context->userData = errors;
    if (reused.has_namespaces_) xmlXPathRegisteredNsCleanup(context);
    for (const auto& [prefix, uri] : namespaces)
      xmlXPathRegisterNs(context, reinterpret_cast<const xmlChar*>(prefix.c_str()),
                         reinterpret_cast<const xmlChar*>(uri.c_str()));
    reused.has_namespaces_ = !namespaces.empty();
    return context;
  }

  // Leaves nothing pointing into a document that is about to be freed.
  class Use {
   public:
    explicit Use(xmlXPathContext* context) : context_(context) {}
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
    xmlXPathContext* context_;
  };

 private:
  ThreadXPathContext() : context_(xmlXPathNewContext(nullptr)) {
    if (context_) context_->error = remember_xpath_error;
  }

  Context context_;
  bool has_namespaces_ = false;
};

struct CompiledDeleter {
  void operator()(xmlXPathCompExpr* compiled) const { xmlXPathFreeCompExpr(compiled); }
};
using Compiled = std::unique_ptr<xmlXPathCompExpr, CompiledDeleter>;

// A tenant's XPaths are few and fixed, and compiling one costs about as much as evaluating it:
// each thread keeps what it compiled (up to kMaxCompiled expressions, then starts afresh).
// Namespace prefixes are looked up when evaluating, so one compilation serves every tenant.
xmlXPathCompExpr* compiled_xpath(xmlXPathContext* context, const std::string& xpath) {
  constexpr std::size_t kMaxCompiled = 256;
  thread_local std::unordered_map<std::string, Compiled> cache;
  auto found = cache.find(xpath);
  if (found != cache.end()) return found->second.get();
  Compiled compiled(xmlXPathCtxtCompile(context, reinterpret_cast<const xmlChar*>(xpath.c_str())));
  if (!compiled) return nullptr;
  if (cache.size() >= kMaxCompiled) cache.clear();
  return cache.emplace(xpath, std::move(compiled)).first->second.get();
}

Object evaluate(xmlXPathContext* context, const std::string& xpath) {
  xmlXPathCompExpr* compiled = compiled_xpath(context, xpath);
  return Object(compiled ? xmlXPathCompiledEval(compiled, context) : nullptr);
}

std::optional<std::string> object_text(xmlXPathObject* object) {
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

std::optional<std::string> text_relative_to(xmlXPathContext* context, xmlNode* node,
                                            const std::string& xpath) {
  context->node = node;
  Object object = evaluate(context, xpath);
  return object_text(object.get());
}

const char* name_of(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

boost::json::value view_of(xmlNode* element) {
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
    boost::json::value value = view_of(child);
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

}  // namespace

void XmlReply::DocumentDeleter::operator()(_xmlDoc* document) const {
  xmlFreeDoc(document);
}

Expected<XmlReply> XmlReply::parse(std::string_view body) {
  initialize_libxml();
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> parser(xmlNewParserCtxt(),
                                                                    xmlFreeParserCtxt);
  if (!parser) return Failure{"cannot create an XML parser"};
  // No XML_PARSE_NOENT (no entity substitution), no DTD loading, no network.
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  xmlDoc* document = xmlCtxtReadMemory(parser.get(), body.data(), static_cast<int>(body.size()),
                                       nullptr, nullptr, options);
  if (!document) {
    const xmlError* error = xmlCtxtGetLastError(parser.get());
    std::string message = error && error->message ? trimmed(error->message) : "not well-formed";
    return Failure{"reply is not well-formed XML: " + message};
  }
  XmlReply reply(document);
  if (document->intSubset || document->extSubset)
    return Failure{"reply declares a DOCTYPE, which is not accepted"};
  if (!xmlDocGetRootElement(document)) return Failure{"reply has no root element"};
  return reply;
}

std::optional<std::string> XmlReply::text_at(const std::string& xpath,
                                             const XmlNamespaces& namespaces) const {
  std::string errors;
  ThreadXPathContext::Use context(
      ThreadXPathContext::prepare(document_.get(), namespaces, &errors));
  if (!context) return std::nullopt;
  Object object = evaluate(context.get(), xpath);
  return object_text(object.get());
}

std::vector<std::pair<std::string, std::string>> XmlReply::pairs_at(
    const std::string& array, const std::string& first, const std::string& second,
    const XmlNamespaces& namespaces) const {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string errors;
  ThreadXPathContext::Use context(
      ThreadXPathContext::prepare(document_.get(), namespaces, &errors));
  if (!context) return pairs;
  Object nodes = evaluate(context.get(), array);
  if (!nodes || nodes->type != XPATH_NODESET || !nodes->nodesetval) return pairs;
  for (int i = 0; i < nodes->nodesetval->nodeNr; ++i) {
    xmlNode* node = nodes->nodesetval->nodeTab[i];
    auto a = text_relative_to(context.get(), node, first);
    auto b = text_relative_to(context.get(), node, second);
    if (a && b) pairs.emplace_back(std::move(*a), std::move(*b));
  }
  return pairs;
}

boost::json::value XmlReply::table_view() const {
  return view_of(xmlDocGetRootElement(document_.get()));
}

std::optional<std::string> xpath_syntax_error(const std::string& xpath) {
  initialize_libxml();
  std::string errors;
  Context context = new_context(nullptr, {}, &errors);
  if (!context) return "cannot create an XPath context";
  xmlXPathCompExprPtr compiled =
      xmlXPathCtxtCompile(context.get(), reinterpret_cast<const xmlChar*>(xpath.c_str()));
  if (compiled) {
    xmlXPathFreeCompExpr(compiled);
    return std::nullopt;
  }
  return errors.empty() ? "invalid XPath expression" : errors;
}

}  // namespace erpbridge::rest
