// A C++ plugin whose extern "C" entry point lets an exception escape.
#include <stdexcept>

#include "stub_plugin.h"

extern "C" ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer*) {
  throw std::runtime_error("entry_throws always throws");
}
