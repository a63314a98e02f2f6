#include "reply_document.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace erpbridge::rest {
namespace {

const boost::json::value* at_pointer(const boost::json::value& root, const std::string& pointer) {
  boost::system::error_code ignored;
  return root.find_pointer(pointer, ignored);
}

const XmlNamespaces kNoNamespaces;

}  // namespace

bool is_json_pointer(std::string_view pointer) {
  if (pointer.empty()) return true;
  if (pointer.front() != '/') return false;
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] != '~') continue;
    if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return false;
  }
  return true;
}

std::optional<std::string> json_scalar_text(const boost::json::value& value) {
  char buffer[32];
  switch (value.kind()) {
    case boost::json::kind::string:
      if (value.get_string().empty()) return std::nullopt;
      return std::string(value.get_string());
    case boost::json::kind::int64:
      return std::string(buffer, std::to_chars(buffer, buffer + 32, value.get_int64()).ptr);
    case boost::json::kind::uint64:
      return std::string(buffer, std::to_chars(buffer, buffer + 32, value.get_uint64()).ptr);
    case boost::json::kind::double_:
      return std::string(buffer, std::to_chars(buffer, buffer + 32, value.get_double()).ptr);
    case boost::json::kind::bool_:
      return value.get_bool() ? "true" : "false";
    default:
      return std::nullopt;
  }
}

sdk::Expected<ReplyDocument> ReplyDocument::parse(Format format, std::string_view body,
                                                  const XmlNamespaces* namespaces) {
  ReplyDocument document;
  document.format_ = format;
  document.namespaces_ = namespaces ? namespaces : &kNoNamespaces;
  if (format == Format::xml) {
    auto xml = sdk::XmlDocument::parse(body);
    if (!xml) return sdk::Failure{"reply is not usable XML: " + xml.error()};
    document.xml_ = std::move(*xml);
    return document;
  }
  boost::system::error_code error;
  document.json_ = boost::json::parse(body, error);
  if (error) return sdk::Failure{"reply is not valid JSON: " + error.message()};
  return document;
}

std::optional<std::string> ReplyDocument::text_at(const std::string& locator) const {
  if (format_ == Format::xml) return xml_->text_at(locator, *namespaces_);
  const boost::json::value* found = at_pointer(json_, locator);
  return found ? json_scalar_text(*found) : std::nullopt;
}

std::vector<std::pair<std::string, std::string>> ReplyDocument::line_ids(
    const LineIdsLocator& locator) const {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (format_ == Format::xml) {
    // A line without either id is skipped, as in JSON.
    for (auto& record : xml_->records_at(locator.array, {locator.our, locator.erp}, *namespaces_))
      if (!record[0].empty() && !record[1].empty())
        pairs.emplace_back(std::move(record[0]), std::move(record[1]));
    return pairs;
  }
  const boost::json::value* lines = at_pointer(json_, locator.array);
  if (!lines || !lines->is_array()) return pairs;
  for (const auto& line : lines->get_array()) {
    const boost::json::value* ours = at_pointer(line, locator.our);
    const boost::json::value* theirs = at_pointer(line, locator.erp);
    auto our_text = ours ? json_scalar_text(*ours) : std::nullopt;
    auto erp_text = theirs ? json_scalar_text(*theirs) : std::nullopt;
    if (our_text && erp_text) pairs.emplace_back(std::move(*our_text), std::move(*erp_text));
  }
  return pairs;
}

boost::json::value ReplyDocument::view() const {
  return format_ == Format::xml ? xml_->json_view() : json_;
}

}  // namespace erpbridge::rest
