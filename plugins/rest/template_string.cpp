#include "template_string.hpp"

namespace erpbridge::rest {
namespace {

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

sdk::Expected<TemplateString> parse_template(
    std::string_view text, const std::function<int(std::string)>& add_expression) {
  TemplateString result;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t open = text.find("{{", position);
    if (open == std::string_view::npos) {
      result.parts.push_back({std::string(text.substr(position)), -1});
      break;
    }
    if (open > position)
      result.parts.push_back({std::string(text.substr(position, open - position)), -1});
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return sdk::Failure{"'{{' without a closing '}}'"};
    std::string_view code = text.substr(open + 2, close - open - 2);
    if (is_blank(code)) return sdk::Failure{"empty '{{ }}' expression"};
    result.parts.push_back({{}, add_expression(std::string(code))});
    position = close + 2;
  }
  return result;
}

void percent_encode(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
}

}  // namespace erpbridge::rest
