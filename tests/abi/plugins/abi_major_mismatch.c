/* A plugin built for a future major version of the ABI. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info = STUB_PLUGIN_INFO("abi_major_mismatch", 2, 0);
  (void)offer;
  return &info;
}
