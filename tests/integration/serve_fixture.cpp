#include "serve_fixture.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

namespace erpbridge::testing {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

json::object HttpReply::json() const {
  std::error_code ec;
  auto v = json::parse(body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object();
}

std::string HttpReply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HeaderList basic_auth(const std::string& user, const std::string& password) {
  return {{"Authorization", "Basic " + base64(user + ":" + password)}};
}
HeaderList header_auth(const std::string& user, const std::string& password) {
  return {{"username", user}, {"password", password}};
}
HeaderList bearer_auth(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}
HeaderList admin_auth() {
  return bearer_auth(creds::kAdminToken);
}
HeaderList operator+(HeaderList a, const HeaderList& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string tenant_file(const std::string& demo_file, const std::string& tenant,
                        const std::string& inbound_yaml, const std::string& extra_yaml,
                        const ServeSettings& settings) {
  std::string text = read_text(fs::path(ERPBRIDGE_SOURCE_DIR) / "config/tenants" / demo_file);
  text = std::regex_replace(text, std::regex("\ntenant: [A-Za-z0-9_-]+\n"),
                            "\ntenant: " + tenant + "\n");
  const std::size_t inbound = text.find("\ninbound:\n");
  const std::size_t connector = text.find("\nconnector:");
  text.replace(inbound + 1, connector - inbound, "inbound:\n" + inbound_yaml);
  text.erase(text.find("\ndelivery:") + 1);
  text +=
      "delivery:\n  max_attempts: " + std::to_string(settings.max_attempts) +
      "\n  concurrency: 4\n  backoff_initial_ms: " + std::to_string(settings.backoff_initial_ms) +
      "\n  backoff_max_ms: 1000\n";
  return text + extra_yaml;
}

long long reused_connection_lost_replies(const std::string& metrics, const std::string& action) {
  const std::string series =
      "erpbridge_http_reply_lost_on_reused_connection_total{action=\"" + action + "\"} ";
  const std::size_t at = metrics.find(series);
  return at == std::string::npos ? -1 : std::stoll(metrics.substr(at + series.size()));
}

long long events_total(const std::string& metrics, const std::string& tenant,
                       const std::string& event_type, const std::string& outcome) {
  std::istringstream lines(metrics);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("erpbridge_events_total{", 0) != 0) continue;
    const std::string labels = line.substr(0, line.find('}'));
    if (labels.find("tenant=\"" + tenant + "\"") == std::string::npos ||
        labels.find("event_type=\"" + event_type + "\"") == std::string::npos ||
        labels.find("outcome=\"" + outcome + "\"") == std::string::npos)
      continue;
    return std::stoll(line.substr(line.rfind(' ') + 1));
  }
  return 0;
}

void ServeTest::SetUp() {
  erp_ = std::make_unique<SampleErp>("headers", "erpbridge", creds::kErpPassword);
  start_serve();
}

void ServeTest::TearDown() {
  if (serve_) stop_serve();
  if (HasFailure()) std::cerr << "--- erpbridge serve log ---\n" << read_text(serve_log());
}

void ServeTest::write_config() {
  fs::create_directories(tenants_dir());
  const std::string p8f3a21_inbound =
      "  - type: basic\n    username: " + std::string(creds::kBasicUser) +
      "\n    password: ${env:P8F3A21_BASIC_PASSWORD}\n"
      "  - type: username_password\n    username: " +
      creds::kHeaderUser +
      "\n    password: ${env:P8F3A21_HEADER_PASSWORD}\n"
      "  - type: bearer\n    token: ${env:P8F3A21_TOKEN}\n";
  dir_.write("tenants/demo-json.yaml", tenant_file("demo-json.yaml", "p8f3a21", p8f3a21_inbound,
                                                   p8f3a21_extra_yaml_, settings_));
  dir_.write("tenants/demo-xml.yaml",
             tenant_file("demo-xml.yaml", "pxml001",
                         "  - type: bearer\n    token: ${env:PXML001_TOKEN}\n", "", settings_));
  dir_.write("tenants/signed.yaml",
             tenant_file("demo-json.yaml", "psigned1",
                         "  - type: bearer\n    token: ${env:PSIGNED1_TOKEN}\n",
                         "webhook:\n  secrets:\n    - ${env:PSIGNED1_WEBHOOK_OLD}\n"
                         "    - ${env:PSIGNED1_WEBHOOK_NEW}\n  tolerance_s: 300\n",
                         settings_));
  host_file_ = dir_.write(
      "erpbridge.yaml",
      "plugin_dir: " + plugin_dir_.string() +
          "\ntenants_dir: tenants\nstore:\n  path: " + (dir_.path() / "store.db").string() +
          "\n  lock_wait_ms: " + std::to_string(settings_.store_lock_wait_ms) +
          "\nserver:\n  listen: 127.0.0.1:0\n  threads: " + std::to_string(settings_.threads) +
          "\n  max_queued_requests: " + std::to_string(settings_.max_queued_requests) +
          "\n  max_connections: " + std::to_string(settings_.max_connections) +
          "\n  max_body_bytes: " + std::to_string(settings_.max_body_bytes) +
          "\n  keep_alive_timeout_ms: " + std::to_string(settings_.keep_alive_timeout_ms) +
          "\n  request_timeout_ms: " + std::to_string(settings_.request_timeout_ms) +
          (settings_.tls_yaml.empty() ? std::string() : "\n  tls:\n" + settings_.tls_yaml) +
          "\nadmin:\n  token: ${env:ERPBRIDGE_ADMIN_TOKEN}\nlog_level: info\n");
}

std::map<std::string, std::string> ServeTest::environment() const {
  std::map<std::string, std::string> env = extra_environment_;
  env.insert({{"DEMO_ERP_PORT", std::to_string(erp_->port())},
              {"DEMO_ERP_PASSWORD", creds::kErpPassword},
              {"P8F3A21_BASIC_PASSWORD", creds::kBasicPassword},
              {"P8F3A21_HEADER_PASSWORD", creds::kHeaderPassword},
              {"P8F3A21_TOKEN", creds::kBearer},
              {"PXML001_TOKEN", creds::kXmlBearer},
              {"PSIGNED1_TOKEN", creds::kSignedBearer},
              {"PSIGNED1_WEBHOOK_OLD", creds::kWebhookOld},
              {"PSIGNED1_WEBHOOK_NEW", creds::kWebhookNew},
              {"ERPBRIDGE_ADMIN_TOKEN", creds::kAdminToken}});
  return env;
}

void ServeTest::start_serve() {
  if (host_file_.empty()) write_config();
  // The child inherits the environment: that is how its ${env:...} references resolve.
  for (const auto& [name, value] : environment()) setenv(name.c_str(), value.c_str(), 1);
  // stderr (the host's log) goes to a file the tests can read; the shell execs, so the pid
  // is erpbridge's own and signals reach it directly.
  serve_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/bin/sh", "-c", "exec \"$0\" serve --config \"$1\" 2>>\"$2\"",
                               ERPBRIDGE_BINARY, host_file_.string(), serve_log().string()});
  const std::string address = serve_->wait_for_line("listening on ");
  port_ = std::stoi(address.substr(address.rfind(':') + 1));
}

int ServeTest::stop_serve() {
  const int status = serve_->stop();
  serve_.reset();
  return status;
}

void ServeTest::kill_serve() {
  kill(serve_->pid(), SIGKILL);
  serve_->stop();  // reaps it
  serve_.reset();
}

void ServeTest::restart_serve(const ServeSettings& settings) {
  if (serve_) stop_serve();
  settings_ = settings;
  host_file_.clear();
  start_serve();
}

HttpReply ServeTest::http(const std::string& method, const std::string& target,
                          const std::string& body, const HeaderList& headers) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    request.add(name, value);
    has_type = has_type || Poco::icompare(name, "Content-Type") == 0;
  }
  if (!body.empty() && !has_type) request.setContentType("application/json");
  if (!body.empty() || method == "POST")
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  std::ostringstream text;
  Poco::StreamCopier::copyStream(in, text);
  reply.body = text.str();
  for (const auto& [name, value] : response) reply.headers[Poco::toLower(name)] = value;
  return reply;
}

HttpReply ServeTest::post_json(const std::string& target, const json::value& body,
                               const HeaderList& headers) const {
  return http("POST", target, json::serialize(body), headers);
}

HttpReply ServeTest::post_xml(const std::string& target, const std::string& xml,
                              const HeaderList& headers) const {
  return http("POST", target, xml, headers + HeaderList{{"Content-Type", "application/xml"}});
}

json::object ServeTest::data(const std::string& sample_name, const std::string& suffix) const {
  return envelope(sample_name, suffix).at("data").as_object();
}

json::object ServeTest::envelope(const std::string& sample_name, const std::string& suffix,
                                 const std::string& tenant) const {
  json::object e = json::parse(sample(sample_name)).as_object();
  e["project_hash"] = tenant;
  e["event_id"] = std::string(e["event_id"].as_string()) + suffix;
  json::object& d = e["data"].as_object();
  for (const char* key : {"customer_id", "order_id", "cancellation_id", "return_id"})
    if (auto* v = d.if_contains(key)) *v = std::string(v->as_string()) + suffix;
  if (auto* customer = d.if_contains("customer")) {
    auto& c = customer->as_object();
    c["customer_id"] = std::string(c["customer_id"].as_string()) + suffix;
  }
  return e;
}

bool ServeTest::eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

json::object ServeTest::final_status(const std::string& event_id, const HeaderList& auth,
                                     std::chrono::milliseconds timeout) {
  json::object last;
  eventually(
      [&] {
        last = http("GET", "/v1/events/" + event_id, "", auth).json();
        const auto* state = last.if_contains("state");
        return state && (state->as_string() == "delivered" || state->as_string() == "dead");
      },
      timeout);
  return last;
}

int ServeTest::erp_customers_with(const std::string& external_id) const {
  int n = 0;
  const json::value state = erp_->state();  // named: range-for would not keep it alive
  for (const auto& [id, record] : state.at("customers").as_object())
    if (record.as_object().at("externalId").as_string() == external_id) ++n;
  return n;
}

int ServeTest::erp_orders_with(const std::string& external_id) const {
  int n = 0;
  const json::value state = erp_->state();
  for (const auto& [id, record] : state.at("orders").as_object())
    if (record.as_object().at("externalId").as_string() == external_id) ++n;
  return n;
}

RunResult ServeTest::run_cli(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{ERPBRIDGE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, environment());
}

}  // namespace erpbridge::testing
