#include "config/tenant_config.hpp"

#include <algorithm>

#include "config/auth_config.hpp"
#include "config/commerceup_config_reader.hpp"
#include "config/config_section.hpp"
#include "config/endpoint_config_reader.hpp"
#include "config/json_pointer.hpp"
#include "config/yaml_document.hpp"
#include "config/yaml_to_json.hpp"

namespace erpbridge::config {

namespace {

using detail::Section;

constexpr std::uint64_t kDayMs = 24ull * 3600 * 1000;
constexpr std::size_t kMaxNameLength = 64;

// Tenant ids become URL segments, log fields and store keys; connector names become file
// names. Restricting both to [A-Za-z0-9_-] keeps them safe everywhere.
bool is_name(std::string_view s) {
  return !s.empty() && s.size() <= kMaxNameLength && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string read_name(const Section& top, std::string_view key, std::string_view what) {
  ExpandedText text = top.required_string(key);
  if (!is_name(text.value)) {
    top.fail(key, "invalid " + std::string(what) + " " + detail::describe_text(text) +
                      "; use 1 to 64 letters, digits, '_' or '-'");
  }
  return text.value;
}

DeliverySettings read_delivery(const Section& delivery) {
  DeliverySettings out;
  out.max_attempts =
      static_cast<int>(delivery.number("max_attempts", out.max_attempts, 1, 1000, "attempts"));
  out.max_age = std::chrono::seconds(
      delivery.number("max_age_s", out.max_age.count(), 1, 365 * 24 * 3600, "seconds"));
  out.concurrency =
      static_cast<int>(delivery.number("concurrency", out.concurrency, 1, 1024, "lanes"));
  out.backoff_initial = std::chrono::milliseconds(delivery.number(
      "backoff_initial_ms", out.backoff_initial.count(), 1, kDayMs, "milliseconds"));
  out.backoff_max = std::chrono::milliseconds(
      delivery.number("backoff_max_ms", std::max(out.backoff_max, out.backoff_initial).count(), 1,
                      kDayMs, "milliseconds"));
  if (out.backoff_max < out.backoff_initial) {
    delivery.fail("backoff_max_ms", "must be at least backoff_initial_ms (" +
                                        std::to_string(out.backoff_initial.count()) + ")");
  }
  return out;
}

// "whsec_<base64>" or bare base64 (the Standard Webhooks form); the key is the decoded part.
bool is_webhook_secret(std::string_view s) {
  if (s.starts_with("whsec_")) s.remove_prefix(6);
  while (s.ends_with('=')) s.remove_suffix(1);
  return !s.empty() && s.size() % 4 != 1 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
  });
}

WebhookSettings read_webhook(const Section& webhook) {
  WebhookSettings out;
  out.tolerance = std::chrono::seconds(
      webhook.number("tolerance_s", out.tolerance.count(), 1, 24 * 3600, "seconds"));
  const detail::YamlDocument& doc = webhook.document();
  for (const detail::ListElement& element : webhook.required_list("secrets")) {
    if (!element.node.IsScalar()) {
      doc.fail(element.line, element.path,
               "expected a secret (whsec_<base64>), got " + detail::describe_value(element.node));
    }
    const ReferenceSite site{doc.file_name(), element.line, element.path, doc.base_dir()};
    ExpandedText text = expand_references(element.node.Scalar(), site);
    // The value is never shown: it is a secret, wherever it came from.
    if (!is_webhook_secret(text.value)) {
      doc.fail(element.line, element.path,
               "expected whsec_<base64> (Standard Webhooks), got something else (not shown)");
    }
    out.secrets.emplace_back(std::move(text.value));
  }
  if (out.secrets.empty()) {
    webhook.fail("secrets", "needs at least one secret; leave out `webhook` for unsigned calls");
  }
  return out;
}

// Free-form: the connector validates it. An absent or empty `settings:` is an empty object,
// so connectors always receive an object.
void read_settings(const Section& top, TenantConfig& out) {
  out.settings = boost::json::object();
  const YAML::Node* node = top.find("settings");
  if (node == nullptr) return;
  out.settings_line = top.line("settings");
  if (node->IsNull()) return;
  if (!node->IsMap()) {
    top.fail("settings", "expected a map, got " + detail::describe_value(*node));
  }
  detail::JsonWithLines json = detail::yaml_to_json(top.document(), *node, "settings");
  out.settings = std::move(json.value);
  out.settings_lines = std::move(json.lines);
}

TenantConfig read_tenant_config(const detail::YamlDocument& doc,
                                const std::filesystem::path& file) {
  const Section top = Section::top(doc, {"tenant", "inbound", "connector", "connection", "settings",
                                         "delivery", "webhook", "commerceup"});
  TenantConfig out;
  out.file = file;
  out.id = read_name(top, "tenant", "tenant id");
  out.id_line = top.line("tenant");
  out.credentials = detail::read_credential_list(top, "inbound", "no caller");
  out.connector = read_name(top, "connector", "connector name");
  out.connection = detail::read_endpoint(top.section("connection", detail::connection_keys()));
  read_settings(top, out);
  if (auto delivery = top.optional_section(
          "delivery", std::vector<std::string>{"max_attempts", "max_age_s", "concurrency",
                                               "backoff_initial_ms", "backoff_max_ms"})) {
    out.delivery = read_delivery(*delivery);
  }
  if (auto webhook =
          top.optional_section("webhook", std::vector<std::string>{"secrets", "tolerance_s"})) {
    out.webhook = read_webhook(*webhook);
  }
  if (auto commerceup = top.optional_section("commerceup", detail::commerceup_keys())) {
    out.commerceup = detail::read_commerceup(*commerceup, out.id);
  }
  return out;
}

}  // namespace

int TenantConfig::line_of_setting(const std::string& pointer) const {
  std::optional<std::string> at = pointer;
  while (at && !at->empty()) {
    if (auto it = settings_lines.find(*at); it != settings_lines.end()) return it->second;
    at = parent_pointer(*at);
  }
  return settings_line;
}

ConfigError TenantConfig::settings_error(const std::string& pointer, std::string problem) const {
  return ConfigError(file.string(), line_of_setting(pointer), "settings" + pointer,
                     std::move(problem));
}

TenantConfig load_tenant_config(const std::filesystem::path& file) {
  return read_tenant_config(detail::YamlDocument::load(file), file);
}

TenantConfig parse_tenant_config(std::string_view yaml, const std::filesystem::path& file) {
  return read_tenant_config(detail::YamlDocument::parse(yaml, file), file);
}

}  // namespace erpbridge::config
