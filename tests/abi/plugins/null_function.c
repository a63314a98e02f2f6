/* A plugin whose info is the right size and version but lacks a required function. */
#include "stub_plugin.h"

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info = {sizeof(erpb_plugin_info),
                                        ERPB_ABI_VERSION_MAJOR,
                                        ERPB_ABI_VERSION_MINOR,
                                        "null_function",
                                        "1.0.0",
                                        "no deliver",
                                        stub_create,
                                        stub_destroy,
                                        NULL,
                                        NULL,
                                        stub_release,
                                        NULL,
                                        NULL,
                                        NULL};
  (void)offer;
  return &info;
}
