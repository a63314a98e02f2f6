// Fuzz target: the scalar values adapters read from ERP replies and events — decimals, RFC 3339
// timestamps, Retry-After values, Tryton ids and pull cursors. The first byte picks the adapter:
// rest (Decimal, reformat_timestamp, Retry-After) or tryton (Decimal, dates, ids, cursors).
// Any input must end in a value or nullopt; a decimal must read back as itself.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "decimal.hpp"
#include "pull_cursor.hpp"
#include "reply_classifier.hpp"
#include "timestamp_format.hpp"
#include "value_encoding.hpp"

namespace {

void rest_values(std::string_view text) {
  using namespace erpbridge::rest;
  (void)parse_retry_after(text, std::chrono::system_clock::time_point{});
  if (auto value = Decimal::parse(text)) {
    if (Decimal::parse(value->to_string()) != value) std::abort();
    (void)value->rounded(2);
    if (auto product = value->times(*value)) (void)product->divided_by(*value);
  }
  (void)reformat_timestamp(text, "%F %T %z %Ez %j %a %A %b %B %I %p %e %y %s %%", "+05:30");
  (void)reformat_timestamp(text, "%Y%m%d", "UTC");
}

void tryton_values(std::string_view text) {
  using namespace erpbridge::tryton;
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
  if (data[0] % 2 == 0)
    rest_values(text);
  else
    tryton_values(text);
  return 0;
}
