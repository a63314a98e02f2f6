/* A plugin built for a minor version newer than the host's. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info =
      STUB_PLUGIN_INFO("abi_minor_newer", ERPB_ABI_VERSION_MAJOR, ERPB_ABI_VERSION_MINOR + 1);
  (void)offer;
  return &info;
}
