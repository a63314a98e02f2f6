// The services table the host hands every plugin (erpb_host_api): logging and HTTP, both
// attributed to the tenant of the calling connector. Plugins do no I/O of their own
// (DESIGN.md principle 2), so this is their only way out.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <memory>
#include <string>

#include "http/http_client.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/result_redaction.hpp"

namespace erpbridge::plugin {

// What erpb_host_ctx points at: immutable after creation, so plugin threads may share it.
struct ConnectorInstance::HostContext {
  std::string tenant_id;
  std::string plugin_name;
  std::shared_ptr<http::Endpoint> endpoint;  // null: no HTTP (e.g. check-config)
  // The tenant's secrets: scrubbed from results and plugin log lines, learnt from http_send.
  std::shared_ptr<SecretRedactor> secrets = std::make_shared<SecretRedactor>();
};

// The one table per process; its functions never throw and http_send never returns NULL.
const erpb_host_api& host_api();

inline erpb_host_ctx* to_host_ctx(ConnectorInstance::HostContext* context) {
  return reinterpret_cast<erpb_host_ctx*>(context);
}

// Conversions at the boundary, exposed for tests. to_http_request returns false and fills
// `problem` for a request the host must not send (NULL pointers with a size, CR/LF in a header).
bool to_http_request(const erpb_http_request* request, http::Request& out, std::string& problem);
// A heap response owning its strings and header array; release it with host_api().http_release.
const erpb_http_response* to_c_response(http::Response response) noexcept;

}  // namespace erpbridge::plugin
