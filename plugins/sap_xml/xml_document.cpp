#include "xml_document.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <mutex>
#include <stdexcept>

namespace erpbridge::sap_xml {
namespace {

void initialize_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

std::string trimmed(std::string text) {
  const char* space = " \t\r\n";
  auto begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return {};
  auto end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

std::string take_string(xmlChar* text) {
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

const xmlChar* xml(const std::string& text) {
  return reinterpret_cast<const xmlChar*>(text.c_str());
}

// Keeps the first error libxml2 reports instead of letting it print to stderr.
void remember_first_error(void* sink, xmlErrorPtr error) {
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
  context->error = remember_first_error;
  context->userData = errors;
  for (const auto& [prefix, uri] : namespaces)
    xmlXPathRegisterNs(context.get(), xml(prefix), xml(uri));
  return context;
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

struct SchemaErrors {
  std::optional<SchemaViolation> first;
};

void remember_violation(void* sink, xmlErrorPtr error) {
  auto* errors = static_cast<SchemaErrors*>(sink);
  if (errors->first || !error) return;
  SchemaViolation v;
  v.message = error->message ? trimmed(error->message) : "schema violation";
  v.line = error->line;
  if (auto* node = static_cast<xmlNode*>(error->node); node && node->name)
    v.element = reinterpret_cast<const char*>(node->name);
  errors->first = std::move(v);
}

}  // namespace

void XmlDocument::Deleter::operator()(_xmlDoc* document) const {
  xmlFreeDoc(document);
}

std::optional<XmlDocument> XmlDocument::parse(std::string_view text, std::string* error) {
  initialize_libxml();
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> parser(xmlNewParserCtxt(),
                                                                    xmlFreeParserCtxt);
  if (!parser) {
    if (error) *error = "cannot create an XML parser";
    return std::nullopt;
  }
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  xmlDoc* raw = xmlCtxtReadMemory(parser.get(), text.data(), static_cast<int>(text.size()), nullptr,
                                  nullptr, options);
  if (!raw) {
    const xmlError* e = xmlCtxtGetLastError(parser.get());
    if (error) *error = e && e->message ? trimmed(e->message) : "not well-formed";
    return std::nullopt;
  }
  XmlDocument document(raw);
  if (raw->intSubset || raw->extSubset) {
    if (error) *error = "a DOCTYPE is not accepted";
    return std::nullopt;
  }
  if (!xmlDocGetRootElement(raw)) {
    if (error) *error = "no root element";
    return std::nullopt;
  }
  return document;
}

std::string XmlDocument::root_name() const {
  xmlNode* root = xmlDocGetRootElement(document_.get());
  return root ? reinterpret_cast<const char*>(root->name) : "";
}

std::string XmlDocument::root_namespace() const {
  xmlNode* root = xmlDocGetRootElement(document_.get());
  return root && root->ns && root->ns->href ? reinterpret_cast<const char*>(root->ns->href) : "";
}

std::optional<std::string> XmlDocument::text_at(const std::string& xpath,
                                                const XmlNamespaces& namespaces) const {
  std::string errors;
  Context context = new_context(document_.get(), namespaces, &errors);
  if (!context) return std::nullopt;
  Object object(xmlXPathEvalExpression(xml(xpath), context.get()));
  return object_text(object.get());
}

std::vector<std::vector<std::string>> XmlDocument::records_at(
    const std::string& xpath, const std::vector<std::string>& fields,
    const XmlNamespaces& namespaces) const {
  std::vector<std::vector<std::string>> records;
  std::string errors;
  Context context = new_context(document_.get(), namespaces, &errors);
  if (!context) return records;
  Object nodes(xmlXPathEvalExpression(xml(xpath), context.get()));
  if (!nodes || nodes->type != XPATH_NODESET || !nodes->nodesetval) return records;
  for (int i = 0; i < nodes->nodesetval->nodeNr; ++i) {
    std::vector<std::string> record;
    for (const auto& field : fields) {
      context->node = nodes->nodesetval->nodeTab[i];
      Object value(xmlXPathEvalExpression(xml(field), context.get()));
      record.push_back(object_text(value.get()).value_or(""));
    }
    records.push_back(std::move(record));
  }
  return records;
}

XmlSchema::XmlSchema(const std::string& xsd_path) {
  initialize_libxml();
  // Read the file ourselves so a file that is not XML fails quietly (libxml2 would print).
  xmlDoc* source = xmlReadFile(xsd_path.c_str(), nullptr,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!source) throw std::runtime_error("cannot read XSD " + xsd_path + ": not well-formed XML");
  source_.reset(source, xmlFreeDoc);
  std::string error;
  std::unique_ptr<xmlSchemaParserCtxt, void (*)(xmlSchemaParserCtxtPtr)> parser(
      xmlSchemaNewDocParserCtxt(source), xmlSchemaFreeParserCtxt);
  if (!parser) throw std::runtime_error("cannot read XSD " + xsd_path);
  xmlSchemaSetParserStructuredErrors(parser.get(), remember_first_error, &error);
  xmlSchema* schema = xmlSchemaParse(parser.get());
  if (!schema)
    throw std::runtime_error("cannot compile XSD " + xsd_path +
                             (error.empty() ? "" : ": " + error));
  schema_.reset(schema, xmlSchemaFree);
}

std::optional<SchemaViolation> XmlSchema::validate(const XmlDocument& document) const {
  std::unique_ptr<xmlSchemaValidCtxt, void (*)(xmlSchemaValidCtxtPtr)> context(
      xmlSchemaNewValidCtxt(schema_.get()), xmlSchemaFreeValidCtxt);
  if (!context) return SchemaViolation{"", "cannot create a schema validation context", 0};
  SchemaErrors errors;
  xmlSchemaSetValidStructuredErrors(context.get(), remember_violation, &errors);
  const int rc = xmlSchemaValidateDoc(context.get(), document.raw());
  if (rc == 0) return std::nullopt;
  if (errors.first) return errors.first;
  return SchemaViolation{"", "schema validation failed (code " + std::to_string(rc) + ")", 0};
}

std::optional<std::string> xpath_syntax_error(const std::string& xpath) {
  initialize_libxml();
  std::string errors;
  Context context = new_context(nullptr, {}, &errors);
  if (!context) return "cannot create an XPath context";
  xmlXPathCompExprPtr compiled = xmlXPathCtxtCompile(context.get(), xml(xpath));
  if (compiled) {
    xmlXPathFreeCompExpr(compiled);
    return std::nullopt;
  }
  return errors.empty() ? "invalid XPath expression" : errors;
}

}  // namespace erpbridge::sap_xml
