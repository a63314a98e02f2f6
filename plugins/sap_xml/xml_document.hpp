// A parsed XML document (an ERP reply or an IDoc we built) with XPath queries, and an XSD
// schema that validates documents. Thin RAII over libxml2.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct _xmlDoc;
struct _xmlNode;
struct _xmlSchema;

namespace erpbridge::sap_xml {

using XmlNamespaces = std::map<std::string, std::string>;  // prefix -> URI

class XmlDocument {
 public:
  // Parses without network access, entity expansion or DTDs; nullopt and `error` set when the
  // text is not well-formed.
  static std::optional<XmlDocument> parse(std::string_view text, std::string* error = nullptr);

  // The root element's local name and namespace URI ("" when none).
  std::string root_name() const;
  std::string root_namespace() const;
  // The trimmed text of the first node `xpath` selects (or of its string value); nullopt when
  // nothing or only whitespace is selected.
  std::optional<std::string> text_at(const std::string& xpath,
                                     const XmlNamespaces& namespaces = {}) const;
  // For every node `xpath` selects, the texts of the relative XPaths `fields` ("" if absent).
  std::vector<std::vector<std::string>> records_at(const std::string& xpath,
                                                   const std::vector<std::string>& fields,
                                                   const XmlNamespaces& namespaces = {}) const;
  _xmlDoc* raw() const { return document_.get(); }

 private:
  struct Deleter {
    void operator()(_xmlDoc* document) const;
  };
  explicit XmlDocument(_xmlDoc* document) : document_(document, Deleter{}) {}
  std::shared_ptr<_xmlDoc> document_;
};

// Where a document breaks its schema: the element and libxml2's message.
struct SchemaViolation {
  std::string element;
  std::string message;
  int line = 0;
};

class XmlSchema {
 public:
  // Throws std::runtime_error when the XSD cannot be read or compiled.
  explicit XmlSchema(const std::string& xsd_path);
  // The first violation, or nullopt when the document is valid. Thread-safe.
  std::optional<SchemaViolation> validate(const XmlDocument& document) const;

 private:
  std::shared_ptr<_xmlDoc> source_;  // the XSD document, kept while the schema refers to it
  std::shared_ptr<_xmlSchema> schema_;
};

// The message of a syntax error in `xpath`, or nullopt when it compiles.
std::optional<std::string> xpath_syntax_error(const std::string& xpath);

}  // namespace erpbridge::sap_xml
