#include "config/commerceup_config_reader.hpp"

#include "config/auth_config.hpp"
#include "config/endpoint_config_reader.hpp"

namespace erpbridge::config::detail {
namespace {

constexpr std::uint64_t kDayMs = 24ull * 3600 * 1000;
// Commerceup's bulk calls take lists; a bound keeps one call's body and its failure small.
constexpr std::uint64_t kMaxInventoryBatch = 1000;
constexpr std::uint64_t kMaxPullLimit = 10000;

// Commerceup's open API lives at <base>/{projecthash}/; the project hash is the tenant id.
std::string tenant_base_url(std::string base, const std::string& tenant_id) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + tenant_id;
}

ErpPushSettings read_push(const Section& push) {
  ErpPushSettings out;
  out.line = push.line();
  if (auto shape = push.optional_string("shape")) {
    if (shape->value == "canonical") {
      out.shape = PushShape::canonical;
    } else if (shape->value == "adapter") {
      out.shape = PushShape::adapter;
    } else {
      push.fail("shape",
                "unknown push shape " + describe_text(*shape) + "; expected canonical or adapter");
    }
  }
  out.credentials = read_credential_list(push, "credentials", "the ERP");
  return out;
}

PullSettings read_pull(const Section& pull) {
  PullSettings out;
  out.enabled = true;
  out.line = pull.line();
  out.interval = std::chrono::milliseconds(
      pull.number("interval_ms", out.interval.count(), 100, kDayMs, "milliseconds"));
  out.limit = static_cast<int>(pull.number("limit", out.limit, 1, kMaxPullLimit, "changes"));
  return out;
}

}  // namespace

const std::vector<std::string>& commerceup_keys() {
  static const std::vector<std::string> keys{"base_url",
                                             "api_key",
                                             "inventory_batch_size",
                                             "connect_timeout_ms",
                                             "read_timeout_ms",
                                             "tls",
                                             "max_idle_connections",
                                             "push",
                                             "pull"};
  return keys;
}

CommerceupSettings read_commerceup(const Section& commerceup, const std::string& tenant_id) {
  CommerceupSettings out;
  out.enabled = true;
  out.line = commerceup.line();

  ExpandedText url = commerceup.required_string("base_url");
  check_base_url(commerceup, url, "base_url");
  http::EndpointConfig& endpoint = out.endpoint;
  endpoint.base_url = tenant_base_url(std::move(url.value), tenant_id);
  endpoint.auth.kind = http::AuthKind::api_key;
  endpoint.auth.token = commerceup.required_secret("api_key");
  if (auto tls =
          commerceup.optional_section("tls", std::vector<std::string>{"verify", "ca_file"})) {
    endpoint.tls = read_tls(*tls);
  }
  endpoint.connect_timeout = std::chrono::milliseconds(commerceup.number(
      "connect_timeout_ms", endpoint.connect_timeout.count(), 1, kDayMs, "milliseconds"));
  endpoint.read_timeout = std::chrono::milliseconds(commerceup.number(
      "read_timeout_ms", endpoint.read_timeout.count(), 1, kDayMs, "milliseconds"));
  endpoint.max_idle_connections = commerceup.number(
      "max_idle_connections", endpoint.max_idle_connections, 0, 1024, "connections");

  out.inventory_batch_size = commerceup.number("inventory_batch_size", out.inventory_batch_size, 1,
                                               kMaxInventoryBatch, "SKUs");
  if (auto push =
          commerceup.optional_section("push", std::vector<std::string>{"shape", "credentials"})) {
    out.push = read_push(*push);
  }
  if (auto pull =
          commerceup.optional_section("pull", std::vector<std::string>{"interval_ms", "limit"})) {
    out.pull = read_pull(*pull);
  }
  return out;
}

}  // namespace erpbridge::config::detail
