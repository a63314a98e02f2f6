// An ERP reply body read as the event's format says: JSON with JSON-pointer locators, or XML
// with XPath locators. The connector asks it for the new id, an error message, line ids and
// the `reply` value the success expression sees.
#pragma once

#include <erpbridge/xml.hpp>

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <erpbridge/expected.hpp>

namespace erpbridge::rest {

using sdk::XmlNamespaces;  // prefix, URI

enum class Format { json, xml };

// Where line ids are in a reply: `array` selects the line entries; `our` and `erp` are read
// relative to each entry (JSON pointers, or relative XPaths).
struct LineIdsLocator {
  std::string array;
  std::string our;
  std::string erp;
};

class ReplyDocument {
 public:
  static sdk::Expected<ReplyDocument> parse(Format format, std::string_view body,
                                            const XmlNamespaces* namespaces = nullptr);

  // Text at `locator`: strings as they are, numbers in JSON form, booleans as true/false.
  // nullopt when absent, null, empty, or an object/array.
  std::optional<std::string> text_at(const std::string& locator) const;

  // Our line id -> ERP line id, in reply order.
  std::vector<std::pair<std::string, std::string>> line_ids(const LineIdsLocator& locator) const;

  // The reply for Lua: the JSON value itself, or the XML table view.
  boost::json::value view() const;

 private:
  ReplyDocument() = default;

  Format format_ = Format::json;
  boost::json::value json_;
  std::optional<sdk::XmlDocument> xml_;
  const XmlNamespaces* namespaces_ = nullptr;
};

// Text of a scalar JSON value as text_at() gives it; nullopt for null, "" and containers.
std::optional<std::string> json_scalar_text(const boost::json::value& value);

// Whether `pointer` is a syntactically valid JSON pointer (RFC 6901).
bool is_json_pointer(std::string_view pointer);

}  // namespace erpbridge::rest
