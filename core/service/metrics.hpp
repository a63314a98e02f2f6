// Counters, gauges and a latency histogram, rendered in the Prometheus text format. Cheap to
// update from many threads (one short lock per update).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/outbox_rows.hpp"

namespace erpbridge::service {

class Metrics {
 public:
  // outcome: accepted | delivered | failed | dead_lettered | retried | in_doubt | duplicate
  // (docs/delivery.md says when each is counted).
  void count_event(const std::string& tenant, const std::string& event_type,
                   const std::string& outcome);
  // One pull of a tenant's changes (docs/sync-back.md). outcome: ok | failed.
  void count_pull(const std::string& tenant, const std::string& outcome);
  long long pull_count(const std::string& tenant, const std::string& outcome) const;  // tests
  // From acceptance to delivery, so it includes waiting and retries.
  void observe_delivery_latency(const std::string& tenant, double seconds);
  // Gauges set from the store when metrics are scraped.
  void set_queue_depth(const std::string& tenant, const std::string& state, long long depth);
  // Sets every queue-depth gauge and erpbridge_in_doubt from the store's counts; a
  // (tenant, state) seen before but absent now drops to 0 rather than vanishing.
  void set_queue_depths(const std::vector<store::StateCount>& counts);
  // Called by render_prometheus to read the store's counts at scrape time.
  void set_queue_source(std::function<std::vector<store::StateCount>()> source);

  std::string render_prometheus() const;

  // The value of one erpbridge_events_total series (0 when never counted). For tests.
  long long event_count(const std::string& tenant, const std::string& event_type,
                        const std::string& outcome) const;

 private:
  struct Histogram {
    std::vector<long long> buckets;  // count per bound (not cumulative; summed on render)
    long long count = 0;
    double sum = 0;
  };
  void refresh_queue_depths() const;
  // Gauges are mutable: a scrape (const) refreshes them from the store.
  void apply_queue_depths(const std::vector<store::StateCount>& counts) const;

  mutable std::mutex mutex_;
  std::map<std::string, long long> counters_;        // rendered label set -> value
  std::map<std::string, long long> pulls_;           // rendered label set -> value
  std::map<std::string, Histogram> latency_;         // tenant -> histogram
  mutable std::map<std::string, long long> gauges_;  // rendered queue-depth label set -> value
  mutable long long in_doubt_ = 0;
  std::function<std::vector<store::StateCount>()> queue_source_;
};

}  // namespace erpbridge::service
