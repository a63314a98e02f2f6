// Which sink a row goes to: the attempt pipeline gives each row to the sink that handles its
// event type, so every type the host stores must have exactly one, and an unknown type none
// (it becomes a dead letter instead of being sent somewhere).
#include <gtest/gtest.h>

#include "pipeline/event_dispatcher.hpp"
#include "service/commerceup_sink.hpp"
#include "service/erp_sink.hpp"
#include "store/store.hpp"
#include "syncback/change_events.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::service {
namespace {

class DeliverySinks : public ::testing::Test {
 protected:
  erpbridge::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_ = store::open_store({dir_.path() / "store.db"});
  pipeline::EventDispatcher dispatcher_{store_->ids(), store_->ledger(),
                                        pipeline::IdRecording::by_caller};
  ErpSink erp_{dispatcher_};
  CommerceupSink commerceup_{store_->ids()};
};

TEST_F(DeliverySinks, CommerceupEventsGoToTheErpAndSyncBackRowsToCommerceup) {
  for (const char* type :
       {"customer.created", "order.created", "order.cancelled", "order.returned"}) {
    EXPECT_TRUE(erp_.handles(type)) << type;
    EXPECT_FALSE(commerceup_.handles(type)) << type;
  }
  for (const char* type :
       {syncback::kInventoryEvent, syncback::kInventoryDeltaEvent, syncback::kOrderStatusEvent}) {
    EXPECT_TRUE(commerceup_.handles(type)) << type;
    EXPECT_FALSE(erp_.handles(type)) << type;
  }
}

TEST_F(DeliverySinks, AnUnknownEventTypeHasNoSink) {
  for (const char* type : {"commerceup.stock_take", "order.shipped", ""}) {
    EXPECT_FALSE(erp_.handles(type)) << type;
    EXPECT_FALSE(commerceup_.handles(type)) << type;
  }
}

}  // namespace
}  // namespace erpbridge::service
