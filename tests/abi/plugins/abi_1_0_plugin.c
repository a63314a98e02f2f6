/* A good plugin built against ABI 1.0, before translate_push and pull_changes existed: its
 * plugin info ends at release_buffer. The host must load it and never read past that end. */
#include <stddef.h>

#include "stub_plugin.h"

/* The 1.0 layout, as an old plugin's own header declared it. */
typedef struct abi_1_0_plugin_info {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  const char* name;
  const char* version;
  const char* description;
  erpb_connector* (*create)(const erpb_host_api*, erpb_host_ctx*, erpb_str, erpb_buffer*);
  void (*destroy)(erpb_connector*);
  erpb_result_class (*deliver)(erpb_connector*, erpb_str, erpb_buffer*);
  erpb_result_class (*lookup)(erpb_connector*, erpb_str, erpb_buffer*);
  void (*release_buffer)(char*);
} abi_1_0_plugin_info;

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const abi_1_0_plugin_info info = {sizeof(abi_1_0_plugin_info),
                                           1,
                                           0,
                                           "abi_1_0_plugin",
                                           "1.0.0",
                                           "plugin built for ABI 1.0",
                                           stub_create,
                                           stub_destroy,
                                           stub_deliver,
                                           NULL,
                                           stub_release};
  (void)offer;
  return (const erpb_plugin_info*)&info;
}
