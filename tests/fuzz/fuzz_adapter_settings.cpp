// Fuzz target: an adapter's `settings:` section of a tenant file (JSON once the YAML is read),
// validated when its connector is created. The first byte picks the adapter: rest, sap_xml or
// tryton. Any input must end in settings or an sdk::SettingsError.
#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rest_adapter.hpp"
#include "sap_settings.hpp"
#include "tryton_settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge;
  if (size == 0) return 0;
  boost::json::error_code ec;
  auto settings =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), ec);
  if (ec || !settings.is_object()) return 0;
  try {
    switch (data[0] % 3) {
      case 0:
        (void)rest::RestAdapter(settings.as_object());
        break;
      case 1:
        (void)sap_xml::parse_settings(settings.as_object());
        break;
      default:
        (void)tryton::parse_tryton_settings(settings.as_object()).context();
    }
  } catch (const sdk::SettingsError&) {
  }
  return 0;
}
