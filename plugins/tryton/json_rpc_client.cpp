#include "json_rpc_client.hpp"

#include <boost/json.hpp>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

std::string model_method(std::string_view model, std::string_view method) {
  return "model." + std::string(model) + "." + std::string(method);
}

// [value]: spelled out, because a braced list of one array can read as a copy of it.
json::array one(json::value value) {
  json::array a;
  a.emplace_back(std::move(value));
  return a;
}

}  // namespace

JsonRpcClient::JsonRpcClient(sdk::Host host, Session& session, std::string path,
                             json::object context, std::uint32_t timeout_ms)
    : host_(host),
      session_(session),
      path_(std::move(path)),
      context_(std::move(context)),
      timeout_ms_(timeout_ms) {}

Expected<json::value> JsonRpcClient::call(std::string_view method, json::array params,
                                          Effect effect, const json::object* context) {
  params.emplace_back(context ? *context : context_);
  for (int attempt = 0;; ++attempt) {
    auto token = session_.token();
    if (!token) return token.failure();
    const std::int64_t id = next_id_++;
    const auto response = host_.send(
        rpc_request(path_, id, method, params, token->authorization, timeout_ms_, effect));
    if (response.ok_transport() && response.status == 401) {
      session_.refused(token->generation);
      if (attempt == 0) continue;
      Failure f = permanent("login failed: Tryton refused a fresh session for " +
                            std::string(method) + " (HTTP 401)");
      f.http_status = 401;
      return f;
    }
    return rpc_result(response, id, effect, method);
  }
}

Expected<json::value> JsonRpcClient::read(std::string_view model, const json::array& ids,
                                          const json::array& fields) {
  return call(model_method(model, "read"), json::array{json::value(ids), json::value(fields)},
              Effect::read);
}

Expected<json::value> JsonRpcClient::search_read(std::string_view model, const json::array& domain,
                                                 const json::array& fields,
                                                 const json::value& order,
                                                 const json::value& limit) {
  return call(model_method(model, "search_read"),
              json::array{json::value(domain), 0, limit, order, json::value(fields)}, Effect::read);
}

Expected<json::value> JsonRpcClient::create(std::string_view model, const json::object& values) {
  return call(model_method(model, "create"), one(one(values)), Effect::write);
}

Expected<json::value> JsonRpcClient::write(std::string_view model, const json::array& ids,
                                           const json::object& values) {
  return call(model_method(model, "write"), json::array{json::value(ids), json::value(values)},
              Effect::write);
}

Expected<json::value> JsonRpcClient::button(std::string_view model, std::string_view name,
                                            std::int64_t id) {
  return call(model_method(model, name), one(one(id)), Effect::write);
}

}  // namespace erpbridge::tryton
