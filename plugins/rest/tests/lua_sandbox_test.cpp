// The Lua sandbox: only safe libraries, bounded instructions and memory, and nothing a mapping
// does survives its delivery or reaches another tenant.
#include <gtest/gtest.h>

#include <thread>

#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

boost::json::object settings_with_body(const std::string& body, const std::string& limits = "") {
  boost::json::object settings =
      parse_object(R"({"events": {"order.cancelled": {"path": "/cancel"}}})");
  settings["events"].as_object()["order.cancelled"].as_object()["body"] = body;
  if (!limits.empty()) settings["limits"] = parse_object(limits);
  return settings;
}

struct Outcome {
  sdk::Result result;
  std::string body;  // what was sent, if anything
};

Outcome run(const RestAdapter& adapter) {
  ScriptedErp erp(reply(200, "{}"));
  Outcome outcome{adapter.deliver(delivery("order.cancelled", sample_refs()), erp.sender()), ""};
  if (!erp.requests.empty()) outcome.body = erp.requests[0].body;
  return outcome;
}

Outcome run(const std::string& body, const std::string& limits = "") {
  return run(RestAdapter(settings_with_body(body, limits)));
}

TEST(LuaSandbox, UnsafeLibrariesAndFunctionsAreAbsent) {
  auto outcome = run(R"(
    local names = { "os", "io", "package", "debug", "require", "dofile", "loadfile", "print",
                    "collectgarbage", "setmetatable", "coroutine" }
    local present = {}
    for _, name in ipairs(names) do
      if _ENV[name] ~= nil then present[#present + 1] = name end
    end
    return { present = json.array(present), dump = type(string.dump) })");
  EXPECT_EQ(outcome.body, R"({"dump":"nil","present":[]})");
}

TEST(LuaSandbox, LoadAcceptsTextOnlyAndSeesTheSandbox) {
  auto outcome = run(R"(
    local binary, err = load("\27Lua", "chunk")
    local f = load("return os, money ~= nil")
    local os_seen, helpers_seen = f()
    return { binary = binary == nil, err = err, os = os_seen == nil, helpers = helpers_seen })");
  EXPECT_EQ(outcome.body,
            R"x({"binary":true,"err":"attempt to load a binary chunk (mode is 't')",)x"
            R"("helpers":true,"os":true})");
}

TEST(LuaSandbox, SharedMetatablesAreHidden) {
  auto outcome = run(R"(return { s = getmetatable(""), d = getmetatable(dec(1)) })");
  EXPECT_EQ(outcome.body, R"({"d":false,"s":false})");
}

TEST(LuaSandbox, RunawayLoopHitsTheInstructionLimit) {
  auto outcome = run("while true do end", R"({"instructions": 5000})");
  EXPECT_EQ(class_name(outcome.result.result_class), "invalid");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body: mapping exceeded its limit of 5000 instructions");
}

TEST(LuaSandbox, PcallCannotSwallowTheInstructionLimit) {
  auto outcome =
      run("while true do pcall(function() while true do end end) end", R"({"instructions": 5000})");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body: mapping exceeded its limit of 5000 instructions");
}

TEST(LuaSandbox, DefaultInstructionLimitIsOneMillion) {
  auto outcome = run("local n = 0 while true do n = n + 1 end");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body: mapping exceeded its limit of 1000000 instructions");
}

TEST(LuaSandbox, HugeStringHitsTheMemoryLimit) {
  auto outcome = run(R"(return { s = string.rep("x", 64 * 1024 * 1024) })");
  EXPECT_EQ(class_name(outcome.result.result_class), "invalid");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body: mapping exceeded its memory limit of 16384 KiB");
}

TEST(LuaSandbox, GrowingTableHitsAConfiguredMemoryLimit) {
  auto outcome = run("local t = {} for i = 1, 1e7 do t[i] = i end return t",
                     R"({"memory_kb": 256, "instructions": 1000000000})");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body: mapping exceeded its memory limit of 256 KiB");
}

// Small blocks are recycled by the sandbox's pool; they count against the limit all the same.
TEST(LuaSandbox, ManySmallTablesHitAConfiguredMemoryLimit) {
  auto outcome = run("local t = {} for i = 1, 1e7 do t[i] = { i } end return t",
                     R"({"memory_kb": 256, "instructions": 1000000000})");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body: mapping exceeded its memory limit of 256 KiB");
}

TEST(LuaSandbox, StateStillWorksAfterALimitWasHit) {
  EXPECT_EQ(class_name(run("while true do end", R"({"instructions": 5000})").result.result_class),
            "invalid");
  EXPECT_EQ(
      class_name(run(R"(return { s = string.rep("x", 64 * 1024 * 1024) })").result.result_class),
      "invalid");
  EXPECT_EQ(run("return { ok = true }").body, R"({"ok":true})");
}

TEST(LuaSandbox, GlobalsDoNotSurviveADelivery) {
  RestAdapter adapter(settings_with_body("counter = (counter or 0) + 1 return { n = counter }"));
  EXPECT_EQ(run(adapter).body, R"({"n":1})");
  EXPECT_EQ(run(adapter).body, R"({"n":1})");
}

TEST(LuaSandbox, OneTenantsChangesToLibrariesDoNotReachAnother) {
  RestAdapter vandal(settings_with_body("string.upper = nil math.floor = nil return {}"));
  RestAdapter victim(
      settings_with_body(R"(return { u = string.upper("a"), f = math.floor(2.5) })"));
  run(vandal);
  EXPECT_EQ(run(victim).body, R"({"f":2,"u":"A"})");
}

TEST(LuaSandbox, EventDataIsReadOnly) {
  auto outcome = run("data.reason = 'changed' return {}");
  EXPECT_EQ(class_name(outcome.result.result_class), "invalid");
  EXPECT_EQ(message_of(outcome.result),
            "/events/order.cancelled/body:1: event and reply data are read-only; build a table "
            "of your own");
}

TEST(LuaSandbox, EventDataReadsLikeATable) {
  auto outcome = run(R"(
    local keys = {}
    for k in pairs(data.refund) do keys[#keys + 1] = k end
    table.sort(keys)
    local skus = {}
    for i, item in ipairs(data.items) do skus[i] = item.sku end
    return {
      keys = keys, skus = skus, n = #data.items, kind = type(data),
      same = data.items == data.items, text = tostring(data.refund),
      encoded = json.encode(data.items[1].restock), missing = data.nothing == nil,
    })");
  EXPECT_EQ(
      outcome.body,
      R"({"encoded":"true","keys":["amount","method","status"],"kind":"userdata","missing":true,)"
      R"("n":1,"same":true,"skus":["MUG-CER-350"],)"
      R"("text":"{\"amount\":\"299.00\",\"method\":\"original\",\"status\":\"pending\"}"})");
}

TEST(LuaSandbox, EventDataCanBeCopiedIntoBodiesWhole) {
  auto outcome = run("return { refund = data.refund, items = data.items }");
  EXPECT_EQ(outcome.body,
            R"({"items":[{"amount":"299.00","line_id":"L2","quantity":1,"restock":true,)"
            R"("sku":"MUG-CER-350","tax_amount":"45.61"}],)"
            R"("refund":{"amount":"299.00","method":"original","status":"pending"}})");
}

TEST(LuaSandbox, ConcurrentDeliveriesEachGetTheirOwnState) {
  RestAdapter adapter(
      settings_with_body("local t = {} for i = 1, 50 do t[i] = money(dec(i) * '1.10') end "
                         "return { last = t[50], attempt = attempt }"));
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        ScriptedErp erp(reply(200, "{}"));
        adapter.deliver(delivery("order.cancelled", sample_refs(), t + 1), erp.sender());
        if (erp.requests.empty() || erp.requests[0].body != R"({"attempt":)" +
                                                                std::to_string(t + 1) +
                                                                R"(,"last":"55.00"})")
          ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace erpbridge::rest
