/* Valid connector functions shared by the deliberately broken plugins, so that each broken
 * plugin differs from a good one in exactly the one way its file name says. */
#ifndef ERPBRIDGE_TESTS_ABI_STUB_PLUGIN_H
#define ERPBRIDGE_TESTS_ABI_STUB_PLUGIN_H

#include <erpbridge/plugin_abi.h>

#include <stdlib.h>
#include <string.h>

static inline erpb_connector* stub_create(const erpb_host_api* host, erpb_host_ctx* ctx,
                                          erpb_str settings, erpb_buffer* error) {
  (void)host;
  (void)ctx;
  (void)settings;
  (void)error;
  return (erpb_connector*)malloc(1);
}

static inline void stub_destroy(erpb_connector* connector) {
  free(connector);
}

static inline erpb_result_class stub_deliver(erpb_connector* connector, erpb_str input,
                                             erpb_buffer* result) {
  static const char kResult[] = "{\"success\":true}";
  (void)connector;
  (void)input;
  result->data = (char*)malloc(sizeof kResult);
  result->size = result->data ? sizeof kResult - 1 : 0;
  if (result->data) memcpy(result->data, kResult, sizeof kResult);
  return ERPB_RESULT_OK;
}

static inline void stub_release(char* data) {
  free(data);
}

/* A complete, valid erpb_plugin_info initialiser with the given name and ABI version. */
#define STUB_PLUGIN_INFO(NAME, MAJOR, MINOR)                                                   \
  {                                                                                            \
    sizeof(erpb_plugin_info), (MAJOR), (MINOR), (NAME), "1.0.0", "deliberately broken plugin", \
        stub_create, stub_destroy, stub_deliver, NULL, stub_release, NULL, NULL, NULL          \
  }

#endif
