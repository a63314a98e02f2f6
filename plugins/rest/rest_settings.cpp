#include "rest_settings.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>
#include <erpbridge/settings.hpp>
#include <erpbridge/xml.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>

#include "sync_back_settings.hpp"
#include "xml_writer.hpp"

namespace erpbridge::rest {
namespace {

using boost::json::object;
using boost::json::value;
using sdk::json_kind_name;
using sdk::Setting;
using sdk::SettingsReader;
using sdk::SettingType;

constexpr std::array<std::string_view, 4> kEventTypes = {"customer.created", "order.created",
                                                         "order.cancelled", "order.returned"};
constexpr std::array<std::string_view, 5> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};

const Setting kLimitSettings[] = {
    {.key = "instructions",
     .type = SettingType::integer,
     .description = "Lua instructions one mapping may run",
     .min = 1000,
     .max = 1'000'000'000},
    {.key = "memory_kb",
     .type = SettingType::integer,
     .description = "memory one connector's Lua state may use, in KiB",
     .min = 64,
     .max = 1024 * 1024},
};

const Setting kLineIdSettings[] = {
    {.key = "array", .required = true, .description = "the list of lines in the reply"},
    {.key = "our", .required = true, .description = "our line id, relative to a line"},
    {.key = "erp", .required = true, .description = "the ERP's line id, relative to a line"},
};

// The request keys an event, a lookup and a pull feed share.
Setting method_setting() {
  return {.key = "method", .description = "HTTP method: GET, POST, PUT, PATCH or DELETE"};
}
Setting path_setting() {
  return {.key = "path",
          .required = true,
          .description =
              "request target: '/...' under the connection's base_url, or an "
              "absolute http(s) URL; {{ }} templates"};
}
Setting query_setting() {
  return {.key = "query",
          .type = SettingType::mapping,
          .description = "query parameters, each value a {{ }} template"};
}
Setting headers_setting() {
  return {.key = "headers",
          .type = SettingType::mapping,
          .description = "headers over the tenant-wide ones, {{ }} templates"};
}
Setting timeout_setting() {
  return {.key = "timeout_ms",
          .type = SettingType::integer,
          .description = "read timeout of this request in milliseconds",
          .min = 1,
          .max = 3'600'000};
}
Setting format_setting() {
  return {.key = "format", .description = "json or xml, over the top-level format"};
}
Setting line_ids_setting() {
  return {.key = "line_ids",
          .type = SettingType::mapping,
          .description = "where the reply lists the ERP's line ids: array, our, erp",
          .fields = kLineIdSettings};
}

const Setting kLookupSettings[] = {
    method_setting(),
    path_setting(),
    query_setting(),
    headers_setting(),
    {.key = "id", .description = "JSON pointer or XPath of the found document's id"},
    line_ids_setting(),
    timeout_setting(),
};

const Setting kEventSettings[] = {
    format_setting(),
    method_setting(),
    path_setting(),
    query_setting(),
    headers_setting(),
    {.key = "body", .description = "Lua mapping that returns the request body"},
    {.key = "xml_root", .description = "root element of an XML body"},
    {.key = "id", .description = "JSON pointer or XPath of the new id in the reply"},
    line_ids_setting(),
    {.key = "success", .description = "Lua expression: is this reply a success?"},
    {.key = "message", .description = "JSON pointer or XPath of the ERP's error text"},
    {.key = "lookup",
     .type = SettingType::mapping,
     .description = "the request that finds what an in-doubt attempt created",
     .fields = kLookupSettings},
    {.key = "idempotency_header", .description = "over the top-level idempotency_header"},
    timeout_setting(),
};

const Setting kTopSettings[] = {
    {.key = "format",
     .fallback = "json",
     .description = "body format of every request and reply: json or xml"},
    {.key = "headers",
     .type = SettingType::mapping,
     .description = "headers every request carries, {{ }} templates"},
    {.key = "idempotency_header",
     .description = "header that carries the event's idempotency key (like Idempotency-Key)"},
    {.key = "xml_namespaces",
     .type = SettingType::mapping,
     .description = "prefix -> namespace URI, for the XPaths of XML replies"},
    {.key = "limits",
     .type = SettingType::mapping,
     .description = "the Lua sandbox's limits: instructions, memory_kb",
     .fields = kLimitSettings},
    {.key = "events",
     .type = SettingType::mapping,
     .description = "per event type: the request to send and how to read its reply",
     .fields = kEventSettings,
     .each = true,
     .each_name = "event type"},
    {.key = "pull",
     .type = SettingType::mapping,
     .description = "sync back by pull: the feeds",
     .fields = pull_feed_settings_schema(),
     .each = true,
     .each_name = "feed"},
    {.key = "push",
     .type = SettingType::mapping,
     .description = "sync back by push: inventory and order_status mappings",
     .fields = push_settings_schema(),
     .each = true,
     .each_name = "kind"},
};

[[noreturn]] void fail(const std::string& pointer, const std::string& message) {
  throw sdk::SettingsError(pointer, message);
}

bool is_token(std::string_view name) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Format parse_format(const SettingsReader& section, Format fallback) {
  if (!section.has("format")) return fallback;
  const std::string text = section.string("format");
  if (text == "json") return Format::json;
  if (text == "xml") return Format::xml;
  section.fail("format", "must be json or xml, not '" + text + "'");
}

namespace {

// Text of a scalar setting value (query parameters and headers may be numbers or booleans).
std::string scalar_text(const value& v, const std::string& pointer) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_double()) {
    char buffer[32];
    return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, v.get_double()).ptr);
  }
  fail(pointer, std::string("must be a string, number or boolean, not ") + json_kind_name(v));
}

// A free-form mapping of the settings (headers, query, namespaces): its members and pointer.
struct Members {
  const object& members;
  std::string pointer;

  std::string at(std::string_view key) const { return sdk::child_pointer(pointer, key); }
};

Members members_of(const SettingsReader& section, std::string_view key) {
  static const object kEmpty;
  const value* v = section.find(key);
  return {v ? v->get_object() : kEmpty, section.at(key)};
}

class SettingsParser {
 public:
  RestSettings parse(const object& root) {
    const SettingsReader top(root, "", kTopSettings);
    Format format = parse_format(top, Format::json);
    common_idempotency_header_ = header_name(top, "idempotency_header");
    common_headers_ = headers(members_of(top, "headers"));
    parse_namespaces(members_of(top, "xml_namespaces"));
    LuaLimits limits;
    if (top.has("limits")) {
      const SettingsReader section = top.section("limits", kLimitSettings);
      if (auto n = section.optional_integer("instructions")) limits.instructions = *n;
      if (auto n = section.optional_integer("memory_kb"))
        limits.memory_bytes = static_cast<std::size_t>(*n) * 1024;
    }
    if (!top.has("events")) fail("/events", "is required: configure at least one event type");
    const Members events = members_of(top, "events");
    if (events.members.empty()) fail("/events", "configure at least one event type");
    for (const auto& member : events.members) {
      std::string pointer = events.at(member.key());
      if (std::find(kEventTypes.begin(), kEventTypes.end(), member.key()) == kEventTypes.end())
        fail(pointer, "unknown event type '" + std::string(member.key()) +
                          "' (known: customer.created, order.created, order.cancelled, "
                          "order.returned)");
      settings_.events.push_back(
          event(SettingsReader(member.value(), pointer, kEventSettings), member.key(), format));
    }
    settings_.sync_back = parse_sync_back_settings(
        top, format,
        {[this](const std::string& pointer, std::string code, ChunkKind kind) {
           return add_chunk(pointer, std::move(code), kind);
         },
         [this](const SettingsReader& section, std::string_view method) {
           return request(section, method);
         }});
    settings_.program = std::make_shared<LuaProgram>(std::move(chunks_), limits);
    return std::move(settings_);
  }

 private:
  std::string header_name(const SettingsReader& section, std::string_view key) {
    auto name = section.optional_string(key);
    if (!name) return {};
    if (!is_token(*name)) section.fail(key, "'" + *name + "' is not a valid header name");
    return *name;
  }

  void parse_namespaces(const Members& section) {
    for (const auto& member : section.members) {
      std::string pointer = section.at(member.key());
      if (!is_xml_name(member.key()) || member.key().find(':') != std::string_view::npos)
        fail(pointer, "'" + std::string(member.key()) + "' is not a valid namespace prefix");
      if (!member.value().is_string())
        fail(pointer,
             std::string("must be a namespace URI string, not ") + json_kind_name(member.value()));
      settings_.xml_namespaces.emplace_back(member.key(), member.value().get_string());
    }
  }

  int add_chunk(const std::string& pointer, std::string code, ChunkKind kind) {
    ChunkSource chunk{pointer, std::move(code), kind};
    if (auto error = chunk_syntax_error(chunk)) fail(pointer, "Lua syntax error: " + *error);
    chunks_.push_back(std::move(chunk));
    return static_cast<int>(chunks_.size()) - 1;
  }

  TemplateString template_at(const std::string& pointer, std::string_view text) {
    auto parsed = parse_template(text, [&](std::string code) {
      return add_chunk(pointer, std::move(code), ChunkKind::expression);
    });
    if (!parsed) fail(pointer, parsed.error());
    return std::move(*parsed);
  }

  std::vector<std::pair<std::string, TemplateString>> headers(const Members& section) {
    std::vector<std::pair<std::string, TemplateString>> out;
    for (const auto& member : section.members) {
      std::string pointer = section.at(member.key());
      if (!is_token(member.key()))
        fail(pointer, "'" + std::string(member.key()) + "' is not a valid header name");
      if (same_name(member.key(), "Content-Length") ||
          same_name(member.key(), "Transfer-Encoding") || same_name(member.key(), "Host"))
        fail(pointer, "the host sets " + std::string(member.key()) + " itself");
      std::string text = scalar_text(member.value(), pointer);
      if (text.find_first_of("\r\n") != std::string::npos)
        fail(pointer, "a header value must not contain a line break");
      out.emplace_back(member.key(), template_at(pointer, text));
    }
    return out;
  }

  // The request keys of `section` (an event, a lookup or a pull feed): method, path, query,
  // headers, body (events only), timeout_ms.
  RequestSpec request(const SettingsReader& section, std::string_view default_method) {
    RequestSpec spec;
    spec.method = section.optional_string("method").value_or(std::string(default_method));
    if (std::find(kMethods.begin(), kMethods.end(), spec.method) == kMethods.end())
      section.fail("method",
                   "must be one of GET, POST, PUT, PATCH, DELETE, not '" + spec.method + "'");
    std::string path = section.string("path");
    if (path.front() != '/' && path.rfind("http://", 0) != 0 && path.rfind("https://", 0) != 0)
      section.fail("path",
                   "must start with '/' (relative to the connection's base_url) or "
                   "be an absolute http(s) URL");
    spec.path = template_at(section.at("path"), path);
    const Members query = members_of(section, "query");
    for (const auto& member : query.members) {
      std::string pointer = query.at(member.key());
      spec.query.emplace_back(member.key(),
                              template_at(pointer, scalar_text(member.value(), pointer)));
    }
    spec.headers = common_headers_;
    for (auto& header : headers(members_of(section, "headers"))) {
      std::erase_if(spec.headers, [&](const auto& h) { return same_name(h.first, header.first); });
      spec.headers.push_back(std::move(header));
    }
    if (section.has("body")) {
      std::string body = section.string("body");
      if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        section.fail("body", "must not be empty");
      spec.body_chunk = add_chunk(section.at("body"), std::move(body), ChunkKind::body);
    }
    if (auto timeout = section.optional_integer("timeout_ms"))
      spec.timeout_ms = static_cast<std::uint32_t>(*timeout);
    return spec;
  }

  std::string locator(const SettingsReader& section, std::string_view key, Format format,
                      bool relative = false) {
    std::string text = section.string(key);
    if (format == Format::json) {
      if (!is_json_pointer(text))
        section.fail(key, "'" + text + "' is not a valid JSON pointer (like /customerId)");
      return text;
    }
    if (relative && text.front() == '/')
      section.fail(key,
                   "'" + text + "' must be an XPath relative to each selected node (like lineId)");
    if (auto error = sdk::xpath_syntax_error(text))
      section.fail(key, "'" + text + "' is not a valid XPath expression: " + *error);
    return text;
  }

  std::optional<LineIdsLocator> line_ids(const SettingsReader& parent, Format format) {
    if (!parent.has("line_ids")) return std::nullopt;
    const SettingsReader section = parent.section("line_ids", kLineIdSettings);
    return LineIdsLocator{locator(section, "array", format), locator(section, "our", format, true),
                          locator(section, "erp", format, true)};
  }

  LookupSpec lookup(const SettingsReader& section, Format format, bool creates) {
    LookupSpec spec;
    spec.request = request(section, "GET");
    if (section.has("id"))
      spec.id = locator(section, "id", format);
    else if (creates)
      section.fail("id", "is required: where the found document's id is in the reply");
    spec.line_ids = line_ids(section, format);
    return spec;
  }

  EventSpec event(const SettingsReader& section, std::string_view type, Format default_format) {
    EventSpec spec;
    spec.type = type;
    spec.creates = type == "customer.created" || type == "order.created";
    spec.format = parse_format(section, default_format);
    spec.request = request(section, "POST");
    if (auto root = section.optional_string("xml_root")) {
      if (spec.format != Format::xml) section.fail("xml_root", "is only used with format xml");
      if (!is_xml_name(*root)) section.fail("xml_root", "'" + *root + "' is not an XML name");
      spec.xml_root = *root;
    }
    if (section.has("id"))
      spec.id = locator(section, "id", spec.format);
    else if (spec.creates)
      section.fail("id", "is required for " + std::string(type) +
                             ": where the new id is in the ERP's reply");
    spec.line_ids = line_ids(section, spec.format);
    if (auto success = section.optional_string("success")) {
      if (success->find_first_not_of(" \t\r\n") == std::string::npos)
        section.fail("success", "must not be empty");
      spec.success_chunk = add_chunk(section.at("success"), *success, ChunkKind::expression);
    }
    if (section.has("message")) spec.message = locator(section, "message", spec.format);
    if (section.has("lookup"))
      spec.lookup = lookup(section.section("lookup", kLookupSettings), spec.format, spec.creates);
    spec.idempotency_header = header_name(section, "idempotency_header");
    if (spec.idempotency_header.empty()) spec.idempotency_header = common_idempotency_header_;
    return spec;
  }

  RestSettings settings_;
  std::vector<ChunkSource> chunks_;
  std::vector<std::pair<std::string, TemplateString>> common_headers_;
  std::string common_idempotency_header_;
};

}  // namespace

std::span<const sdk::Setting> rest_settings_schema() {
  return kTopSettings;
}

const EventSpec* RestSettings::find(std::string_view event_type) const {
  for (const auto& spec : events)
    if (spec.type == event_type) return &spec;
  return nullptr;
}

RestSettings parse_rest_settings(const boost::json::object& settings) {
  return SettingsParser().parse(settings);
}

}  // namespace erpbridge::rest
