// Fuzz target: the event envelope POST /v1/events accepts (events::parse_event), the JSON
// Commerceup sends for each of its four events. Any input must end in an event or a
// ValidationError; a parsed event must answer its entity key and document id.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "events/event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge::events;
  ValidationError error;
  auto event = parse_event(std::string_view(reinterpret_cast<const char*>(data), size), error);
  if (event) {
    (void)event->entity_key();
    (void)event->document_id();
    (void)boost::json::serialize(event->envelope);
  }
  return 0;
}
