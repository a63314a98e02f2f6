// Fuzz target: what the rest adapter's sync-back mappings read from the ERP (plugins/rest
// README, "Sync back"). The first byte picks the way in:
//   0  a body the ERP pushes, JSON, through a mapping passing it on as inventory changes;
//   1  the same in XML (the table view), as order-status changes;
//   2  the same JSON through a mapping that reads fields and reject()s bad ones;
//   3  a pull reply, JSON, through a feed mapping passing it on;   4  the same in XML.
// Passing the body on unchanged makes the changes check (normalize_changes) see it as it came.
// Any input must end in a result: a crash, hang, sanitizer report or escaping exception is a bug.
#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "pull_flow.hpp"
#include "push_flow.hpp"
#include "rest_adapter.hpp"

namespace {

using namespace erpbridge;
using namespace erpbridge::rest;

// `format`: the tenant's format; the push mappings and a pull feed that pass everything on.
RestAdapter passing_on(const char* format) {
  return RestAdapter(boost::json::parse(std::string(R"({"format": ")") + format + R"(",
    "events": {"order.cancelled": {"path": "/c", "body": "return {}"}},
    "pull": {"feed": {"path": "/changes", "query": {"since": "{{cursor or 0}}"},
                      "changes": "return reply"}},
    "push": {"inventory": {"changes": "return body"},
             "order_status": {"changes": "return { order_status = { body } }"}}})")
                         .as_object());
}

// The README's example push mapping, reading the ERP's own fields.
const RestAdapter& reading_fields() {
  static const RestAdapter adapter(boost::json::parse(R"({
    "events": {"order.cancelled": {"path": "/c", "body": "return {}"}},
    "push": {"inventory": {"changes": "if body.stock == nil then reject('/stock', 'is required') end\nreturn { inventory = map(body.stock, function(s, i)\n  if math.type(s.onHand) ~= 'integer' then reject('/stock/' .. (i - 1) .. '/onHand', 'must be a whole number') end\n  return { sku = s.itemCode, quantity = s.onHand }\nend) }"}}})")
                                       .as_object());
  return adapter;
}

void pull(const RestAdapter& adapter, const std::string& body) {
  sdk::testing::FakeHost host;
  host.answer_with([&](const sdk::HttpRequest&) { return sdk::testing::reply(200, body); });
  (void)boost::json::serialize(
      pull_changes(adapter.settings(), sdk::PullRequest{R"({"feed":"7"})", 50}, host.host())
          .details);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const RestAdapter json_tenant = passing_on("json");
  static const RestAdapter xml_tenant = passing_on("xml");
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      (void)translate_push(json_tenant.settings(), {"inventory", "application/json", body});
      break;
    case 1:
      (void)translate_push(xml_tenant.settings(), {"order_status", "application/xml", body});
      break;
    case 2:
      (void)translate_push(reading_fields().settings(), {"inventory", "application/json", body});
      break;
    case 3:
      pull(json_tenant, body);
      break;
    default:
      pull(xml_tenant, body);
  }
  return 0;
}
