// `erpbridge serve` as a user runs it: the real binary as a child process on a free loopback
// port, with a temporary host config, store and tenant files (copies of
// config/tenants/demo-*.yaml with test credentials), in front of the real test ERP.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/child_process.hpp"
#include "support/sample_erp.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names

  boost::json::object json() const;  // {} when the body is not a JSON object
  std::string header(const std::string& lower_name) const;
};

// The test tenants and their credentials (written into the tenant files).
namespace creds {
inline constexpr const char* kBasicUser = "cu-basic";
inline constexpr const char* kBasicPassword = "basic-pass-Qm3";
inline constexpr const char* kHeaderUser = "cu-headers";
inline constexpr const char* kHeaderPassword = "header-pass-Vx9";
inline constexpr const char* kBearer = "bearer-token-Lp2";
inline constexpr const char* kXmlBearer = "bearer-token-xml-Rt5";
inline constexpr const char* kSignedBearer = "bearer-token-signed-Hk7";
inline constexpr const char* kAdminToken = "admin-token-Zz4";
inline constexpr const char* kErpPassword = "erp-secret-Wq8";
// Standard Webhooks secrets of tenant psigned1: the old and the new key of a rotation.
inline constexpr const char* kWebhookOld = "whsec_b2xkLXNpZ25pbmcta2V5LWZvci10ZXN0cw==";
inline constexpr const char* kWebhookNew = "whsec_bmV3LXNpZ25pbmcta2V5LWZvci10ZXN0cw==";
}  // namespace creds

HeaderList basic_auth(const std::string& user = creds::kBasicUser,
                      const std::string& password = creds::kBasicPassword);
HeaderList header_auth(const std::string& user = creds::kHeaderUser,
                       const std::string& password = creds::kHeaderPassword);
HeaderList bearer_auth(const std::string& token = creds::kBearer);
HeaderList admin_auth();
HeaderList operator+(HeaderList a, const HeaderList& b);

struct ServeSettings {
  // Above the demo tenant's ERP timeouts (connect 5 s + read 10 s), so facade calls are
  // delivered on the request's own thread, as in production with the demo config.
  int request_timeout_ms = 15000;
  std::size_t max_body_bytes = 64 * 1024;
  int backoff_initial_ms = 100;
  int max_attempts = 8;
  // store.lock_wait_ms: how long a start waits for another serve's store lock.
  int store_lock_wait_ms = 0;
  // server.* of the host file.
  std::size_t threads = 8;
  std::size_t max_queued_requests = 256;
  std::size_t max_connections = 16384;
  int keep_alive_timeout_ms = 5000;
  // server.tls of the host file: its keys, each line indented under `tls:`; empty: plain HTTP.
  std::string tls_yaml;
};

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Writes config (once) and starts the binary; waits for "listening on".
  void start_serve();
  int stop_serve();   // SIGTERM; the exit status (waitpid form)
  void kill_serve();  // SIGKILL, no drain
  void restart_serve(const ServeSettings& settings);

  HttpReply http(const std::string& method, const std::string& target, const std::string& body = "",
                 const HeaderList& headers = {}) const;
  HttpReply post_json(const std::string& target, const boost::json::value& body,
                      const HeaderList& headers) const;
  HttpReply post_xml(const std::string& target, const std::string& xml,
                     const HeaderList& headers) const;

  // A sample's envelope or data, for `tenant`, with every id suffixed by `suffix` so tests
  // never collide at the shared test ERP.
  boost::json::object envelope(const std::string& sample_name, const std::string& suffix = "",
                               const std::string& tenant = "p8f3a21") const;
  boost::json::object data(const std::string& sample_name, const std::string& suffix = "") const;

  // Polls until `done` or the timeout; returns whether it happened.
  static bool eventually(const std::function<bool()>& done,
                         std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // GET /v1/events/{id} until delivered or dead; returns the last status document.
  boost::json::object final_status(const std::string& event_id, const HeaderList& auth,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(15));

  // Number of ERP customers/orders whose externalId is `external_id`.
  int erp_customers_with(const std::string& external_id) const;
  int erp_orders_with(const std::string& external_id) const;

  // erpbridge <args> (dlq and friends) with the serve environment.
  RunResult run_cli(const std::vector<std::string>& args) const;

  std::filesystem::path tenants_dir() const { return dir_.path() / "tenants"; }
  std::filesystem::path plugin_dir() const { return plugin_dir_; }
  std::filesystem::path host_file() const { return host_file_; }
  std::filesystem::path serve_log() const { return dir_.path() / "serve.log"; }
  int port() const { return port_; }

  // Hooks for a test that needs its own plugin directory (hot reload).
  std::filesystem::path plugin_dir_ = ERPBRIDGE_PLUGIN_DIR;
  // Hooks for sync-back tests, set before start_serve(): YAML appended to tenant p8f3a21's
  // file (a `commerceup:` section) and more environment for the child's ${env:..}.
  std::string p8f3a21_extra_yaml_;
  std::map<std::string, std::string> extra_environment_;
  ServeSettings settings_;
  std::unique_ptr<SampleErp> erp_;
  TempDir dir_;
  std::filesystem::path host_file_;
  std::unique_ptr<ChildProcess> serve_;
  int port_ = 0;

 private:
  void write_config();
  std::map<std::string, std::string> environment() const;
};

// Rewrites a demo tenant file: its id, its `inbound:` list, an optional `webhook:` section and
// quick retries for tests.
std::string tenant_file(const std::string& demo_file, const std::string& tenant,
                        const std::string& inbound_yaml, const std::string& extra_yaml,
                        const ServeSettings& settings);

// The value of erpbridge_events_total for these labels in a Prometheus text page (0 if absent).
long long events_total(const std::string& metrics, const std::string& tenant,
                       const std::string& event_type, const std::string& outcome);

// The value of erpbridge_http_reply_lost_on_reused_connection_total{action="repeated" or
// "reported"} in a Prometheus text page (-1 if absent).
long long reused_connection_lost_replies(const std::string& metrics, const std::string& action);

}  // namespace erpbridge::testing
