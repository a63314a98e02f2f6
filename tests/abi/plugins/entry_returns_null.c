/* A plugin that declines every host. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  (void)offer;
  return NULL;
}
