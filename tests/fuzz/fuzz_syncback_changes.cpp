// Fuzz target: the sync-back changes document (docs/sync-back.md) as every way in reads it —
// POST /v1/erp/inventory, POST /v1/erp/order-status and a pull answer, picked by the first byte.
// Any input must end in changes or a ChangesError naming the field.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "syncback/changes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge::syncback;
  if (size == 0) return 0;
  const auto source = static_cast<ChangesSource>(data[0] % 3);
  ChangesError error;
  auto changes = parse_changes_json(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), source, error);
  if (!changes) (void)error.text();
  return 0;
}
