#include "unit/service/service_harness.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <sstream>
#include <thread>

namespace erpbridge::service::testing {

namespace json = boost::json;
namespace fs = std::filesystem;
using erpbridge::testing::read_text;
using erpbridge::testing::sample;

namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Drops each `lookup:` block (the line and the more-indented lines under it).
std::string without_lookups(const std::string& yaml) {
  std::istringstream in(yaml);
  std::string out, line;
  std::size_t skip_deeper_than = std::string::npos;
  while (std::getline(in, line)) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (skip_deeper_than != std::string::npos) {
      if (indent != std::string::npos && indent > skip_deeper_than) continue;
      skip_deeper_than = std::string::npos;
    }
    if (indent != std::string::npos && line.compare(indent, 7, "lookup:") == 0) {
      skip_deeper_than = indent;
      continue;
    }
    out += line + "\n";
  }
  return out;
}

std::string without_line_containing(const std::string& yaml, const std::string& needle) {
  std::istringstream in(yaml);
  std::string out, line;
  while (std::getline(in, line))
    if (line.find(needle) == std::string::npos) out += line + "\n";
  return out;
}

events::Event parse(const json::value& v) {
  events::ValidationError error;
  auto event = events::parse_event(json::serialize(v), error);
  if (!event) throw std::runtime_error("test event invalid: " + error.path + " " + error.message);
  return *event;
}

json::object from_sample(const std::string& name, const std::string& tenant,
                         const std::string& event_id) {
  auto v = json::parse(sample(name)).as_object();
  v["project_hash"] = tenant;
  v["event_id"] = event_id;
  return v;
}

}  // namespace

std::string tenant_yaml(const TenantSpec& spec) {
  std::string yaml = read_text(fs::path(ERPBRIDGE_SOURCE_DIR) / "config/tenants/demo-json.yaml");
  replace_all(yaml, "tenant: p8f3a21", "tenant: " + spec.id);
  replace_all(yaml, "commerceup-p8f3a21", "commerceup-" + spec.id);
  // Tenants never share a credential: each gets its own bearer token.
  replace_all(yaml, "${env:P8F3A21_INBOUND_TOKEN}", "inbound-token-" + spec.id);
  replace_all(yaml, "${env:DEMO_ERP_PORT}", std::to_string(spec.erp_port));
  yaml = yaml.substr(0, yaml.find("\ndelivery:")) + "\ndelivery: " + spec.delivery + "\n";
  if (!spec.lookups) yaml = without_lookups(yaml);
  if (!spec.idempotency) yaml = without_line_containing(yaml, "idempotency_header:");
  return yaml;
}

ServiceHarness::ServiceHarness() {
  setenv("DEMO_ERP_PASSWORD", kErpPassword, 1);
  setenv("P8F3A21_INBOUND_PASSWORD", "inbound-1", 1);
  dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                   "\ntenants_dir: tenants\nstore:\n  path: store.db\n");
  fs::create_directories(dir_.path() / "tenants");
}

ServiceHarness::~ServiceHarness() {
  service_.reset();
}

fs::path ServiceHarness::tenant_file(const std::string& id) const {
  return dir_.path() / "tenants" / (id + ".yaml");
}

void ServiceHarness::write_tenant(const TenantSpec& spec) const {
  dir_.write("tenants/" + spec.id + ".yaml", tenant_yaml(spec));
}

EventService& ServiceHarness::start(std::size_t threads) {
  service_.reset();
  ServiceOptions options;
  options.host_file = host_file();
  options.delivery_threads = threads;
  options.poll_interval = std::chrono::milliseconds(50);
  service_ = std::make_unique<EventService>(options);
  return *service_;
}

DeliveryTest::DeliveryTest()
    : erp_(std::make_unique<erpbridge::testing::SampleErp>("headers", "erpbridge", kErpPassword)) {}

EventService& DeliveryTest::start_with(TenantSpec spec, std::size_t threads) {
  if (!spec.erp_port) spec.erp_port = erp_->port();
  harness_.write_tenant(spec);
  return harness_.start(threads);
}

store::OutboxEvent DeliveryTest::outcome(const std::string& event_id, const std::string& tenant,
                                         std::chrono::milliseconds timeout) {
  auto row = harness_.service().wait_for_outcome(tenant, event_id, timeout);
  if (!row) throw std::runtime_error("event " + event_id + " is not stored");
  const bool final =
      row->state == store::EventState::delivered || row->state == store::EventState::dead;
  EXPECT_TRUE(final) << event_id << " is still " << store::to_string(row->state) << " ("
                     << store::to_string(row->last_class) << ": " << row->last_error << ")";
  return *row;
}

std::vector<json::object> DeliveryTest::accepted_by_erp(const std::string& path) const {
  std::vector<json::object> out;
  for (auto& r : erp_->requests_to(path)) {
    const auto& status = r.at("replyStatus");
    if (status.is_int64() && status.as_int64() == 200) out.push_back(r);
  }
  return out;
}

std::size_t DeliveryTest::erp_count(const char* collection) const {
  const auto state = erp_->state();
  const auto& v = state.at(collection);
  return v.is_array() ? v.as_array().size() : v.as_object().size();
}

events::Event customer_created(const std::string& tenant, int n) {
  const auto id = std::to_string(n);
  auto v = from_sample("customer.created", tenant, "c-" + id);
  auto& data = v["data"].as_object();
  data["customer_id"] = "cu_" + id;
  data["email"] = "shopper" + id + "@example.com";
  return parse(v);
}

events::Event order_created(const std::string& tenant, int n, int customer) {
  const auto id = std::to_string(n);
  auto v = from_sample("order.created", tenant, "o-" + id);
  auto& data = v["data"].as_object();
  data["order_id"] = "ORD-" + id;
  data["order_number"] = "#" + id;
  data["customer"].as_object()["customer_id"] = "cu_" + std::to_string(customer);
  return parse(v);
}

events::Event order_cancelled(const std::string& tenant, int n) {
  const auto id = std::to_string(n);
  auto v = from_sample("order.cancelled", tenant, "x-" + id);
  auto& data = v["data"].as_object();
  data["order_id"] = "ORD-" + id;
  data["cancellation_id"] = "CX-" + id;
  return parse(v);
}

events::Event order_returned(const std::string& tenant, int n) {
  const auto id = std::to_string(n);
  auto v = from_sample("order.returned", tenant, "r-" + id);
  auto& data = v["data"].as_object();
  data["order_id"] = "ORD-" + id;
  data["return_id"] = "RT-" + id;
  return parse(v);
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace erpbridge::service::testing
