#include "rest_settings.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/xml.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>

#include "settings_section.hpp"
#include "sync_back_settings.hpp"
#include "xml_writer.hpp"

namespace erpbridge::rest {
namespace {

using boost::json::object;
using boost::json::value;

constexpr std::array<std::string_view, 4> kEventTypes = {"customer.created", "order.created",
                                                         "order.cancelled", "order.returned"};
constexpr std::array<std::string_view, 5> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};

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

class SettingsParser {
 public:
  RestSettings parse(const object& root) {
    Section top(root, "");
    top.allow_only({"format", "headers", "idempotency_header", "xml_namespaces", "limits", "events",
                    "pull", "push"});
    Format format = parse_format(top, Format::json);
    common_idempotency_header_ = header_name(top, "idempotency_header");
    if (top.has("headers"))
      common_headers_ = headers(Section(*top.find("headers"), top.at("headers")));
    if (top.has("xml_namespaces"))
      parse_namespaces(Section(*top.find("xml_namespaces"), top.at("xml_namespaces")));
    LuaLimits limits;
    if (top.has("limits")) {
      Section section(*top.find("limits"), top.at("limits"));
      section.allow_only({"instructions", "memory_kb"});
      if (auto n = section.integer("instructions", 1000, 1'000'000'000)) limits.instructions = *n;
      if (auto n = section.integer("memory_kb", 64, 1024 * 1024))
        limits.memory_bytes = static_cast<std::size_t>(*n) * 1024;
    }
    if (!top.has("events")) fail("/events", "is required: configure at least one event type");
    Section events(*top.find("events"), "/events");
    if (events.members().empty()) fail("/events", "configure at least one event type");
    for (const auto& member : events.members()) {
      std::string pointer = events.at(member.key());
      if (std::find(kEventTypes.begin(), kEventTypes.end(), member.key()) == kEventTypes.end())
        fail(pointer, "unknown event type '" + std::string(member.key()) +
                          "' (known: customer.created, order.created, order.cancelled, "
                          "order.returned)");
      settings_.events.push_back(event(Section(member.value(), pointer), member.key(), format));
    }
    settings_.sync_back = parse_sync_back_settings(
        top, format,
        {[this](const std::string& pointer, std::string code, ChunkKind kind) {
           return add_chunk(pointer, std::move(code), kind);
         },
         [this](const Section& section, std::string_view method) {
           return request(section, method);
         }});
    settings_.program = std::make_shared<LuaProgram>(std::move(chunks_), limits);
    return std::move(settings_);
  }

 private:
  Format parse_format(const Section& section, Format fallback) {
    auto text = section.string("format");
    if (!text) return fallback;
    if (*text == "json") return Format::json;
    if (*text == "xml") return Format::xml;
    fail(section.at("format"), "must be json or xml, not '" + *text + "'");
  }

  std::string header_name(const Section& section, std::string_view key) {
    auto name = section.string(key);
    if (!name) return {};
    if (!is_token(*name)) fail(section.at(key), "'" + *name + "' is not a valid header name");
    return *name;
  }

  void parse_namespaces(const Section& section) {
    for (const auto& member : section.members()) {
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

  std::vector<std::pair<std::string, TemplateString>> headers(const Section& section) {
    std::vector<std::pair<std::string, TemplateString>> out;
    for (const auto& member : section.members()) {
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

  RequestSpec request(const Section& section, std::string_view default_method) {
    RequestSpec spec;
    spec.method = section.string("method").value_or(std::string(default_method));
    if (std::find(kMethods.begin(), kMethods.end(), spec.method) == kMethods.end())
      fail(section.at("method"),
           "must be one of GET, POST, PUT, PATCH, DELETE, not '" + spec.method + "'");
    std::string path = section.required_string("path");
    if (path.front() != '/' && path.rfind("http://", 0) != 0 && path.rfind("https://", 0) != 0)
      fail(section.at("path"),
           "must start with '/' (relative to the connection's base_url) or "
           "be an absolute http(s) URL");
    spec.path = template_at(section.at("path"), path);
    if (const value* query = section.find("query")) {
      Section q(*query, section.at("query"));
      for (const auto& member : q.members()) {
        std::string pointer = q.at(member.key());
        spec.query.emplace_back(member.key(),
                                template_at(pointer, scalar_text(member.value(), pointer)));
      }
    }
    spec.headers = common_headers_;
    if (const value* own = section.find("headers")) {
      for (auto& header : headers(Section(*own, section.at("headers")))) {
        std::erase_if(spec.headers,
                      [&](const auto& h) { return same_name(h.first, header.first); });
        spec.headers.push_back(std::move(header));
      }
    }
    if (auto body = section.string("body")) {
      if (body->find_first_not_of(" \t\r\n") == std::string::npos)
        fail(section.at("body"), "must not be empty");
      spec.body_chunk = add_chunk(section.at("body"), std::move(*body), ChunkKind::body);
    }
    if (auto timeout = section.integer("timeout_ms", 1, 3'600'000))
      spec.timeout_ms = static_cast<std::uint32_t>(*timeout);
    return spec;
  }

  std::string locator(const Section& section, std::string_view key, Format format,
                      bool relative = false) {
    std::string text = section.required_string(key);
    std::string pointer = section.at(key);
    if (format == Format::json) {
      if (!is_json_pointer(text))
        fail(pointer, "'" + text + "' is not a valid JSON pointer (like /customerId)");
      return text;
    }
    if (relative && text.front() == '/')
      fail(pointer, "'" + text + "' must be an XPath relative to each selected node (like lineId)");
    if (auto error = sdk::xpath_syntax_error(text))
      fail(pointer, "'" + text + "' is not a valid XPath expression: " + *error);
    return text;
  }

  std::optional<LineIdsLocator> line_ids(const Section& parent, Format format) {
    const value* node = parent.find("line_ids");
    if (!node) return std::nullopt;
    Section section(*node, parent.at("line_ids"));
    section.allow_only({"array", "our", "erp"});
    return LineIdsLocator{locator(section, "array", format), locator(section, "our", format, true),
                          locator(section, "erp", format, true)};
  }

  LookupSpec lookup(const Section& section, Format format, bool creates) {
    section.allow_only({"method", "path", "query", "headers", "id", "line_ids", "timeout_ms"});
    LookupSpec spec;
    spec.request = request(section, "GET");
    if (section.has("id"))
      spec.id = locator(section, "id", format);
    else if (creates)
      fail(section.at("id"), "is required: where the found document's id is in the reply");
    spec.line_ids = line_ids(section, format);
    return spec;
  }

  EventSpec event(const Section& section, std::string_view type, Format default_format) {
    section.allow_only({"format", "method", "path", "query", "headers", "body", "xml_root", "id",
                        "line_ids", "success", "message", "lookup", "idempotency_header",
                        "timeout_ms"});
    EventSpec spec;
    spec.type = type;
    spec.creates = type == "customer.created" || type == "order.created";
    spec.format = parse_format(section, default_format);
    spec.request = request(section, "POST");
    if (auto root = section.string("xml_root")) {
      if (spec.format != Format::xml) fail(section.at("xml_root"), "is only used with format xml");
      if (!is_xml_name(*root)) fail(section.at("xml_root"), "'" + *root + "' is not an XML name");
      spec.xml_root = *root;
    }
    if (section.has("id"))
      spec.id = locator(section, "id", spec.format);
    else if (spec.creates)
      fail(section.at("id"),
           "is required for " + std::string(type) + ": where the new id is in the ERP's reply");
    spec.line_ids = line_ids(section, spec.format);
    if (auto success = section.string("success")) {
      if (success->find_first_not_of(" \t\r\n") == std::string::npos)
        fail(section.at("success"), "must not be empty");
      spec.success_chunk = add_chunk(section.at("success"), *success, ChunkKind::expression);
    }
    if (section.has("message")) spec.message = locator(section, "message", spec.format);
    if (const value* node = section.find("lookup"))
      spec.lookup = lookup(Section(*node, section.at("lookup")), spec.format, spec.creates);
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

const EventSpec* RestSettings::find(std::string_view event_type) const {
  for (const auto& spec : events)
    if (spec.type == event_type) return &spec;
  return nullptr;
}

RestSettings parse_rest_settings(const boost::json::object& settings) {
  return SettingsParser().parse(settings);
}

}  // namespace erpbridge::rest
