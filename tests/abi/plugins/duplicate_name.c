/* Built twice (duplicate_name_a, duplicate_name_b): two libraries claiming one plugin name. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info =
      STUB_PLUGIN_INFO("duplicate", ERPB_ABI_VERSION_MAJOR, ERPB_ABI_VERSION_MINOR);
  (void)offer;
  return &info;
}
