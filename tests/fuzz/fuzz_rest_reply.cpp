// Fuzz target: an ERP's reply to the rest adapter (JSON or XML, picked by the first byte; the
// second picks the HTTP status and the event): the reply document and its locators, then the
// whole reply-reading path of a delivery and of a lookup — the success expression sees the reply
// as Lua does, ids, line ids and the ERP's message are read from it. Any input must end in a
// classified result: a crash, hang, sanitizer report or escaping exception is a bug.
#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "reply_document.hpp"
#include "rest_adapter.hpp"

namespace {

using namespace erpbridge;
using namespace erpbridge::rest;

// The demo tenants' contract (config/tenants/demo-*.yaml), cut down to what a reply touches.
constexpr const char* kJsonSettings = R"({"format": "json", "events": {
  "customer.created": {"path": "/createcustomer", "body": "return { id = data.customer_id }",
    "id": "/customerId", "success": "reply.status == 'success'", "message": "/message",
    "lookup": {"path": "/customers", "query": {"externalId": "{{data.customer_id}}"},
               "id": "/customerId"}},
  "order.created": {"path": "/createorder", "body": "return { id = data.order_id }",
    "id": "/orderId", "message": "/error/detail",
    "line_ids": {"array": "/lines", "our": "/lineRef", "erp": "/lineId"}}}})";
constexpr const char* kXmlSettings = R"({"format": "xml", "events": {
  "customer.created": {"path": "/xml/createcustomer", "body": "return { customer = { id = data.customer_id } }",
    "id": "/response/customerId", "success": "reply.status == 'success'",
    "message": "/response/message",
    "lookup": {"path": "/xml/customers", "query": {"externalId": "{{data.customer_id}}"},
               "id": "/response/customerId"}},
  "order.created": {"path": "/xml/createorder", "body": "return { order = { id = data.order_id } }",
    "id": "/response/orderId", "message": "/response/error",
    "line_ids": {"array": "/response/lines/line", "our": "lineRef", "erp": "lineId"}}}})";

constexpr const char* kCustomer = R"({"event_id":"evt_1","event_type":"customer.created",
  "data":{"customer_id":"CU1","first_name":"A","email":"a@example.com"}})";
constexpr const char* kOrder = R"({"event_id":"evt_2","event_type":"order.created",
  "data":{"order_id":"O1","items":[{"line_id":"L1","sku":"S","quantity":1}]}})";

const RestAdapter& adapter(Format format) {
  static const RestAdapter json_adapter(boost::json::parse(kJsonSettings).as_object());
  static const RestAdapter xml_adapter(boost::json::parse(kXmlSettings).as_object());
  return format == Format::json ? json_adapter : xml_adapter;
}

void read_document(Format format, std::string_view body) {
  auto document = ReplyDocument::parse(format, body);
  if (!document) return;
  if (format == Format::json) {
    (void)document->text_at("/customerId");
    (void)document->line_ids({"/lines", "/lineRef", "/lineId"});
  } else {
    (void)document->text_at("/response/customerId");
    (void)document->line_ids({"/response/lines/line", "lineRef", "lineId"});
  }
  (void)boost::json::serialize(document->view());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const Format format = data[0] % 2 == 0 ? Format::json : Format::xml;
  static const int kStatuses[] = {200, 201, 400, 409, 422, 500, 503, 302};
  const int status = kStatuses[data[1] % 8];
  const bool order = data[1] & 8;
  const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
  read_document(format, body);

  sdk::testing::FakeHost host;
  host.answer_with([&](const sdk::HttpRequest&) {
    return sdk::testing::reply(status, body, {{"Retry-After", body.substr(0, 16)}});
  });
  sdk::Delivery delivery;
  delivery.event = boost::json::parse(order ? kOrder : kCustomer).as_object();
  delivery.refs = boost::json::parse(R"({"customer_erp_id":"C1"})").as_object();
  delivery.idempotency_key = "pfuzz:evt";
  (void)boost::json::serialize(adapter(format).deliver(delivery, host.host()).details);
  if (!order) (void)boost::json::serialize(adapter(format).lookup(delivery, host.host()).details);
  return 0;
}
