// A SQLite store has one serving host (issue 20, docs/operations.md "One host per SQLite
// store"): a second `erpbridge serve` or an `erpbridge send` on the store of a running host is
// refused, a killed host leaves no stale lock, and with store.lock_wait_ms a restart that
// overlaps the old host's drain waits for it instead of delivering beside it.
#include <signal.h>
#include <sys/wait.h>

#include <boost/json.hpp>

#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

class ServeStoreLockTest : public ServeTest {
 protected:
  std::filesystem::path store_file() const { return dir_.path() / "store.db"; }

  // A new customer event through /v1/events; returns its event id.
  std::string post_customer(const std::string& suffix, json::object* sent = nullptr) {
    json::object e = envelope("customer.created", suffix);
    EXPECT_EQ(post_json("/v1/events", e, bearer_auth()).status, 202) << suffix;
    if (sent) *sent = e;
    return std::string(e.at("event_id").as_string());
  }

  bool is_delivering(const std::string& event_id) const {
    const json::object status = http("GET", "/v1/events/" + event_id, "", bearer_auth()).json();
    const auto* state = status.if_contains("state");
    return state && state->as_string() == "delivering";
  }

  // `erpbridge serve` on this test's host file, bounded so that a serve which wrongly starts
  // makes the test fail instead of hang.
  RunResult second_serve() const {
    return run_command(
        {"/usr/bin/timeout", "20", ERPBRIDGE_BINARY, "serve", "--config", host_file().string()},
        {{"P8F3A21_TOKEN", creds::kBearer}});
  }
};

std::string customer_id_of(const json::object& envelope) {
  return std::string(envelope.at("data").at("customer_id").as_string());
}

TEST_F(ServeStoreLockTest, SecondServeOnOneStoreExitsNamingTheStoreItsHolderAndPostgres) {
  // A delivery in flight while the second serve starts: a second host that recovered it as
  // interrupted would deliver it again.
  erp_->fail_next({{"mode", "delay"}, {"delay_ms", 1500}, {"times", 1}});
  json::object sent;
  const std::string event_id = post_customer("-lock-second", &sent);
  ASSERT_TRUE(eventually([&] { return is_delivering(event_id); }));

  const RunResult second = second_serve();
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_NE(second.err.find(store_file().string()), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("pid " + std::to_string(serve_->pid()) + " (erpbridge serve)"),
            std::string::npos)
      << second.err;
  EXPECT_NE(second.err.find("PostgreSQL"), std::string::npos) << second.err;
  EXPECT_EQ(second.out.find("listening on"), std::string::npos) << second.out;

  // The first host still serves, and delivered its in-flight event once.
  const json::object status = final_status(event_id, bearer_auth());
  EXPECT_EQ(status.at("state"), "delivered");
  EXPECT_EQ(status.at("attempts"), 1);
  EXPECT_EQ(erp_customers_with(customer_id_of(sent)), 1);
  json::object later;
  const std::string later_id = post_customer("-lock-second-later", &later);
  EXPECT_EQ(final_status(later_id, bearer_auth()).at("state"), "delivered");
  EXPECT_EQ(erp_customers_with(customer_id_of(later)), 1);
  EXPECT_EQ(read_text(serve_log()).find("interrupted by a stop"), std::string::npos);
}

TEST_F(ServeStoreLockTest, AfterTheHolderIsKilledANewServeStartsAtOnceAndRecoversItsRows) {
  erp_->fail_next({{"mode", "delay"}, {"delay_ms", 1500}, {"times", 1}});
  json::object sent;
  const std::string event_id = post_customer("-lock-killed", &sent);
  ASSERT_TRUE(eventually([&] { return is_delivering(event_id); }));
  kill_serve();

  // store.lock_wait_ms is 0: a lock the dead host still held would refuse this start.
  start_serve();
  EXPECT_EQ(final_status(event_id, bearer_auth(), std::chrono::seconds(30)).at("state"),
            "delivered");
  EXPECT_EQ(erp_customers_with(customer_id_of(sent)), 1);
  EXPECT_NE(read_text(serve_log()).find("interrupted by a stop"), std::string::npos);
}

TEST_F(ServeStoreLockTest, WithLockWaitARestartDuringTheDrainTakesOverAfterTheOldHostExits) {
  ServeSettings waiting = settings_;
  waiting.store_lock_wait_ms = 30000;
  restart_serve(waiting);
  // Slow deliveries: the old host is still draining one when the new one starts.
  erp_->fail_next({{"mode", "delay"}, {"delay_ms", 1500}, {"times", 3}});
  std::vector<json::object> sent(3);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(post_customer("-lock-drain-" + std::to_string(i), &sent[i]));
  ASSERT_TRUE(eventually([&] { return is_delivering(ids[0]); }));

  const pid_t old_host = serve_->pid();
  ASSERT_EQ(kill(old_host, SIGTERM), 0);
  auto new_host = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/bin/sh", "-c", "exec \"$0\" serve --config \"$1\" 2>>\"$2\"",
                               ERPBRIDGE_BINARY, host_file_.string(), serve_log().string()});
  const std::string address = new_host->wait_for_line("listening on ", std::chrono::seconds(40));
  // It listened only once the old host had gone: the old one has exited by now.
  int status = 0;
  EXPECT_EQ(waitpid(old_host, &status, WNOHANG), old_host);
  serve_->stop();  // reaps it if the check above did not
  serve_ = std::move(new_host);
  port_ = std::stoi(address.substr(address.rfind(':') + 1));

  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(final_status(ids[i], bearer_auth(), std::chrono::seconds(30)).at("state"),
              "delivered")
        << ids[i];
    EXPECT_EQ(erp_customers_with(customer_id_of(sent[i])), 1) << ids[i];
  }
  EXPECT_NE(read_text(serve_log()).find("waiting up to 30000 ms for the store lock"),
            std::string::npos);
}

TEST_F(ServeStoreLockTest, SendBesideARunningServeIsRefusedAndReachesNoErp) {
  json::object e = envelope("customer.created", "-lock-send");
  const auto event_file = dir_.write("event.json", json::serialize(e));
  const std::vector<std::string> send{"send",     "--config", host_file().string(),
                                      "--tenant", "p8f3a21",  event_file.string()};

  const RunResult refused = run_cli(send);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("pid " + std::to_string(serve_->pid())), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("POST /v1/events"), std::string::npos) << refused.err;
  EXPECT_EQ(erp_customers_with(customer_id_of(e)), 0);

  // The lock goes with the host: once it has stopped, the same send delivers.
  stop_serve();
  const RunResult delivered = run_cli(send);
  EXPECT_EQ(delivered.exit_code, 0) << delivered.out << delivered.err;
  EXPECT_EQ(erp_customers_with(customer_id_of(e)), 1);
}

TEST_F(ServeStoreLockTest, DeadLetterListingWorksBesideARunningServe) {
  const RunResult listed = run_cli({"dlq", "list", "--config", host_file().string()});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("no dead letters"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace erpbridge::testing
