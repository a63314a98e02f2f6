// Fuzz target for the tryton adapter's parsers of outside input (STYLE.md). The first byte
// picks what the rest of the input is:
//   0-3  Tryton's reply to every call of one event's flow (customer, order, cancel, return),
//        and of a pull of changes, behind a valid login: the whole reply-reading path;
//   4    tenant settings;   5  a decimal, a timestamp and a pull cursor;
//   6    a JSON-RPC `error` value;
//   7    an HTTP error body and a Retry-After value.
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
#include "pull_cursor.hpp"
#include "tryton_adapter.hpp"
#include "tryton_settings.hpp"
#include "value_encoding.hpp"

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

void run_flow(int which, std::string_view reply) {
  const std::string body(reply);
  sdk::testing::FakeHost host;
  host.answer_with([&body](const sdk::HttpRequest& request) {
    sdk::HttpResponse response;
    response.status = 200;
    const auto id = json::parse(request.body).at("id");
    if (request.body.find("common.db.login") != std::string::npos)
      response.body = R"({"id":)" + json::serialize(id) + R"(,"result":[1,"key"]})";
    else
      response.body = body;
    return response;
  });
  auto settings = json::parse(
      R"({"database":"erp","login":"a","password":"p","shipping_product":"SHIP","unit":"u"})");
  TrytonAdapter adapter(settings.as_object(), host.host());
  sdk::Delivery delivery;
  delivery.event = json::parse(kEvents[which]).as_object();
  delivery.refs =
      json::parse(R"({"customer_erp_id":"2","order_erp_id":"7","line_erp_ids":{"L1":"70"}})")
          .as_object();
  (void)json::serialize(adapter.deliver(delivery).details);
  (void)json::serialize(adapter.lookup(delivery).details);
  (void)json::serialize(adapter.pull(sdk::PullRequest{std::nullopt, 3}).details);
  (void)json::serialize(
      adapter
          .pull(sdk::PullRequest{
              "v1;moves=2026-11-27T07:38:30.480364,12;sales=2026-11-27T07:38:31.653320,4", 2})
          .details);
}

void read_settings(std::string_view text) {
  json::error_code ec;
  auto settings = json::parse(text, ec);
  if (ec || !settings.is_object()) return;
  try {
    (void)parse_tryton_settings(settings.as_object()).context();
  } catch (const sdk::SettingsError&) {
  }
}

void read_values(std::string_view text) {
  if (auto d = Decimal::parse(text)) {
    (void)d->to_string();
    if (auto q = d->divided_by(3, 4)) (void)q->trimmed(2).to_string();
    (void)(*d * 7 - *d).to_string();
  }
  (void)date_of_timestamp(text);
  (void)parse_id(text);
  if (auto cursor = PullCursor::decode(text)) (void)cursor->encode();
  if (auto stamp = Stamp::parse(text)) (void)stamp->to_json();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0:
    case 1:
    case 2:
    case 3:
      run_flow(data[0] % 8, text);
      break;
    case 4:
      read_settings(text);
      break;
    case 5:
      read_values(text);
      break;
    case 6: {
      json::error_code ec;
      auto error = json::parse(text, ec);
      if (!ec) (void)classify_rpc_error(error, "model.x.y").message;
      break;
    }
    case 7: {
      sdk::HttpResponse response;
      response.status = 503;
      response.body = std::string(text);
      response.headers = {{"Retry-After", std::string(text.substr(0, 12))}};
      (void)classify_http(response, Effect::write, "model.x.y");
      break;
    }
  }
  return 0;
}
