// Fuzz target for the rest adapter's parsers of outside input (STYLE.md): ERP replies (JSON and
// XML, with ids, line ids and the Lua table view), bodies the ERP pushes (through a mapping
// that passes them on as changes, so the changes check sees them as they are), tenant settings,
// Retry-After, decimals and timestamps. The first byte picks the parser. Any input must end in a
// value or a reported failure: a crash, hang, sanitizer report or unexpected exception is a bug.
#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decimal.hpp"
#include "push_flow.hpp"
#include "reply_classifier.hpp"
#include "reply_document.hpp"
#include "rest_adapter.hpp"
#include "timestamp_format.hpp"

namespace {

using namespace erpbridge::rest;

void read_reply(Format format, std::string_view body) {
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
  // Pushed as the ERP's own body: inventory as JSON, order status as XML.
  static const RestAdapter passing_on(boost::json::parse(R"({
      "events": {"order.cancelled": {"path": "/c"}},
      "push": {"inventory": {"changes": "return body"},
               "order_status": {"format": "xml", "changes": "return { order_status = { body } }"}}})")
                                          .as_object());
  (void)translate_push(
      passing_on.settings(),
      {format == Format::json ? "inventory" : "order_status", "", std::string(body)});
}

void read_settings(std::string_view text) {
  boost::system::error_code error;
  boost::json::value settings = boost::json::parse(text, error);
  if (error || !settings.is_object()) return;
  try {
    RestAdapter adapter(settings.get_object());
  } catch (const erpbridge::sdk::SettingsError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      read_reply(Format::json, text);
      break;
    case 1:
      read_reply(Format::xml, text);
      break;
    case 2:
      read_settings(text);
      break;
    default:
      (void)parse_retry_after(text, std::chrono::system_clock::time_point{});
      if (auto value = Decimal::parse(text)) (void)value->rounded(2);
      (void)reformat_timestamp(text, "%F %T %z %j %a %s", "+05:30");
  }
  return 0;
}
