#include "session.hpp"

#include <boost/json.hpp>

#include "base64.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

Session::Session(sdk::Host host, LoginSettings settings, std::chrono::milliseconds refusal_hold)
    : host_(host), settings_(std::move(settings)), refusal_hold_(refusal_hold) {}

Expected<Session::Token> Session::token() {
  std::lock_guard lock(mutex_);
  if (current_) return *current_;
  if (refused_until_ && std::chrono::steady_clock::now() < *refused_until_) return *refusal_;
  return log_in();
}

void Session::refused(std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (current_ && current_->generation == generation) current_.reset();
}

std::uint64_t Session::logins() const {
  std::lock_guard lock(mutex_);
  return logins_;
}

Expected<Session::Token> Session::log_in() {
  constexpr std::string_view kMethod = "common.db.login";
  json::array params{json::string(settings_.login), json::object{{"password", settings_.password}}};
  if (!settings_.language.empty()) params.emplace_back(json::string(settings_.language));
  const std::int64_t id = static_cast<std::int64_t>(++logins_);
  const auto response = host_.send(
      rpc_request(settings_.path, id, kMethod, params, "", settings_.timeout_ms, Effect::read));

  const std::string who =
      "login failed for user '" + settings_.login + "' on database '" + settings_.database + "'";
  if (response.ok_transport() && (response.status == 401 || response.status == 403)) {
    // Wrong password or unknown login (an HTML page, no JSON): permanent, and held.
    Failure f = permanent(who + " (HTTP " + std::to_string(response.status) + ")");
    f.http_status = response.status;
    refusal_ = f;
    refused_until_ = std::chrono::steady_clock::now() + refusal_hold_;
    return f;
  }
  // A login creates nothing we could duplicate: a lost reply is simply retried.
  auto result = rpc_result(response, id, Effect::read, kMethod);
  if (!result) {
    Failure f = result.failure();
    if (f.result_class == ResultClass::permanent) f.message = who + ": " + f.message;
    return f;
  }
  const auto* pair = result->if_array();
  std::optional<std::int64_t> user;
  if (pair && pair->size() == 2) user = decode_id((*pair)[0]);
  if (!user || !(*pair)[1].is_string() || (*pair)[1].as_string().empty())
    return permanent(who + ": Tryton answered the login with something other than [user, key]");

  refused_until_.reset();
  refusal_.reset();
  const std::string key((*pair)[1].as_string());
  current_ =
      Token{"Session " + base64_encode(settings_.login + ":" + std::to_string(*user) + ":" + key),
            ++generation_};
  return *current_;
}

}  // namespace erpbridge::tryton
