// Group commit: many callers, few transactions, and nobody hears "stored" before the commit.
#include "service/batching_acceptor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>

#include "store/store.hpp"
#include "unit/service/forwarding_intake.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::service {
namespace {

using namespace std::chrono_literals;

// Records each accept() batch and can hold commits until the test opens the gate.
class GatedIntake : public testing::ForwardingIntake {
 public:
  using ForwardingIntake::ForwardingIntake;
  std::vector<store::AcceptResult> accept(const std::vector<store::NewEvent>& batch) override {
    {
      std::unique_lock lock(mutex_);
      sizes_.push_back(batch.size());
      opened_.wait(lock, [&] { return open_; });
      if (fail_) throw std::runtime_error("disk full");
    }
    return ForwardingIntake::accept(batch);
  }
  void open(bool fail = false) {
    std::lock_guard lock(mutex_);
    open_ = true;
    fail_ = fail;
    opened_.notify_all();
  }
  std::vector<std::size_t> sizes() {
    std::lock_guard lock(mutex_);
    return sizes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false, fail_ = false;
  std::vector<std::size_t> sizes_;
};

store::NewEvent event(int n) {
  const auto id = std::to_string(n);
  return {"t1", "e" + id, "order.created", "order:" + id, id, "{}"};
}

class BatchingAcceptorTest : public ::testing::Test {
 protected:
  erpbridge::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_ = store::open_store({dir_.path() / "store.db"});
  GatedIntake gated_{store_->intake()};
};

TEST_F(BatchingAcceptorTest, CallersWaitingTogetherShareOneTransaction) {
  BatchingAcceptor acceptor(gated_, 1000, nullptr);
  auto first = std::async(std::launch::async, [&] { return acceptor.accept(event(0)); });
  while (gated_.sizes().empty()) std::this_thread::sleep_for(1ms);  // first commit is held
  std::vector<std::future<store::AcceptResult>> rest;
  for (int i = 1; i <= 20; ++i)
    rest.push_back(std::async(std::launch::async, [&, i] { return acceptor.accept(event(i)); }));
  std::this_thread::sleep_for(300ms);  // let them all queue behind the held commit
  gated_.open();
  std::set<std::int64_t> seqs{first.get().event.seq};
  for (auto& f : rest) seqs.insert(f.get().event.seq);
  EXPECT_EQ(seqs.size(), 21u);
  const auto sizes = gated_.sizes();
  EXPECT_EQ(sizes.front(), 1u);
  EXPECT_LE(sizes.size(), 3u) << "21 callers should need 2 transactions, not one each";
}

TEST_F(BatchingAcceptorTest, NobodyIsAnsweredBeforeTheCommit) {
  BatchingAcceptor acceptor(gated_, 1000, nullptr);
  auto pending = std::async(std::launch::async, [&] { return acceptor.accept(event(1)); });
  EXPECT_EQ(pending.wait_for(200ms), std::future_status::timeout);
  EXPECT_FALSE(store_->status().find("t1", "e1"));
  gated_.open();
  EXPECT_FALSE(pending.get().duplicate);
  EXPECT_TRUE(store_->status().find("t1", "e1"));
}

TEST_F(BatchingAcceptorTest, BatchesNeverExceedTheLimit) {
  BatchingAcceptor acceptor(gated_, 5, nullptr);
  std::vector<std::future<store::AcceptResult>> calls;
  for (int i = 0; i < 23; ++i)
    calls.push_back(std::async(std::launch::async, [&, i] { return acceptor.accept(event(i)); }));
  std::this_thread::sleep_for(200ms);
  gated_.open();
  for (auto& c : calls) c.get();
  std::size_t total = 0;
  for (auto size : gated_.sizes()) {
    EXPECT_LE(size, 5u);
    total += size;
  }
  EXPECT_EQ(total, 23u);
}

TEST_F(BatchingAcceptorTest, StoreFailureReachesEveryCallerOfTheBatch) {
  BatchingAcceptor acceptor(gated_, 1000, nullptr);
  auto a = std::async(std::launch::async, [&] { return acceptor.accept(event(1)); });
  auto b = std::async(std::launch::async, [&] { return acceptor.accept(event(2)); });
  std::this_thread::sleep_for(100ms);
  gated_.open(/*fail=*/true);
  EXPECT_THROW(a.get(), std::runtime_error);
  EXPECT_THROW(b.get(), std::runtime_error);
  EXPECT_FALSE(store_->status().find("t1", "e1"));
}

TEST_F(BatchingAcceptorTest, CommitIsAnnouncedWithItsResults) {
  std::atomic<std::size_t> announced{0};
  BatchingAcceptor acceptor(store_->intake(), 1000,
                            [&](const auto& results) { announced += results.size(); });
  acceptor.accept(event(1));
  acceptor.accept(event(1));
  EXPECT_EQ(announced.load(), 2u);
}

TEST_F(BatchingAcceptorTest, StoppedAcceptorRefusesNewEvents) {
  BatchingAcceptor acceptor(store_->intake(), 1000, nullptr);
  acceptor.stop();
  EXPECT_THROW(acceptor.accept(event(1)), std::runtime_error);
}

}  // namespace
}  // namespace erpbridge::service
