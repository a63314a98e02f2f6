/*
 * erpbridge plugin ABI — the only contract between the host and an ERP adapter.
 *
 * Rules (see docs/plugin-abi.md for the full text):
 *  - Pure C. Only C types and UTF-8 JSON buffers cross; no exception, C++ type or RTTI.
 *  - Every struct starts with `struct_size` so later minor versions can append fields.
 *    A reader must check `struct_size` before touching a field added after 1.0.
 *  - Versioning: the host offers its version in erpb_host_offer; the plugin answers with the
 *    version it was built for. The host refuses a different major, or a plugin minor newer
 *    than its own.
 *  - Ownership is written beside every pointer:
 *      borrowed   : the callee may read it only for the duration of the call.
 *      host-owned : valid until the host says otherwise (noted per field).
 *      plugin-owned: valid as long as the library is loaded (static data) or until released
 *                   through the plugin's `release_buffer`.
 *  - Plugins do no I/O of their own: HTTP goes through erpb_host_api.http_send.
 */
#ifndef ERPBRIDGE_PLUGIN_ABI_H
#define ERPBRIDGE_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ERPB_ABI_VERSION_MAJOR 1
#define ERPB_ABI_VERSION_MINOR 3

/* The single symbol every plugin exports. */
#define ERPB_ENTRY_SYMBOL "erpbridge_plugin_entry"

#if defined(__GNUC__)
#define ERPB_EXPORT __attribute__((visibility("default")))
#else
#define ERPB_EXPORT
#endif

/* A UTF-8 byte range; not NUL-terminated unless stated. Ownership is given where it is used. */
typedef struct erpb_str {
  const char* data;
  size_t size;
} erpb_str;

/* How an operation ended. The host owns retries; a plugin only classifies. */
typedef enum erpb_result_class {
  ERPB_RESULT_OK = 0,        /* done: erp_id and/or success flag in the result JSON */
  ERPB_RESULT_INVALID = 1,   /* our input is bad; never retried */
  ERPB_RESULT_RETRYABLE = 2, /* transport failure, 408, 429, 5xx; retry later */
  ERPB_RESULT_PERMANENT = 3, /* the ERP refused it */
  ERPB_RESULT_IN_DOUBT = 4   /* request may have reached the ERP; outcome unknown */
} erpb_result_class;

typedef enum erpb_log_level {
  ERPB_LOG_DEBUG = 0,
  ERPB_LOG_INFO = 1,
  ERPB_LOG_WARN = 2,
  ERPB_LOG_ERROR = 3
} erpb_log_level;

/* Opaque host object bound to one connector instance (one tenant). Host-owned; valid from
 * `create` until `destroy` returns. */
typedef struct erpb_host_ctx erpb_host_ctx;

/* Opaque plugin object: one connector instance. Plugin-owned; freed by `destroy`. */
typedef struct erpb_connector erpb_connector;

typedef struct erpb_http_header {
  erpb_str name;  /* borrowed */
  erpb_str value; /* borrowed */
} erpb_http_header;

/* Added in ABI 1.2: whether the host may send a request again by itself after a reused
 * keep-alive connection closed once the request was written and before any reply byte (the
 * ERP may have applied it). A request that could not be written whole is always repeated.
 * Otherwise the plugin gets ERPB_TRANSPORT_SENT_NO_RESPONSE. See docs/plugin-abi.md. */
typedef enum erpb_repeat {
  ERPB_REPEAT_BY_METHOD = 0, /* GET, HEAD, OPTIONS, PUT, DELETE, or the tenant's declared
                                idempotency key header present; what 1.0/1.1 plugins get */
  ERPB_REPEAT_SAFE = 1,      /* always: the ERP applies this request once however often sent */
  ERPB_REPEAT_NEVER = 2      /* never, whatever the method: it has side effects */
} erpb_repeat;

/* An HTTP request the plugin asks the host to send. All pointers borrowed for the call. */
typedef struct erpb_http_request {
  uint32_t struct_size;
  erpb_str method; /* "GET", "POST", ... */
  /* Path and query relative to the tenant's configured connection base URL ("/createorder"),
   * or an absolute URL on the same scheme/host/port. The host adds the configured auth,
   * default headers, TLS settings and timeouts. */
  erpb_str target;
  const erpb_http_header* headers;
  size_t header_count;
  erpb_str body;
  uint32_t timeout_ms; /* 0: the connection's configured read timeout */
  /* ---- Added in ABI 1.2; the host reads it only when `struct_size` covers it. ---- */
  uint32_t repeat; /* an erpb_repeat */
} erpb_http_request;

/* Transport outcome of http_send, independent of the HTTP status code. */
typedef enum erpb_transport_status {
  ERPB_TRANSPORT_OK = 0,               /* a response was received (any status code) */
  ERPB_TRANSPORT_NOT_SENT = 1,         /* failed before the request left (connect, DNS, TLS) */
  ERPB_TRANSPORT_SENT_NO_RESPONSE = 2, /* sent, then timeout, reset or close before a whole
                                          reply, and not repeated (erpb_repeat): unknown */
  ERPB_TRANSPORT_BAD_REQUEST = 3       /* the request itself is unusable (bad target) */
} erpb_transport_status;

/* The host's answer to http_send. Host-owned: valid until the plugin passes it to
 * erpb_host_api.http_release (exactly once). */
typedef struct erpb_http_response {
  uint32_t struct_size;
  erpb_transport_status transport;
  int status;                      /* HTTP status when transport == OK, else 0 */
  erpb_str body;                   /* host-owned */
  const erpb_http_header* headers; /* host-owned, `header_count` entries */
  size_t header_count;
  erpb_str error; /* host-owned; a message when transport != OK (no secrets) */

  /* ---- Added in ABI 1.2: the host's classification of this exchange by the one rule of
   * <erpbridge/http_result.hpp> (not sent: RETRYABLE; sent without an answer: IN_DOUBT;
   * unusable request: INVALID; 2xx: OK; 408, 429, 5xx: RETRYABLE; other statuses: PERMANENT),
   * so an adapter need not repeat it. A plugin reads these fields only when `struct_size`
   * covers them; the C++ SDK applies the same rule itself against an older host. ---- */
  erpb_result_class result_class;
  /* For a RETRYABLE status: the wait its Retry-After asks for (delta-seconds or HTTP-date),
   * capped at one day; -1 when there is none or it is unreadable. */
  int64_t retry_after_ms;
} erpb_http_response;

/* Services the host offers. Host-owned, valid while any connector of the plugin lives. */
typedef struct erpb_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;

  /* Writes one log line attributed to the tenant of `ctx`. `message` is borrowed. */
  void (*log)(erpb_host_ctx* ctx, erpb_log_level level, erpb_str message);

  /* Sends one HTTP request through the host's pooled client and returns a response that the
   * plugin releases with http_release. Never returns NULL. Thread-safe per ctx. */
  const erpb_http_response* (*http_send)(erpb_host_ctx* ctx, const erpb_http_request* request);

  /* Releases a response returned by http_send. */
  void (*http_release)(erpb_host_ctx* ctx, const erpb_http_response* response);
} erpb_host_api;

/* The host's version offer, passed to the entry point. Borrowed for the call. */
typedef struct erpb_host_offer {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
} erpb_host_offer;

/* A buffer the plugin allocated and the host must return through release_buffer. */
typedef struct erpb_buffer {
  char* data; /* plugin-owned until released; may be NULL when size is 0 */
  size_t size;
} erpb_buffer;

/*
 * What a plugin is and what it can do. Returned by the entry point; plugin-owned static data,
 * valid while the library is loaded.
 *
 * Event and result JSON are documented in docs/plugin-abi.md:
 *  - call input:  {"event": <envelope>, "refs": {"customer_erp_id": .., "order_erp_id": ..,
 *                  "line_erp_ids": {"L1": ..}}, "attempt": 1, "idempotency_key": ".."}
 *  - result JSON: {"erp_id": "..", "success": true, "line_erp_ids": {"L1": ".."},
 *                  "message": "..", "http_status": 201, "body_excerpt": "..",
 *                  "retry_after_ms": 0, "found": true}
 */
typedef struct erpb_plugin_info {
  uint32_t struct_size;
  uint16_t abi_major; /* the ABI the plugin was built against */
  uint16_t abi_minor;
  const char* name;        /* unique plugin name, NUL-terminated, [a-z0-9_-]{1,64} */
  const char* version;     /* plugin's own version, NUL-terminated */
  const char* description; /* one line, NUL-terminated */

  /* Creates a connector for one tenant. `settings_json` (borrowed) is the tenant's connector
   * settings with secrets resolved. On failure returns NULL and fills `error` with
   * {"key": "/json/pointer", "message": ".."}, `key` being an RFC 6901 pointer into the
   * settings ("/events/order.created/path"; "" when no single setting is at fault); the host
   * releases `error` with release_buffer. Must not do network I/O: it also runs for
   * check-config. May be called from several threads at once, for different tenants. */
  erpb_connector* (*create)(const erpb_host_api* host, erpb_host_ctx* ctx, erpb_str settings_json,
                            erpb_buffer* error);

  /* Destroys a connector made by create. */
  void (*destroy)(erpb_connector* connector);

  /* Delivers one event to the ERP. `input_json` borrowed; `result` filled with result JSON.
   * May be called from several threads at once for one connector. */
  erpb_result_class (*deliver)(erpb_connector* connector, erpb_str input_json, erpb_buffer* result);

  /* Optional (NULL if unsupported): finds the ERP document an earlier, in-doubt delivery of
   * the same event may have created, by our reference. Result JSON has "found" and, when
   * found, "erp_id" (and "line_erp_ids"). */
  erpb_result_class (*lookup)(erpb_connector* connector, erpb_str input_json, erpb_buffer* result);

  /* Frees a buffer this plugin put in an erpb_buffer. */
  void (*release_buffer)(char* data);

  /* ---- Added in ABI 1.1: sync back to Commerceup (docs/sync-back.md). A host reads these
   * fields only when `struct_size` covers them; a 1.0 plugin simply has neither. ---- */

  /* Optional (NULL if unsupported): translates a body the ERP pushed to erpbridge
   * (POST /v1/erp/inventory or /v1/erp/order-status) in the ERP's own shape into the
   * canonical changes JSON. `input_json` (borrowed):
   *   {"kind": "inventory" | "order_status", "content_type": "..", "body": "<the raw body>"}
   * On OK the result is a changes JSON:
   *   {"inventory": [{"sku": "..", "quantity": 12} | {"sku": "..", "delta": -2}, ..],
   *    "order_status": [{"erp_order_id": ".." | "order_id": "..", "status": "Shipped",
   *                      "items": [{"sku": "..", "quantity": 1}, ..]}, ..]}
   * On INVALID the result has "message" and, when one field is at fault, "field" (a JSON
   * pointer or XPath into the pushed body). Must not do network I/O. */
  erpb_result_class (*translate_push)(erpb_connector* connector, erpb_str input_json,
                                      erpb_buffer* result);

  /* Optional (NULL if unsupported): fetches the ERP's changes since a cursor, through
   * erpb_host_api.http_send. `input_json` (borrowed): {"cursor": null | "<opaque text>",
   * "limit": 500}. On OK the result is a changes JSON (as above) plus
   *   "cursor": "<opaque text>"  (required; the host stores it and passes it back next time)
   *   "more": true               (optional; the host pulls again at once)
   * The host stores the changes and the new cursor in one transaction, so a change is never
   * lost; after a crash the same cursor is asked again, so a change may come twice. Other
   * classes as for deliver (RETRYABLE: the host tries again at the next interval). */
  erpb_result_class (*pull_changes)(erpb_connector* connector, erpb_str input_json,
                                    erpb_buffer* result);

  /* ---- Added in ABI 1.3: the settings a connector takes. A host reads it only when
   * `struct_size` covers it. ---- */

  /* Optional (NULL when the plugin does not declare them): the connector's `settings`,
   * NUL-terminated JSON, plugin-owned static data:
   *   [{"key": "..", "type": "string" | "integer" | "boolean" | "mapping" | "list" | "any",
   *     "required": false, "default": .., "description": "..",
   *     "settings": [..], "each": true, "each_name": ".."}, ..]
   * The last three are optional and only on a mapping: "settings" describes its keys alike;
   * "each" says its keys are free names (like event types, named by "each_name") and each
   * value has the keys of "settings". `erpbridge check-config --list-settings` prints it. */
  const char* settings_schema_json;
} erpb_plugin_info;

/* Entry point signature. Returns NULL when the plugin refuses the host's offer. */
typedef const erpb_plugin_info* (*erpb_entry_fn)(const erpb_host_offer* offer);

#ifdef __cplusplus
}
#endif

#endif /* ERPBRIDGE_PLUGIN_ABI_H */
