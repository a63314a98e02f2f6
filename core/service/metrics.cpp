#include "service/metrics.hpp"

#include <array>
#include <cstdio>

#include "http/reuse_counters.hpp"

namespace erpbridge::service {

namespace {

// Seconds from acceptance to delivery: milliseconds when the ERP is healthy, up to hours
// while it is down.
constexpr std::array<double, 15> kLatencyBounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                2.5,   5,    10,    30,   60,  300,  3600};

std::string escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string label(const char* name, const std::string& value) {
  return std::string(name) + "=\"" + escape(value) + "\"";
}

// Shortest form that reads back the same for bucket bounds ("0.005", "3600"); sums get more
// digits.
std::string number(double v, int digits = 6) {
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return text;
}

std::string event_labels(const std::string& tenant, const std::string& type,
                         const std::string& outcome) {
  return label("tenant", tenant) + "," + label("event_type", type) + "," +
         label("outcome", outcome);
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void render_histogram(std::string& out, const std::string& tenant, const auto& h) {
  const std::string t = label("tenant", tenant);
  long long cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBounds.size(); ++i) {
    cumulative += h.buckets[i];
    out += "erpbridge_delivery_latency_seconds_bucket{" + t + ",le=\"" + number(kLatencyBounds[i]) +
           "\"} " + std::to_string(cumulative) + "\n";
  }
  out += "erpbridge_delivery_latency_seconds_bucket{" + t + ",le=\"+Inf\"} " +
         std::to_string(h.count) + "\n";
  out += "erpbridge_delivery_latency_seconds_sum{" + t + "} " + number(h.sum, 15) + "\n";
  out += "erpbridge_delivery_latency_seconds_count{" + t + "} " + std::to_string(h.count) + "\n";
}

}  // namespace

void Metrics::count_event(const std::string& tenant, const std::string& event_type,
                          const std::string& outcome) {
  auto key = event_labels(tenant, event_type, outcome);
  std::lock_guard lock(mutex_);
  ++counters_[key];
}

long long Metrics::event_count(const std::string& tenant, const std::string& event_type,
                               const std::string& outcome) const {
  std::lock_guard lock(mutex_);
  auto it = counters_.find(event_labels(tenant, event_type, outcome));
  return it == counters_.end() ? 0 : it->second;
}

void Metrics::count_pull(const std::string& tenant, const std::string& outcome) {
  auto key = label("tenant", tenant) + "," + label("outcome", outcome);
  std::lock_guard lock(mutex_);
  ++pulls_[key];
}

long long Metrics::pull_count(const std::string& tenant, const std::string& outcome) const {
  std::lock_guard lock(mutex_);
  auto it = pulls_.find(label("tenant", tenant) + "," + label("outcome", outcome));
  return it == pulls_.end() ? 0 : it->second;
}

void Metrics::observe_delivery_latency(const std::string& tenant, double seconds) {
  std::lock_guard lock(mutex_);
  Histogram& h = latency_[tenant];
  if (h.buckets.empty()) h.buckets.assign(kLatencyBounds.size(), 0);
  for (std::size_t i = 0; i < kLatencyBounds.size(); ++i) {
    if (seconds <= kLatencyBounds[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::set_queue_depth(const std::string& tenant, const std::string& state,
                              long long depth) {
  std::lock_guard lock(mutex_);
  gauges_[label("tenant", tenant) + "," + label("state", state)] = depth;
}

void Metrics::set_queue_depths(const std::vector<store::StateCount>& counts) {
  apply_queue_depths(counts);
}

void Metrics::apply_queue_depths(const std::vector<store::StateCount>& counts) const {
  std::lock_guard lock(mutex_);
  for (auto& [key, value] : gauges_) value = 0;
  in_doubt_ = 0;
  for (const auto& c : counts) {
    gauges_[label("tenant", c.tenant) + "," + label("state", store::to_string(c.state))] = c.count;
    if (c.state == store::EventState::in_doubt) in_doubt_ += c.count;
  }
}

void Metrics::set_queue_source(std::function<std::vector<store::StateCount>()> source) {
  std::lock_guard lock(mutex_);
  queue_source_ = std::move(source);
}

void Metrics::refresh_queue_depths() const {
  std::function<std::vector<store::StateCount>()> source;
  {
    std::lock_guard lock(mutex_);
    source = queue_source_;
  }
  // Outside the lock: the store query must not hold up threads counting events.
  if (source) apply_queue_depths(source());
}

std::string Metrics::render_prometheus() const {
  refresh_queue_depths();
  std::lock_guard lock(mutex_);
  std::string out;
  header(out, "erpbridge_events_total", "counter",
         "Events by tenant, type and outcome (accepted, duplicate, refused, delivered, failed, "
         "retried, "
         "in_doubt, dead_lettered).");
  for (const auto& [labels, value] : counters_)
    out += "erpbridge_events_total{" + labels + "} " + std::to_string(value) + "\n";
  header(out, "erpbridge_pulls_total", "counter",
         "Pulls of ERP changes for sync back to Commerceup, by tenant and outcome (ok, failed).");
  for (const auto& [labels, value] : pulls_)
    out += "erpbridge_pulls_total{" + labels + "} " + std::to_string(value) + "\n";
  header(out, "erpbridge_delivery_latency_seconds", "histogram",
         "Time from acceptance to delivery to the ERP, retries and waiting included.");
  for (const auto& [tenant, h] : latency_) render_histogram(out, tenant, h);
  header(out, "erpbridge_queue_depth", "gauge",
         "Events not yet delivered, by tenant and state (queued, delivering, in_doubt, dead).");
  for (const auto& [labels, value] : gauges_)
    out += "erpbridge_queue_depth{" + labels + "} " + std::to_string(value) + "\n";
  header(out, "erpbridge_in_doubt", "gauge",
         "Events whose last attempt may or may not have reached the ERP.");
  out += "erpbridge_in_doubt " + std::to_string(in_doubt_) + "\n";
  const http::ReusedConnectionCloses closes = http::reused_connection_closes();
  header(out, "erpbridge_http_reply_lost_on_reused_connection_total", "counter",
         "Reused ERP connections closed by the server before any reply byte: the request sent "
         "again on a new connection (repeated) or returned to the adapter as sent_no_response "
         "(reported).");
  out += "erpbridge_http_reply_lost_on_reused_connection_total{action=\"repeated\"} " +
         std::to_string(closes.repeated) + "\n";
  out += "erpbridge_http_reply_lost_on_reused_connection_total{action=\"reported\"} " +
         std::to_string(closes.reported) + "\n";
  return out;
}

}  // namespace erpbridge::service
