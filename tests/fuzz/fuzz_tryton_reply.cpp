// Fuzz target: Tryton's JSON-RPC replies to the tryton adapter. The first byte picks the flow
// whose every call gets the rest of the input as its reply, behind a valid login:
//   0-3  an event's delivery and lookup (customer, order, cancellation, return);
//   4    pulls of changes, first and resumed from a cursor;
//   5    a JSON-RPC `error` value alone (classify_rpc_error);
//   6    an HTTP error reply with its Retry-After (classify_http).
// Any input must end in a result or a reported failure: a crash, hang, sanitizer report or an
// exception escaping the adapter is a bug.
#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "error_classifier.hpp"
#include "tryton_adapter.hpp"

namespace {

using namespace erpbridge;
using namespace erpbridge::tryton;
namespace json = boost::json;

const char* const kEvents[] = {
    R"({"event_id":"e","event_type":"customer.created","data":{"customer_id":"c1",
        "first_name":"A","email":"a@x","addresses":[{"line1":"1 Rd","city":"P","country":"IN",
        "state":"MH","pincode":"1"}]}})",
    R"({"event_id":"e","event_type":"order.created","data":{"order_id":"O1",
        "customer":{"customer_id":"c1"},"placed_at":"2026-01-02T10:00:00Z","currency":"INR",
        "billing_address":{"line1":"1 Rd","country":"IN"},
        "items":[{"line_id":"L1","sku":"S","quantity":2,"unit_price":"5.00","discount":"1.00",
                  "line_total":"9.00"}],
        "totals":{"grand_total":"12.00"},"shipping":{"amount":"3.00"}}})",
    R"({"event_id":"e","event_type":"order.cancelled","data":{"order_id":"O1",
        "cancellation_id":"C1","scope":"partial","items":[{"line_id":"L1","quantity":1}]}})",
    R"({"event_id":"e","event_type":"order.returned","data":{"order_id":"O1","return_id":"R1",
        "status":"approved","items":[{"line_id":"L1","quantity":1}]}})",
};

void run_flow(int which, const std::string& body) {
  sdk::testing::FakeHost host;
  host.answer_with([&body](const sdk::HttpRequest& request) {
    sdk::HttpResponse response;
    response.status = 200;
    if (request.body.find("common.db.login") != std::string::npos)
      response.body = R"({"id":)" + json::serialize(json::parse(request.body).at("id")) +
                      R"(,"result":[1,"key"]})";
    else
      response.body = body;
    return response;
  });
  static const json::value settings = json::parse(
      R"({"database":"erp","login":"a","password":"p","shipping_product":"SHIP","unit":"u"})");
  TrytonAdapter adapter(settings.as_object(), host.host());
  if (which == 4) {
    (void)json::serialize(adapter.pull(sdk::PullRequest{std::nullopt, 3}).details);
    (void)json::serialize(
        adapter
            .pull(sdk::PullRequest{
                "v1;moves=2026-11-27T07:38:30.480364,12;sales=2026-11-27T07:38:31.653320,4", 2})
            .details);
    return;
  }
  sdk::Delivery delivery;
  delivery.event = json::parse(kEvents[which]).as_object();
  delivery.refs =
      json::parse(R"({"customer_erp_id":"2","order_erp_id":"7","line_erp_ids":{"L1":"70"}})")
          .as_object();
  (void)json::serialize(adapter.deliver(delivery).details);
  (void)json::serialize(adapter.lookup(delivery).details);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 5: {
      json::error_code ec;
      auto error = json::parse(text, ec);
      if (!ec) (void)classify_rpc_error(error, "model.x.y").message;
      break;
    }
    case 6: {
      sdk::HttpResponse response;
      response.status = 503;
      response.body = text;
      response.headers = {{"Retry-After", text.substr(0, 12)}};
      (void)classify_http(response, Effect::write, "model.x.y");
      break;
    }
    default:
      run_flow(data[0] % 7, text);
  }
  return 0;
}
