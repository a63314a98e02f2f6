// Waiting for an event's outcome without polling, and without losing a wake-up.
#include "service/outcome_board.hpp"

#include <gtest/gtest.h>

#include <future>

namespace erpbridge::service {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(OutcomeBoard, AnnouncementWakesTheWaiterOfThatKey) {
  OutcomeBoard board;
  auto ticket = board.watch("t\ne1");
  auto woke = std::async(std::launch::async, [&] { return ticket->wait_until(Clock::now() + 5s); });
  std::this_thread::sleep_for(50ms);
  board.announce("t\ne1");
  EXPECT_TRUE(woke.get());
}

TEST(OutcomeBoard, AnnouncementBetweenWatchAndWaitIsNotLost) {
  OutcomeBoard board;
  auto ticket = board.watch("k");
  board.announce("k");
  const auto start = Clock::now();
  EXPECT_TRUE(ticket->wait_until(Clock::now() + 5s));
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST(OutcomeBoard, OtherKeysDoNotWakeAndTheWaitTimesOut) {
  OutcomeBoard board;
  auto ticket = board.watch("mine");
  board.announce("yours");
  EXPECT_FALSE(ticket->wait_until(Clock::now() + 50ms));
}

TEST(OutcomeBoard, SeveralWaitersOfOneKeyAllWake) {
  OutcomeBoard board;
  auto a = board.watch("k");
  auto b = board.watch("k");
  board.announce("k");
  EXPECT_TRUE(a->wait_until(Clock::now() + 1s));
  EXPECT_TRUE(b->wait_until(Clock::now() + 1s));
}

}  // namespace
}  // namespace erpbridge::service
