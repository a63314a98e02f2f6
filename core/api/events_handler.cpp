// POST /v1/events (the envelope of tests/samples/*.json) and GET /v1/events/{id}.
// Idempotent by event_id: a repeated event is answered with the stored one's status (200),
// never accepted twice. `Prefer: wait=N` (RFC 7240) waits up to N seconds, at most
// server.request_timeout_ms, for the outcome.
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "api/error_reply.hpp"
#include "api/event_status.hpp"
#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace json = boost::json;

namespace {

// "respond-async, wait=10" -> 10 s. nullopt without a wait preference.
std::optional<std::chrono::seconds> preferred_wait(const Headers& headers) {
  auto prefer = headers.get("Prefer");
  if (!prefer) return std::nullopt;
  std::string text = *prefer;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t at = 0;
  while ((at = text.find("wait", at)) != std::string::npos) {
    const bool starts_token =
        at == 0 || text[at - 1] == ',' || text[at - 1] == ' ' || text[at - 1] == ';';
    std::size_t pos = at + 4;
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (starts_token && pos < text.size() && text[pos] == '=') {
      ++pos;
      while (pos < text.size() && text[pos] == ' ') ++pos;
      long long seconds = 0;
      auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), seconds);
      if (ec == std::errc() && seconds >= 0) return std::chrono::seconds(seconds);
    }
    at += 4;
  }
  return std::nullopt;
}

ApiError validation_error(const events::ValidationError& invalid) {
  if (invalid.path.empty()) return {400, "malformed_body", invalid.message, ""};
  // An event type we do not know is a resource we do not have, not a typing mistake.
  if (invalid.path == "event_type" && invalid.message.starts_with("is not one of"))
    return {404, "unknown_event_type", "event_type " + invalid.message, "event_type"};
  return {422, "invalid_field", invalid.path + " " + invalid.message, invalid.path};
}

ApiReply status_reply(int status, const store::OutboxEvent& row) {
  return json_reply(status, event_status_json(row));
}

}  // namespace

ApiReply post_event(const ApiRequest& request, ApiContext& context) {
  if (!declares_json(request.headers))
    return error_reply({415, "unsupported_media_type",
                        "POST /v1/events takes the JSON envelope: send Content-Type: "
                        "application/json",
                        ""},
                       BodyFormat::json);
  events::ValidationError invalid;
  auto event = events::parse_event(request.body, invalid);
  if (!event) return error_reply(validation_error(invalid), BodyFormat::json);
  if (event->project_hash != request.tenant)
    return error_reply(
        {403, "forbidden", "project_hash does not belong to the tenant these credentials prove",
         "project_hash"},
        BodyFormat::json);

  store::AcceptResult accepted;
  try {
    accepted = context.service.submit(request.tenant, *event);
  } catch (const std::exception& e) {
    log_line(LogLevel::error, "api: cannot store " + event->event_id + " of tenant " +
                                  request.tenant + ": " + e.what());
    return error_reply({503, "store_unavailable", "the event could not be stored; retry", ""},
                       BodyFormat::json);
  }

  if (accepted.refused) return error_reply(ledger_refusal(*accepted.refused), BodyFormat::json);
  store::OutboxEvent row = accepted.event;
  const auto wait = preferred_wait(request.headers);
  if (wait && !is_final(row.state)) {
    const auto limit = std::min<std::chrono::milliseconds>(
        *wait, context.service.runtime()->host.server.request_timeout);
    row = context.service.wait_for_outcome(request.tenant, event->event_id, limit).value_or(row);
  }
  if (accepted.duplicate || is_final(row.state)) {
    ApiReply reply = status_reply(200, row);
    if (wait) reply.headers.emplace_back("Preference-Applied", "wait");
    return reply;
  }
  json::object body;
  body["event_id"] = row.event_id;
  body["status"] = "queued";
  body["state"] = store::to_string(row.state);
  body["status_url"] = status_url(row.event_id);
  ApiReply reply = json_reply(202, body);
  reply.headers.emplace_back("Location", status_url(row.event_id));
  return reply;
}

ApiReply get_event(const ApiRequest& request, ApiContext& context) {
  const std::string& id = request.path_params.at(0);
  auto row = context.service.status(request.tenant, id);
  // Another tenant's event is as unknown as one that never existed.
  if (!row) return error_reply({404, "not_found", "no event " + id, ""}, request.format);
  return status_reply(200, *row);
}

}  // namespace erpbridge::api
