// POST /v1/erp/inventory and POST /v1/erp/order-status: a tenant's ERP pushes stock levels and
// order statuses to be written back to Commerceup (docs/sync-back.md). The body is the
// canonical changes document, or, when the tenant's push shape is `adapter`, the ERP's own
// shape translated by the tenant's connector. Answered 202 once every change is committed to
// the outbox; delivery to Commerceup follows in the background. With an Idempotency-Key header
// a repeated push is recognised change by change and stored once.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <variant>

#include "api/error_reply.hpp"
#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "common/log.hpp"
#include "syncback/change_events.hpp"
#include "syncback/changes.hpp"

namespace erpbridge::api {

namespace json = boost::json;

namespace {

struct PushKind {
  const char* name;  // "inventory" | "order_status": the translate_push kind, in event ids
  syncback::ChangesSource source;
};

constexpr PushKind kInventory{"inventory", syncback::ChangesSource::inventory_push};
constexpr PushKind kOrderStatus{"order_status", syncback::ChangesSource::order_status_push};

ApiReply refuse(int status, const char* code, std::string message, std::string field = "") {
  return error_reply({status, code, std::move(message), std::move(field)}, BodyFormat::json);
}

ApiReply invalid_changes(const syncback::ChangesError& error) {
  if (error.field.empty() && error.message.starts_with("the body is not valid JSON"))
    return refuse(400, "malformed_body", error.message);
  return refuse(422, "invalid_field", error.text(), error.field);
}

// The changes the ERP sent, or the refusal.
std::variant<syncback::Changes, ApiReply> canonical_changes(const ApiRequest& request,
                                                            const PushKind& kind) {
  if (!declares_json(request.headers))
    return refuse(415, "unsupported_media_type",
                  "this tenant's push shape is canonical: send the changes document as "
                  "application/json");
  syncback::ChangesError error;
  auto changes = syncback::parse_changes_json(request.body, kind.source, error);
  if (!changes) return invalid_changes(error);
  return std::move(*changes);
}

std::variant<syncback::Changes, ApiReply> translated_changes(const ApiRequest& request,
                                                             const service::TenantRuntime& tenant,
                                                             const PushKind& kind) {
  if (!tenant.connector || !tenant.connector->plugin().supports_translate_push())
    return refuse(415, "unsupported_media_type",
                  "this tenant's push shape is adapter, but its connector cannot translate "
                  "pushed bodies (no translate_push)");
  json::object input;
  input["kind"] = kind.name;
  input["content_type"] = request.headers.get("Content-Type").value_or("");
  input["body"] = request.body;
  const plugin::SyncCallResult r = tenant.connector->translate_push(json::serialize(input));
  if (r.result_class == ResultClass::invalid)
    return refuse(422, "invalid_field", r.field.empty() ? r.message : r.field + ": " + r.message,
                  r.field);
  if (r.result_class != ResultClass::ok) {
    log_line(LogLevel::error, "api: push tenant=" + request.tenant + ": translate_push failed: " +
                                  to_string(r.result_class) + ": " + r.message);
    return refuse(500, "adapter_error", "the tenant's adapter could not translate the body");
  }
  syncback::ChangesError error;
  auto changes = syncback::parse_changes_json(r.changes_json, kind.source, error);
  if (!changes) {
    log_line(LogLevel::error,
             "api: push tenant=" + request.tenant +
                 ": translate_push returned an invalid changes document: " + error.text());
    return refuse(500, "adapter_error",
                  "the tenant's adapter translated the body into an invalid changes document: " +
                      error.text());
  }
  return std::move(*changes);
}

ApiReply push(const ApiRequest& request, ApiContext& context, const PushKind& kind) {
  const auto runtime = context.service.runtime();
  const auto tenant = runtime->tenant(request.tenant);
  // Only a tenant with a commerceup: section has push credentials, so this is a reload that
  // removed the tenant's sync back while the request was on its way: its credentials are
  // no longer valid.
  if (!tenant || !tenant->config.commerceup.enabled)
    return refuse(401, "unauthorized", "invalid credentials");
  const auto key = request.headers.get("Idempotency-Key");
  if (key)
    if (auto problem = syncback::check_idempotency_key(*key); !problem.empty())
      return refuse(422, "invalid_header", "Idempotency-Key " + problem, "Idempotency-Key");

  auto parsed = tenant->config.commerceup.push.shape == config::PushShape::canonical
                    ? canonical_changes(request, kind)
                    : translated_changes(request, *tenant, kind);
  if (auto* refusal = std::get_if<ApiReply>(&parsed)) return std::move(*refusal);
  const auto& changes = std::get<syncback::Changes>(parsed);

  const auto rows = syncback::change_events(
      request.tenant, changes, syncback::push_id_prefix(kind.name, key),
      [&](const std::string& erp_order_id) {
        return context.service.commerceup_order_id(request.tenant, erp_order_id);
      });
  std::vector<store::AcceptResult> results;
  try {
    results = context.service.submit_changes(rows);
  } catch (const std::exception& e) {
    log_line(LogLevel::error,
             "api: cannot store pushed changes of tenant " + request.tenant + ": " + e.what());
    return refuse(503, "store_unavailable", "the changes could not be stored; retry");
  }
  std::size_t duplicates = 0;
  json::array ids;
  for (const auto& r : results) {
    duplicates += r.duplicate ? 1 : 0;
    ids.push_back(json::value(r.event.event_id));
  }
  json::object body;
  body["accepted"] = results.size() - duplicates;
  body["duplicates"] = duplicates;
  body["event_ids"] = std::move(ids);
  return json_reply(202, body);
}

}  // namespace

ApiReply push_inventory(const ApiRequest& request, ApiContext& context) {
  return push(request, context, kInventory);
}

ApiReply push_order_status(const ApiRequest& request, ApiContext& context) {
  return push(request, context, kOrderStatus);
}

}  // namespace erpbridge::api
