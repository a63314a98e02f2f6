#include "rpc_envelope.hpp"

#include <boost/json.hpp>

namespace erpbridge::tryton {

namespace json = boost::json;

sdk::HttpRequest rpc_request(const std::string& path, std::int64_t id, std::string_view method,
                             const json::array& params, const std::string& authorization,
                             std::uint32_t timeout_ms, Effect effect) {
  json::object body;
  body["id"] = id;
  body["method"] = json::string_view(method.data(), method.size());
  body["params"] = params;
  sdk::HttpRequest request;
  request.method = "POST";
  request.target = path;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
  request.body = json::serialize(body);
  request.timeout_ms = timeout_ms;
  request.repeat = effect == Effect::read ? ERPB_REPEAT_SAFE : ERPB_REPEAT_NEVER;
  return request;
}

Expected<json::value> rpc_result(const sdk::HttpResponse& response, std::int64_t id, Effect effect,
                                 std::string_view method) {
  if (response.ok_transport() && response.status == 401) {
    Failure f = permanent("Tryton refused the session for " + std::string(method) + " (HTTP 401)");
    f.http_status = 401;
    return f;
  }
  if (auto failure = classify_http(response, effect, method)) return *failure;
  json::error_code ec;
  json::value reply = json::parse(response.body, ec);
  if (ec || !reply.is_object()) return unreadable_reply(response, effect, method);
  const auto& envelope = reply.as_object();
  const auto* reply_id = envelope.if_contains("id");
  if (!reply_id || !reply_id->is_int64() || reply_id->as_int64() != id)
    return unreadable_reply(response, effect, method);
  if (const auto* error = envelope.if_contains("error")) return classify_rpc_error(*error, method);
  if (const auto* result = envelope.if_contains("result")) return *result;
  return unreadable_reply(response, effect, method);
}

}  // namespace erpbridge::tryton
