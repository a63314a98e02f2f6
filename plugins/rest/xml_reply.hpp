// An ERP's XML reply, parsed with libxml2: ids by XPath, and the table view the `success`
// expression sees as `reply`. Parsing never touches the network, never loads a DTD and
// refuses documents that declare one (no entity tricks).
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expected.hpp"

struct _xmlDoc;

namespace erpbridge::rest {

using XmlNamespaces = std::vector<std::pair<std::string, std::string>>;  // prefix, URI

class XmlReply {
 public:
  static Expected<XmlReply> parse(std::string_view body);

  // The trimmed string value of what `xpath` selects (the first node of a node set), or
  // nullopt when it selects nothing or only whitespace.
  std::optional<std::string> text_at(const std::string& xpath,
                                     const XmlNamespaces& namespaces) const;

  // For each node `array` selects: the texts of `first` and `second`, XPaths relative to that
  // node. Nodes where either is missing are skipped.
  std::vector<std::pair<std::string, std::string>> pairs_at(const std::string& array,
                                                            const std::string& first,
                                                            const std::string& second,
                                                            const XmlNamespaces& namespaces) const;

  // The root element as JSON-like data: an element with child elements or attributes becomes
  // an object of children by name (an array when a name repeats; attributes under "_attr",
  // own text under "_text"); any other element becomes its text.
  boost::json::value table_view() const;

 private:
  struct DocumentDeleter {
    void operator()(_xmlDoc* document) const;
  };
  explicit XmlReply(_xmlDoc* document) : document_(document) {}

  std::unique_ptr<_xmlDoc, DocumentDeleter> document_;
};

// libxml2's message when `xpath` does not compile, for settings validation.
std::optional<std::string> xpath_syntax_error(const std::string& xpath);

}  // namespace erpbridge::rest
