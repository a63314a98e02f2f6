/* A library that looks like a plugin but exports its entry under another name. Its static
 * constructor leaves a mark in the environment, so a test can prove the host refused it
 * without loading it (dlopen would have run the constructor). */
#include "stub_plugin.h"

__attribute__((constructor)) static void mark_loaded(void) {
  setenv("ERPBRIDGE_NO_ENTRY_WAS_LOADED", "1", 1);
}

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry_v0(const erpb_host_offer* offer) {
  static const erpb_plugin_info info = STUB_PLUGIN_INFO("no_entry", 1, 0);
  (void)offer;
  return &info;
}
