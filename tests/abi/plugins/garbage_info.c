/* A plugin whose info is garbage: a struct_size too small to hold anything, no functions. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info = {3,
                                        ERPB_ABI_VERSION_MAJOR,
                                        ERPB_ABI_VERSION_MINOR,
                                        "garbage_info",
                                        "1.0.0",
                                        "garbage",
                                        NULL,
                                        NULL,
                                        NULL,
                                        NULL,
                                        NULL,
                                        NULL,
                                        NULL,
                                        NULL};
  (void)offer;
  return &info;
}
