// Fuzz target: a facade body in JSON (POST /createcustomer, /createorder, ...), read as the
// facade handler reads it: parsed, required to be an object, then validated as the `data` of
// the event type the first byte picks. Any input must end in an event or a ValidationError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/parse.hpp>

#include "events/event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge::events;
  if (size == 0) return 0;
  const auto type = static_cast<EventType>(data[0] % 4);
  boost::json::error_code ec;
  auto body =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), ec);
  if (ec || !body.is_object()) return 0;
  ValidationError error;
  auto event = event_from_data(type, "evt_fuzz", "pfuzz", "2026-12-01T00:00:00Z",
                               std::move(body.as_object()), error);
  if (event) (void)event->document_id();
  return 0;
}
