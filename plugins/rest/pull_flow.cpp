#include "pull_flow.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>

#include "changes_json.hpp"
#include "changes_mapping.hpp"
#include "reply_classifier.hpp"
#include "reply_document.hpp"
#include "request_builder.hpp"
#include "sync_back_settings.hpp"

namespace erpbridge::rest {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using sdk::ResultClass;

sdk::Result refused(ResultClass result_class, const PullFeed& feed, const std::string& message) {
  return sdk::Result::failure(result_class, "pull feed " + feed.name + ": " + message);
}

// The feeds' cursors from the host's text; nullopt when it is not one this connector wrote.
std::optional<object> feed_cursors(const std::optional<std::string>& cursor) {
  if (!cursor) return object();
  boost::system::error_code error;
  value parsed = boost::json::parse(*cursor, error);
  if (error || !parsed.is_object()) return std::nullopt;
  return std::move(parsed.get_object());
}

// One feed's exchange and mapping. On success appends to `changes`, updates `cursors` and
// `more`; otherwise returns the failure.
std::optional<sdk::Result> pull_feed(const RestSettings& settings, const PullFeed& feed, int limit,
                                     const sdk::Host& host, object& cursors, object& changes,
                                     bool& more) {
  const value* previous = cursors.if_contains(feed.name);
  object globals{{"cursor", previous ? *previous : value()}, {"limit", limit}};
  LuaSession lua(settings.program, LuaInput{nullptr, nullptr, 1, {}, &globals});
  static const sdk::Delivery kNoDelivery;
  auto request =
      build_request(feed.exchange, feed.exchange.request, RequestPurpose::lookup, kNoDelivery, lua);
  if (!request) return refused(ResultClass::invalid, feed, request.error());
  sdk::HttpResponse response = host.send(*request);
  if (auto failure = classify_failure(response, {}, std::chrono::system_clock::now())) {
    // Nothing is written by a pull: a request without an answer is simply asked again.
    if (failure->result_class == ResultClass::in_doubt)
      failure->result_class = ResultClass::retryable;
    failure->details["message"] =
        "pull feed " + feed.name + ": " + std::string(failure->details["message"].as_string());
    return failure;
  }
  auto document =
      ReplyDocument::parse(feed.exchange.format, response.body, &settings.xml_namespaces);
  if (!document)
    return refused(ResultClass::retryable, feed,
                   "the ERP's reply cannot be read: " + document.error());
  if (auto error = lua.set_reply(document->view(), response.status))
    return refused(ResultClass::invalid, feed, *error);

  MappingOutcome outcome = run_changes_mapping(lua, *settings.sync_back, feed.changes_chunk);
  if (!outcome.table) {
    sdk::Result result = refused(ResultClass::invalid, feed, outcome.message);
    if (!outcome.field.empty()) result.with("field", outcome.field);
    return result;
  }
  object& table = *outcome.table;
  if (const value* next = table.if_contains("cursor")) {
    if (next->is_string() || next->is_number())
      cursors[feed.name] = *next;
    else if (!next->is_null())
      return refused(ResultClass::invalid, feed, "the mapping's cursor must be text or a number");
    table.erase("cursor");
  }
  if (const value* flag = table.if_contains("more")) {
    if (!flag->is_bool())
      return refused(ResultClass::invalid, feed, "the mapping's more must be true or false");
    more = more || flag->get_bool();
    table.erase("more");
  }
  if (auto problem = normalize_changes(table, {}))
    return refused(ResultClass::invalid, feed,
                   "the mapping produced an invalid change: " + problem->pointer + " " +
                       problem->message)
        .with("field", problem->pointer);
  for (auto& member : table) {
    array& all = changes[member.key()].as_array();
    for (auto& entry : member.value().as_array()) all.push_back(std::move(entry));
  }
  return std::nullopt;
}

}  // namespace

sdk::Result pull_changes(const RestSettings& settings, const sdk::PullRequest& request,
                         const sdk::Host& host) {
  if (!settings.sync_back || settings.sync_back->feeds.empty())
    return sdk::Result::failure(ResultClass::invalid,
                                "pull is not configured for this tenant (its rest settings have no "
                                "pull: section)");
  auto cursors = feed_cursors(request.cursor);
  if (!cursors)
    return sdk::Result::failure(ResultClass::invalid,
                                "the stored pull cursor was not written by the rest connector "
                                "(expected a JSON object of feed cursors)");
  const auto& feeds = settings.sync_back->feeds;
  // The host's limit is for the whole answer; each feed asks the ERP for its share.
  int limit = std::max(1, request.limit / static_cast<int>(feeds.size()));
  object changes{{"inventory", array()}, {"order_status", array()}};
  bool more = false;
  for (const auto& feed : feeds)
    if (auto failure = pull_feed(settings, feed, limit, host, *cursors, changes, more))
      return *failure;
  sdk::Result result;
  result.details = std::move(changes);
  result.with("cursor", boost::json::serialize(*cursors));
  result.with("more", more);
  return result;
}

}  // namespace erpbridge::rest
