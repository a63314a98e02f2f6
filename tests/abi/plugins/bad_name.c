/* A plugin whose name breaks the [a-z0-9_-]{1,64} rule. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info =
      STUB_PLUGIN_INFO("Bad Name!", ERPB_ABI_VERSION_MAJOR, ERPB_ABI_VERSION_MINOR);
  (void)offer;
  return &info;
}
