// Fuzz target: a facade body in XML (docs/http-api.yaml, "XML bodies"): api::xml_to_json, the
// object written back as the XML reply would be, and the object validated as the `data` of
// the event type the first byte picks. Any input must end in a value or a one-line error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/xml_body.hpp"
#include "events/event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge;
  if (size == 0) return 0;
  const auto type = static_cast<events::EventType>(data[0] % 4);
  std::string error;
  auto object =
      api::xml_to_json(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), error);
  if (!object) return 0;
  (void)api::json_to_xml("data", *object);
  events::ValidationError invalid;
  (void)events::event_from_data(type, "evt_fuzz", "pfuzz", "2026-12-01T00:00:00Z",
                                std::move(*object), invalid);
  return 0;
}
