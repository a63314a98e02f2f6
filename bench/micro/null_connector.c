/* A connector that does no I/O and no parsing: deliver answers a constant result. Loaded by
 * bench_plugin_abi so that what it measures is the host's side of one call across the ABI
 * (input handed over, result buffer released and parsed). Designated initialisers keep it
 * valid when later ABI minors append optional fields. */
#include <erpbridge/plugin_abi.h>

#include <stdlib.h>
#include <string.h>

static const char kResult[] =
    "{\"erp_id\":\"SO-1\",\"line_erp_ids\":{\"L1\":\"10\",\"L2\":\"20\"}}";

static erpb_connector* null_create(const erpb_host_api* host, erpb_host_ctx* ctx, erpb_str settings,
                                   erpb_buffer* error) {
  (void)host;
  (void)ctx;
  (void)settings;
  (void)error;
  return (erpb_connector*)malloc(1);
}

static void null_destroy(erpb_connector* connector) {
  free(connector);
}

static erpb_result_class null_deliver(erpb_connector* connector, erpb_str input,
                                      erpb_buffer* result) {
  (void)connector;
  (void)input;
  result->data = (char*)malloc(sizeof kResult);
  result->size = result->data ? sizeof kResult - 1 : 0;
  if (result->data) memcpy(result->data, kResult, sizeof kResult);
  return ERPB_RESULT_OK;
}

static void null_release(char* data) {
  free(data);
}

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info = {
      .struct_size = sizeof(erpb_plugin_info),
      .abi_major = ERPB_ABI_VERSION_MAJOR,
      .abi_minor = ERPB_ABI_VERSION_MINOR,
      .name = "null_connector",
      .version = "1.0.0",
      .description = "benchmark connector: answers a constant result, no I/O",
      .create = null_create,
      .destroy = null_destroy,
      .deliver = null_deliver,
      .lookup = NULL,
      .release_buffer = null_release,
  };
  (void)offer;
  return &info;
}
