// The Prometheus text the /metrics endpoint serves.
#include "service/metrics.hpp"

#include <gtest/gtest.h>

namespace erpbridge::service {
namespace {

bool has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(Metrics, CountsEventsByTenantTypeAndOutcome) {
  Metrics m;
  m.count_event("t1", "order.created", "accepted");
  m.count_event("t1", "order.created", "accepted");
  m.count_event("t1", "order.created", "delivered");
  const auto text = m.render_prometheus();
  EXPECT_TRUE(has(text, "# TYPE erpbridge_events_total counter")) << text;
  EXPECT_TRUE(has(text,
                  "erpbridge_events_total{tenant=\"t1\",event_type=\"order.created\","
                  "outcome=\"accepted\"} 2"))
      << text;
  EXPECT_EQ(m.event_count("t1", "order.created", "delivered"), 1);
  EXPECT_EQ(m.event_count("t1", "order.created", "dead_lettered"), 0);
}

TEST(Metrics, LatencyHistogramBucketsAreCumulative) {
  Metrics m;
  m.observe_delivery_latency("t1", 0.003);
  m.observe_delivery_latency("t1", 0.2);
  m.observe_delivery_latency("t1", 7200);
  const auto text = m.render_prometheus();
  EXPECT_TRUE(has(text, "erpbridge_delivery_latency_seconds_bucket{tenant=\"t1\",le=\"0.005\"} 1"))
      << text;
  EXPECT_TRUE(has(text, "erpbridge_delivery_latency_seconds_bucket{tenant=\"t1\",le=\"0.25\"} 2"));
  EXPECT_TRUE(has(text, "erpbridge_delivery_latency_seconds_bucket{tenant=\"t1\",le=\"3600\"} 2"));
  EXPECT_TRUE(has(text, "erpbridge_delivery_latency_seconds_bucket{tenant=\"t1\",le=\"+Inf\"} 3"));
  EXPECT_TRUE(has(text, "erpbridge_delivery_latency_seconds_count{tenant=\"t1\"} 3"));
}

TEST(Metrics, QueueDepthComesFromTheStoreAtScrapeTimeAndDropsToZero) {
  Metrics m;
  std::vector<store::StateCount> counts = {{"t1", store::EventState::queued, 4},
                                           {"t1", store::EventState::in_doubt, 2},
                                           {"t2", store::EventState::in_doubt, 1}};
  m.set_queue_source([&] { return counts; });
  auto text = m.render_prometheus();
  EXPECT_TRUE(has(text, "erpbridge_queue_depth{tenant=\"t1\",state=\"queued\"} 4")) << text;
  EXPECT_TRUE(has(text, "erpbridge_in_doubt 3")) << text;
  counts = {{"t1", store::EventState::queued, 1}};
  text = m.render_prometheus();
  EXPECT_TRUE(has(text, "erpbridge_queue_depth{tenant=\"t1\",state=\"queued\"} 1")) << text;
  EXPECT_TRUE(has(text, "erpbridge_queue_depth{tenant=\"t1\",state=\"in_doubt\"} 0")) << text;
  EXPECT_TRUE(has(text, "erpbridge_in_doubt 0")) << text;
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  m.count_event("t\"1\\", "x\ny", "accepted");
  EXPECT_NE(m.render_prometheus().find("tenant=\"t\\\"1\\\\\",event_type=\"x\\ny\""),
            std::string::npos)
      << m.render_prometheus();
}

}  // namespace
}  // namespace erpbridge::service
