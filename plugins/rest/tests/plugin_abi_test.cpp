// rest.so through the C ABI, the way the host sees it: loaded with dlopen, driven through
// erpb_plugin_info with a fake host whose http_send answers like the sample ERP.
#include <dlfcn.h>
#include <erpbridge/plugin_abi.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

// What the fake host hands back; the erpb_http_response points into it.
struct OwnedResponse {
  erpb_http_response raw{};
  std::string body;
  std::string error;
};

struct FakeHost {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> requests;  // target, body
  int status = 200;
  std::string reply_body = R"({"status":"success","customerId":"C000042"})";
  std::atomic<int> outstanding{0};
};

FakeHost* g_host = nullptr;

void host_log(erpb_host_ctx*, erpb_log_level, erpb_str) {}

const erpb_http_response* host_send(erpb_host_ctx*, const erpb_http_request* request) {
  {
    std::lock_guard lock(g_host->mutex);
    g_host->requests.emplace_back(std::string(request->target.data, request->target.size),
                                  std::string(request->body.data, request->body.size));
  }
  auto* owned = new OwnedResponse;
  owned->body = g_host->reply_body;
  owned->raw.struct_size = sizeof(erpb_http_response);
  owned->raw.transport = ERPB_TRANSPORT_OK;
  owned->raw.status = g_host->status;
  owned->raw.body = {owned->body.data(), owned->body.size()};
  owned->raw.error = {owned->error.data(), 0};
  ++g_host->outstanding;
  return &owned->raw;
}

void host_release(erpb_host_ctx*, const erpb_http_response* response) {
  --g_host->outstanding;
  delete reinterpret_cast<const OwnedResponse*>(response);  // raw is the first member
}

class PluginAbi : public ::testing::Test {
 protected:
  void SetUp() override {
    g_host = &host_;
    library_ = dlopen(REST_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();
    auto entry = reinterpret_cast<erpb_entry_fn>(dlsym(library_, ERPB_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr);
    erpb_host_offer offer{sizeof(erpb_host_offer), ERPB_ABI_VERSION_MAJOR, ERPB_ABI_VERSION_MINOR};
    info_ = entry(&offer);
    ASSERT_NE(info_, nullptr);
    api_.struct_size = sizeof api_;
    api_.abi_major = ERPB_ABI_VERSION_MAJOR;
    api_.abi_minor = ERPB_ABI_VERSION_MINOR;
    api_.log = host_log;
    api_.http_send = host_send;
    api_.http_release = host_release;
  }
  void TearDown() override {
    // The plugin stays loaded: its thread-local Lua states belong to this process's threads.
    g_host = nullptr;
  }

  erpb_connector* create(const std::string& settings, std::string* error = nullptr) {
    erpb_buffer buffer{nullptr, 0};
    erpb_connector* connector =
        info_->create(&api_, nullptr, {settings.data(), settings.size()}, &buffer);
    if (buffer.data) {
      if (error) *error = std::string(buffer.data, buffer.size);
      info_->release_buffer(buffer.data);
    }
    return connector;
  }

  std::pair<erpb_result_class, boost::json::object> call(
      erpb_result_class (*fn)(erpb_connector*, erpb_str, erpb_buffer*), erpb_connector* connector,
      const std::string& event_type) {
    boost::json::object input{{"event", sample_event(event_type)},
                              {"refs", sample_refs()},
                              {"attempt", 1},
                              {"idempotency_key", "k1"}};
    std::string text = boost::json::serialize(input);
    erpb_buffer result{nullptr, 0};
    erpb_result_class cls = fn(connector, {text.data(), text.size()}, &result);
    boost::json::object parsed =
        boost::json::parse(std::string_view(result.data, result.size)).as_object();
    info_->release_buffer(result.data);
    return {cls, parsed};
  }

  static std::string settings() {
    return R"({"events": {"customer.created": {"path": "/createcustomer",
        "body": "return { customer = { externalId = data.customer_id } }", "id": "/customerId",
        "lookup": {"path": "/customers", "query": {"externalId": "{{data.customer_id}}"},
                   "id": "/customerId"}}}})";
  }

  FakeHost host_;
  erpb_host_api api_{};
  void* library_ = nullptr;
  const erpb_plugin_info* info_ = nullptr;
};

TEST_F(PluginAbi, DescribesItselfAsRestWithLookup) {
  EXPECT_EQ(std::string(info_->name), "rest");
  EXPECT_EQ(info_->struct_size, sizeof(erpb_plugin_info));
  EXPECT_EQ(info_->abi_major, ERPB_ABI_VERSION_MAJOR);
  EXPECT_NE(info_->lookup, nullptr);
}

TEST_F(PluginAbi, BadSettingsAreRefusedWithTheirPointer) {
  std::string error;
  EXPECT_EQ(create(R"({"events": {"order.created": {"path": "/o"}}})", &error), nullptr);
  EXPECT_EQ(error, R"({"key":"/events/order.created/id","message":"is required for order.created: )"
                   R"(where the new id is in the ERP's reply"})");
}

TEST_F(PluginAbi, DeliversAndLooksUpThroughTheHost) {
  erpb_connector* connector = create(settings());
  ASSERT_NE(connector, nullptr);
  auto [cls, result] = call(info_->deliver, connector, "customer.created");
  EXPECT_EQ(cls, ERPB_RESULT_OK);
  EXPECT_EQ(result.at("erp_id"), "C000042");
  EXPECT_EQ(result.at("http_status"), 200);
  auto [lookup_cls, found] = call(info_->lookup, connector, "customer.created");
  EXPECT_EQ(lookup_cls, ERPB_RESULT_OK);
  EXPECT_EQ(found.at("found"), true);
  ASSERT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(host_.requests[0].first, "/createcustomer");
  EXPECT_EQ(host_.requests[0].second, R"({"customer":{"externalId":"cu_1001"}})");
  EXPECT_EQ(host_.requests[1].first, "/customers?externalId=cu_1001");
  EXPECT_EQ(host_.outstanding.load(), 0) << "every response was released";
  auto [other, refusal] = call(info_->deliver, connector, "order.returned");
  EXPECT_EQ(other, ERPB_RESULT_PERMANENT);
  info_->destroy(connector);
}

TEST_F(PluginAbi, TranslatesPushedBodiesThroughTheAbi) {
  ASSERT_NE(info_->translate_push, nullptr);
  ASSERT_NE(info_->pull_changes, nullptr);
  erpb_connector* connector = create(R"({"events": {"order.cancelled": {"path": "/c"}},
      "push": {"inventory": {"changes":
          "return { inventory = map(body.items, function(i) return { sku = i.code, quantity = i.qty } end) }"}}})");
  ASSERT_NE(connector, nullptr);
  std::string input = R"({"kind": "inventory", "content_type": "application/json",
                          "body": "{\"items\": [{\"code\": \"A\", \"qty\": 3}]}"})";
  erpb_buffer result{nullptr, 0};
  erpb_result_class cls = info_->translate_push(connector, {input.data(), input.size()}, &result);
  auto changes = boost::json::parse(std::string_view(result.data, result.size));
  info_->release_buffer(result.data);
  info_->destroy(connector);
  EXPECT_EQ(cls, ERPB_RESULT_OK);
  EXPECT_EQ(changes, boost::json::parse(R"({"inventory": [{"sku": "A", "quantity": 3}]})"));
  EXPECT_TRUE(host_.requests.empty()) << "translation does no I/O";
}

TEST_F(PluginAbi, ConcurrentDeliveriesOnOneConnector) {
  erpb_connector* connector = create(settings());
  ASSERT_NE(connector, nullptr);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto [cls, result] = call(info_->deliver, connector, "customer.created");
        if (cls != ERPB_RESULT_OK || result.at("erp_id") != "C000042") ++failures;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(host_.requests.size(), 400u);
  info_->destroy(connector);
}

}  // namespace
}  // namespace erpbridge::rest
