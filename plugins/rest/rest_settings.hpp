// The tenant's `settings:` for the rest connector, declared as SDK settings tables and validated
// once at construction. Every
// problem is reported as sdk::SettingsError with the JSON pointer of the offending setting
// ("/events/order.created/path"), so the host can name the file line. README.md documents
// each setting.
#pragma once

#include <erpbridge/settings.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lua_runtime.hpp"
#include "reply_document.hpp"
#include "template_string.hpp"

namespace erpbridge::rest {

struct RequestSpec {
  std::string method;
  TemplateString path;
  std::vector<std::pair<std::string, TemplateString>> query;
  std::vector<std::pair<std::string, TemplateString>> headers;  // tenant-wide ones included
  int body_chunk = -1;
  std::uint32_t timeout_ms = 0;
};

struct LookupSpec {
  RequestSpec request;
  std::optional<std::string> id;
  std::optional<LineIdsLocator> line_ids;
};

struct EventSpec {
  std::string type;
  bool creates = false;  // customer.created, order.created: the reply must carry the new id
  Format format = Format::json;
  RequestSpec request;
  std::string xml_root;
  std::optional<std::string> id;
  std::optional<LineIdsLocator> line_ids;
  int success_chunk = -1;
  std::optional<std::string> message;
  std::optional<LookupSpec> lookup;
  std::string idempotency_header;
};

struct SyncBackSettings;  // sync_back_settings.hpp

struct RestSettings {
  std::vector<EventSpec> events;
  XmlNamespaces xml_namespaces;
  std::shared_ptr<const LuaProgram> program;
  std::shared_ptr<const SyncBackSettings> sync_back;  // null without `pull:` and `push:`

  const EventSpec* find(std::string_view event_type) const;
};

// Throws sdk::SettingsError.
RestSettings parse_rest_settings(const boost::json::object& settings);

// The top level of `settings:` as declared, for docs.
std::span<const sdk::Setting> rest_settings_schema();

// `section`'s own `format` (json or xml), else `fallback`. Throws sdk::SettingsError.
Format parse_format(const sdk::SettingsReader& section, Format fallback);

}  // namespace erpbridge::rest
