// Micro benchmarks of the rest adapter's hot path (target: mapping one sample order <= 10 us).
// Not a test: run build/<preset>/plugins/rest/tests/rest_mapping_benchmark.
#include <benchmark/benchmark.h>

#include "lua_runtime.hpp"
#include "request_builder.hpp"
#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

// The demo tenant's order mapping (config/tenants/demo-json.yaml).
constexpr const char* kOrderBody = R"lua(
local function address(a)
  if a == nil then return nil end
  return {
    name = a.name, line1 = a.line1, line2 = a.line2, city = a.city, state = a.state,
    pincode = a.pincode, country = a.country, phone = a.phone,
  }
end
return {
  order = {
    externalId = data.order_id,
    orderNumber = data.order_number,
    customerId = refs.customer_erp_id,
    currency = data.currency,
    orderDate = date(data.placed_at, "%Y-%m-%d"),
    paymentMethod = data.payment.method == "cod" and "COD" or "PREPAID",
    shipTo = address(data.shipping_address),
    billTo = address(data.billing_address),
    lines = map(data.items, function(item)
      return {
        lineRef = item.line_id,
        sku = item.sku,
        description = item.name,
        quantity = item.quantity,
        unitPrice = money(item.unit_price),
        discount = money(default(item.discount, "0")),
        taxAmount = money(item.tax.amount),
        lineTotal = money(dec(item.unit_price) * item.quantity - dec(default(item.discount, "0"))),
      }
    end),
    shippingAmount = money(data.shipping.amount),
    grandTotal = money(data.totals.grand_total),
  },
}
)lua";

boost::json::object order_settings(const char* format) {
  boost::json::object event{
      {"path", "/createorder"},
      {"body", kOrderBody},
      {"id", std::string(format) == "xml" ? "/response/orderId" : "/orderId"}};
  if (std::string(format) == "json")
    event["line_ids"] = parse_object(R"({"array": "/lines", "our": "/lineRef", "erp": "/lineId"})");
  event["success"] = "reply.status == 'success'";
  return {{"format", format}, {"events", boost::json::object{{"order.created", event}}}};
}

// Building the request: a fresh Lua environment with the event, the mapping, JSON/XML text.
void MapSampleOrder(benchmark::State& state, const char* format) {
  RestAdapter adapter(order_settings(format));
  const EventSpec& event = *adapter.settings().find("order.created");
  sdk::Delivery d = delivery("order.created", sample_refs());
  for (auto _ : state) {
    LuaSession lua(adapter.settings().program,
                   LuaInput{&d.event, &d.refs, d.attempt, d.idempotency_key});
    auto request = build_request(event, event.request, RequestPurpose::delivery, d, lua);
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK_CAPTURE(MapSampleOrder, json, "json");
BENCHMARK_CAPTURE(MapSampleOrder, xml, "xml");

// The fixed cost: a fresh environment holding the event, and a trivial body.
void MapTrivialBody(benchmark::State& state) {
  boost::json::object settings = parse_object(
      R"({"events": {"order.created": {"path": "/o", "id": "/id", "body": "return { a = 1 }"}}})");
  RestAdapter adapter(settings);
  const EventSpec& event = *adapter.settings().find("order.created");
  sdk::Delivery d = delivery("order.created", sample_refs());
  for (auto _ : state) {
    LuaSession lua(adapter.settings().program,
                   LuaInput{&d.event, &d.refs, d.attempt, d.idempotency_key});
    auto request = build_request(event, event.request, RequestPurpose::delivery, d, lua);
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK(MapTrivialBody);

// A whole delivery with a canned reply: mapping, reply parsing, success expression, line ids.
void DeliverSampleOrder(benchmark::State& state) {
  RestAdapter adapter(order_settings("json"));
  sdk::Delivery d = delivery("order.created", sample_refs());
  sdk::HttpResponse canned = reply(200, R"({"status":"success","orderId":"SO000001","lines":[
      {"lineRef":"L1","lineId":"SO000001-1"},{"lineRef":"L2","lineId":"SO000001-2"}]})");
  Send send = [&](const sdk::HttpRequest&) { return canned; };
  for (auto _ : state) benchmark::DoNotOptimize(adapter.deliver(d, send));
}
BENCHMARK(DeliverSampleOrder);

}  // namespace
}  // namespace erpbridge::rest

BENCHMARK_MAIN();
