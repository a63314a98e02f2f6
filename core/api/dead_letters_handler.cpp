// GET /v1/dead-letters and POST /v1/dead-letters/{id}/replay, for the calling tenant only.
// A replay moves the event back to queued (attempts reset); the delivery threads pick it up.
#include <charconv>

#include "api/error_reply.hpp"
#include "api/event_status.hpp"
#include "api/handlers.hpp"
#include "api/reply.hpp"

namespace erpbridge::api {

namespace json = boost::json;

namespace {

constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;

std::optional<std::size_t> read_limit(const ApiRequest& request) {
  auto it = request.query.find("limit");
  if (it == request.query.end()) return kDefaultLimit;
  std::size_t limit = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc() || end != text.data() + text.size() || limit == 0 || limit > kMaxLimit)
    return std::nullopt;
  return limit;
}

}  // namespace

ApiReply list_dead_letters(const ApiRequest& request, ApiContext& context) {
  auto limit = read_limit(request);
  if (!limit)
    return error_reply(
        {400, "invalid_parameter",
         "limit must be a whole number from 1 to " + std::to_string(kMaxLimit), "limit"},
        request.format);
  json::array items;
  for (const auto& row : context.service.dead_letters(request.tenant, *limit))
    items.push_back(event_status_json(row));
  json::object body;
  body["dead_letters"] = std::move(items);
  return json_reply(200, body);
}

ApiReply replay_dead_letter(const ApiRequest& request, ApiContext& context) {
  const std::string& id = request.path_params.at(0);
  auto row = context.service.status(request.tenant, id);
  if (!row) return error_reply({404, "not_found", "no event " + id, ""}, request.format);
  if (row->state != store::EventState::dead || !context.service.replay(request.tenant, id))
    return error_reply({409, "not_dead",
                        "event " + id + " is " + store::to_string(row->state) +
                            ", not a dead letter; only dead letters can be replayed",
                        ""},
                       request.format);
  auto replayed = context.service.status(request.tenant, id);
  return json_reply(202, event_status_json(replayed.value_or(*row)));
}

}  // namespace erpbridge::api
