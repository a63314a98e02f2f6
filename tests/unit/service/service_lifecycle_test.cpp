// Start, drain and restart; what the service says about itself (metrics, log lines).
#include <fcntl.h>
#include <unistd.h>

#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using namespace std::chrono_literals;
using store::EventState;

// Sends this process's stderr (where log_line writes) to a file for the object's lifetime.
class StderrCapture {
 public:
  explicit StderrCapture(std::filesystem::path file) : file_(std::move(file)) {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    const int fd = open(file_.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    dup2(fd, STDERR_FILENO);
    close(fd);
  }
  ~StderrCapture() { restore(); }
  std::string text() {
    restore();
    return erpbridge::testing::read_text(file_);
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    saved_ = -1;
  }
  std::filesystem::path file_;
  int saved_ = -1;
};

class ServiceLifecycle : public DeliveryTest {};

TEST_F(ServiceLifecycle, DrainLetsTheDeliveryInFlightFinish) {
  erp_->fail_next({{"mode", "delay"}, {"delay_ms", 700}});
  auto& service = start_with();
  EXPECT_TRUE(service.ready());
  service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_TRUE(eventually([&] { return !erp_->requests_to("/createcustomer").empty(); }));
  service.drain(5s);
  EXPECT_FALSE(service.ready());
  EXPECT_EQ(service.status(kTenant, "c-1")->state, EventState::delivered);
}

TEST_F(ServiceLifecycle, DrainedEventsStayQueuedAndGoAfterTheNextStart) {
  auto& service = start_with();
  erp_->stop();
  const auto accepted = service.submit(kTenant, customer_created(kTenant, 1));
  EXPECT_EQ(accepted.event.state, EventState::queued);  // acknowledged once stored
  ASSERT_TRUE(eventually([&] { return service.status(kTenant, "c-1")->attempts >= 1; }));
  service.drain(1s);
  const auto left = service.status(kTenant, "c-1");
  EXPECT_NE(left->state, EventState::delivered);
  EXPECT_NE(left->state, EventState::delivering);
  harness_.stop();

  erp_->start();
  harness_.start();
  EXPECT_EQ(outcome("c-1").state, EventState::delivered);
  EXPECT_EQ(erp_count("customers"), 1u);
}

TEST_F(ServiceLifecycle, MetricsCountOutcomesAndShowTheQueue) {
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"times", 1}});
  auto& service = start_with();
  service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_EQ(outcome("c-1").state, EventState::delivered);
  service.submit(kTenant, order_created(kTenant, 2, 99));  // its customer never comes
  const std::string depth = "erpbridge_queue_depth{tenant=\"p8f3a21\",state=\"queued\"} 1";
  ASSERT_TRUE(eventually(
      [&] { return service.metrics().render_prometheus().find(depth) != std::string::npos; }));

  const auto text = service.metrics().render_prometheus();
  const std::string customer =
      "erpbridge_events_total{tenant=\"p8f3a21\",event_type=\"customer.created\",";
  for (const char* line : {"outcome=\"accepted\"} 1", "outcome=\"failed\"} 1",
                           "outcome=\"retried\"} 1", "outcome=\"delivered\"} 1"})
    EXPECT_NE(text.find(customer + line), std::string::npos) << line << "\n" << text;
  EXPECT_NE(text.find("erpbridge_delivery_latency_seconds_count{tenant=\"p8f3a21\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE erpbridge_delivery_latency_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("erpbridge_in_doubt 0"), std::string::npos) << text;
}

TEST_F(ServiceLifecycle, EachOutcomeIsOneLogLineWithoutPayloadOrSecrets) {
  StderrCapture capture(harness_.dir() / "stderr.log");
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"times", 1}});
  auto& service = start_with();
  service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_EQ(outcome("c-1").state, EventState::delivered);
  harness_.stop();
  const auto log = capture.text();
  EXPECT_NE(log.find("delivery tenant=p8f3a21 event=c-1 type=customer.created outcome=retry "
                     "class=retryable attempt=1"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("delivery tenant=p8f3a21 event=c-1 type=customer.created "
                     "outcome=delivered class=ok attempt=2"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("latency_ms="), std::string::npos);
  EXPECT_EQ(log.find(kErpPassword), std::string::npos);
  EXPECT_EQ(log.find("shopper1@example.com"), std::string::npos);  // no payload
  EXPECT_EQ(log.find("12 MG Road"), std::string::npos);
}

}  // namespace
}  // namespace erpbridge::service::testing
