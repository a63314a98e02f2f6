/* A plugin that claims ABI 1.1 but hands over a plugin info of the 1.0 size: the host would
 * read translate_push and pull_changes from beyond its data, so it must refuse it. */
#include <stddef.h>

#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static erpb_plugin_info info = STUB_PLUGIN_INFO("short_1_1_info", ERPB_ABI_VERSION_MAJOR, 1);
  (void)offer;
  info.struct_size = offsetof(erpb_plugin_info, release_buffer) + sizeof info.release_buffer;
  return &info;
}
