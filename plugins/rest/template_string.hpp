// Strings with {{ lua expression }} parts, used for paths, query values and headers:
// "/orders/{{refs.order_erp_id}}/cancel". An expression ends at the first "}}".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <erpbridge/expected.hpp>

namespace erpbridge::rest {

struct TemplatePart {
  std::string literal;  // used when chunk < 0
  int chunk = -1;       // the compiled expression's chunk id
};

struct TemplateString {
  std::vector<TemplatePart> parts;
  bool is_literal() const { return parts.size() <= 1 && (parts.empty() || parts[0].chunk < 0); }
};

// How an expression's value is put into the result (literal parts are used as written).
enum class TemplateEncoding {
  none,            // headers: as is (line breaks are refused by the caller)
  path_segment,    // paths: values percent-encoded except A-Z a-z 0-9 - . _ ~, literals as written
  query_component  // query values: values and literals percent-encoded
};

// Splits `text`; `add_expression` receives each expression's code and returns its chunk id.
// Fails on an unclosed "{{" or an empty expression.
sdk::Expected<TemplateString> parse_template(std::string_view text,
                                             const std::function<int(std::string)>& add_expression);

void percent_encode(std::string_view text, std::string& out);

// Appends the expansion of `value` to `out`; `evaluate(chunk)` returns sdk::Expected<std::string>.
// Returns the first evaluation error.
template <typename Evaluate>
std::optional<std::string> expand_template(const TemplateString& value, TemplateEncoding encoding,
                                           std::string& out, Evaluate&& evaluate) {
  for (const auto& part : value.parts) {
    if (part.chunk < 0) {
      if (encoding == TemplateEncoding::query_component)
        percent_encode(part.literal, out);
      else
        out += part.literal;
      continue;
    }
    auto text = evaluate(part.chunk);
    if (!text) return text.error();
    if (encoding == TemplateEncoding::none)
      out += *text;
    else
      percent_encode(*text, out);
  }
  return std::nullopt;
}

}  // namespace erpbridge::rest
