#include "plugin/plugin_result.hpp"

#include <erpbridge/json_pointer.hpp>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <optional>

namespace erpbridge::plugin {

namespace {

namespace json = boost::json;

std::optional<ResultClass> map_result_class(erpb_result_class cls) {
  switch (static_cast<int>(cls)) {
    case ERPB_RESULT_OK:
      return ResultClass::ok;
    case ERPB_RESULT_INVALID:
      return ResultClass::invalid;
    case ERPB_RESULT_RETRYABLE:
      return ResultClass::retryable;
    case ERPB_RESULT_PERMANENT:
      return ResultClass::permanent;
    case ERPB_RESULT_IN_DOUBT:
      return ResultClass::in_doubt;
  }
  return std::nullopt;
}

// Cuts at a code point boundary, so a bounded excerpt is still valid UTF-8.
void truncate_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
}

std::optional<std::int64_t> as_integer(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

// Each reader fills one field and returns the problem, if any. A JSON null counts as absent so
// that plugins may serialise empty optionals naively.
using Problem = std::optional<std::string>;

Problem read_string(const json::object& o, const char* key, std::string& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) return std::string(key) + " must be a string";
  out = std::string(v->get_string());
  return std::nullopt;
}

Problem read_bool(const json::object& o, const char* key, std::optional<bool>& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) return std::string(key) + " must be true or false";
  out = v->get_bool();
  return std::nullopt;
}

Problem read_erp_id(const json::object& o, DeliveryResult& r) {
  std::string id;
  if (auto problem = read_string(o, "erp_id", id)) return problem;
  if (o.if_contains("erp_id") && !o.at("erp_id").is_null()) {
    if (id.empty()) return std::string("erp_id must not be empty");
    r.erp_id = std::move(id);
  }
  return std::nullopt;
}

Problem read_line_ids(const json::object& o, DeliveryResult& r) {
  const json::value* v = o.if_contains("line_erp_ids");
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_object()) return std::string("line_erp_ids must be an object");
  for (const auto& [line, id] : v->get_object()) {
    if (!id.is_string() || id.get_string().empty())
      return "line_erp_ids." + std::string(line) + " must be a non-empty string";
    r.line_erp_ids[std::string(line)] = std::string(id.get_string());
  }
  return std::nullopt;
}

Problem read_numbers(const json::object& o, DeliveryResult& r) {
  if (const json::value* v = o.if_contains("http_status"); v && !v->is_null()) {
    auto status = as_integer(*v);
    if (!status || !(*status == 0 || (*status >= 100 && *status <= 599)))
      return std::string("http_status must be 0 or an HTTP status code");
    r.http_status = static_cast<int>(*status);
  }
  if (const json::value* v = o.if_contains("retry_after_ms"); v && !v->is_null()) {
    auto ms = as_integer(*v);
    if (!ms || *ms < 0) return std::string("retry_after_ms must be a non-negative integer");
    r.retry_after = std::chrono::milliseconds(*ms);
  }
  return std::nullopt;
}

Problem read_fields(const json::object& o, DeliveryResult& r) {
  Problem problem;
  if ((problem = read_erp_id(o, r))) return problem;
  if ((problem = read_bool(o, "success", r.success))) return problem;
  if ((problem = read_bool(o, "found", r.found))) return problem;
  if ((problem = read_line_ids(o, r))) return problem;
  if ((problem = read_numbers(o, r))) return problem;
  if ((problem = read_string(o, "message", r.message))) return problem;
  if ((problem = read_string(o, "body_excerpt", r.body_excerpt))) return problem;
  truncate_utf8(r.message, kMaxMessageBytes);
  truncate_utf8(r.body_excerpt, kMaxBodyExcerptBytes);
  return std::nullopt;
}

}  // namespace

DeliveryResult parse_plugin_result(erpb_result_class cls, const char* data, std::size_t size) {
  const auto result_class = map_result_class(cls);
  if (!result_class)
    return DeliveryResult::failure(
        ResultClass::permanent,
        "plugin returned an unknown result class " + std::to_string(static_cast<int>(cls)));
  boost::system::error_code ec;
  const json::value parsed = json::parse(std::string_view(data ? data : "", data ? size : 0), ec);
  if (ec)
    return DeliveryResult::failure(ResultClass::permanent,
                                   "plugin returned invalid result JSON (" + ec.message() + ")");
  if (!parsed.is_object())
    return DeliveryResult::failure(ResultClass::permanent,
                                   "plugin returned result JSON that is not an object");
  DeliveryResult result;
  result.result_class = *result_class;
  if (auto problem = read_fields(parsed.get_object(), result))
    return DeliveryResult::failure(ResultClass::permanent,
                                   "plugin returned an invalid result: " + *problem);
  if (result.ok() && !result.erp_id && !result.success && !result.found)
    return DeliveryResult::failure(ResultClass::permanent,
                                   "plugin reported ok without erp_id, success or found");
  if (!result.ok() && result.message.empty())
    result.message =
        std::string("plugin reported ") + to_string(*result_class) + " without a message";
  return result;
}

DeliveryResult check_lookup_result(DeliveryResult result) {
  if (!result.ok()) return result;
  if (!result.found)
    return DeliveryResult::failure(ResultClass::permanent,
                                   "plugin returned a lookup result without \"found\"");
  if (*result.found && !result.erp_id)
    return DeliveryResult::failure(ResultClass::permanent,
                                   "plugin found the document but returned no erp_id");
  return result;
}

std::string settings_key_to_pointer(std::string_view key) {
  if (key.empty() || key.front() == '/') return std::string(key);
  // A dotted key from an older plugin: each part becomes one pointer token.
  std::string pointer;
  std::size_t start = 0;
  for (std::size_t dot = key.find('.');; dot = key.find('.', start)) {
    const std::string_view part =
        key.substr(start, dot == std::string_view::npos ? dot : dot - start);
    pointer = sdk::child_pointer(pointer, part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return pointer;
}

ConnectorSettingsError parse_settings_error(std::string_view text, const std::string& plugin_name) {
  ConnectorSettingsError error{"", "plugin " + plugin_name + " refused the settings"};
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    if (!text.empty()) error.message += " (its error report is not a JSON object)";
    return error;
  }
  const json::object& o = parsed.get_object();
  if (const json::value* key = o.if_contains("key"); key && key->is_string())
    error.pointer = settings_key_to_pointer(key->get_string());
  if (const json::value* message = o.if_contains("message");
      message && message->is_string() && !message->get_string().empty()) {
    error.message = std::string(message->get_string());
    truncate_utf8(error.message, kMaxMessageBytes);
  }
  return error;
}

}  // namespace erpbridge::plugin
