// Fuzz target: the YAML config files, a tenant file and the host file (parse_tenant_config,
// parse_host_config). Any input must end in a parsed config or a ConfigError: any other
// exception, crash, hang or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config/tenant_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace erpbridge::config;
  try {
    parse_tenant_config(text, "/nonexistent/fuzz/tenant.yaml");
  } catch (const ConfigError&) {
  }
  try {
    parse_host_config(text, "/nonexistent/fuzz/erpbridge.yaml");
  } catch (const ConfigError&) {
  }
  return 0;
}
