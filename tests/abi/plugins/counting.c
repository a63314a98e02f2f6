/* A good plugin written in plain C against plugin_abi.h alone. It counts the buffers it hands
 * out and the connectors alive, so tests can prove the host gives every buffer back through
 * release_buffer and destroys every connector. Single-threaded tests only.
 *  - create: logs through the host; refuses settings containing "refuse" with a dotted key
 *    (the older SDK form) so the host's conversion to a JSON pointer is exercised.
 *  - deliver: answers result class 7, which the ABI does not define.
 *  - lookup: not provided. */
#include <erpbridge/plugin_abi.h>

#include <stdlib.h>
#include <string.h>

static int live_buffers;
static int live_connectors;

ERPB_EXPORT int counting_live_buffers(void) {
  return live_buffers;
}
ERPB_EXPORT int counting_live_connectors(void) {
  return live_connectors;
}

static void put_text(erpb_buffer* out, const char* text) {
  const size_t size = strlen(text);
  out->data = (char*)malloc(size + 1);
  out->size = out->data ? size : 0;
  if (!out->data) return;
  memcpy(out->data, text, size + 1);
  ++live_buffers;
}

static int contains(erpb_str haystack, const char* needle) {
  const size_t n = strlen(needle);
  for (size_t i = 0; haystack.data && i + n <= haystack.size; ++i)
    if (memcmp(haystack.data + i, needle, n) == 0) return 1;
  return 0;
}

static erpb_connector* counting_create(const erpb_host_api* host, erpb_host_ctx* ctx,
                                       erpb_str settings, erpb_buffer* error) {
  static const char kMessage[] = "creating a counting connector";
  host->log(ctx, ERPB_LOG_INFO, (erpb_str){kMessage, sizeof kMessage - 1});
  if (contains(settings, "refuse")) {
    put_text(error, "{\"key\":\"endpoint.url\",\"message\":\"must use https\"}");
    return NULL;
  }
  ++live_connectors;
  return (erpb_connector*)malloc(1);
}

static void counting_destroy(erpb_connector* connector) {
  --live_connectors;
  free(connector);
}

static erpb_result_class counting_deliver(erpb_connector* connector, erpb_str input,
                                          erpb_buffer* result) {
  (void)connector;
  (void)input;
  put_text(result, "{\"erp_id\":\"C-1\"}");
  return (erpb_result_class)7;
}

static void counting_release(char* data) {
  --live_buffers;
  free(data);
}

ERPB_EXPORT const erpb_plugin_info* erpbridge_plugin_entry(const erpb_host_offer* offer) {
  static const erpb_plugin_info info = {sizeof(erpb_plugin_info),
                                        ERPB_ABI_VERSION_MAJOR,
                                        ERPB_ABI_VERSION_MINOR,
                                        "counting",
                                        "0.1.0",
                                        "test plugin in C that counts its buffers",
                                        counting_create,
                                        counting_destroy,
                                        counting_deliver,
                                        NULL,
                                        counting_release,
                                        NULL,
                                        NULL,
                                        NULL};
  (void)offer;
  return &info;
}
