// One tenant's Tryton session (PROTOCOL.md §2). The password is sent only to log in: once on
// first use, and again only after Tryton refuses the session (HTTP 401). Every other call
// carries `Authorization: Session base64(login:user_id:key)`.
//
// Thread-safe: deliveries run concurrently and share one session. Logging in holds the lock,
// so concurrent callers wait for the one login in flight instead of starting their own; a
// caller whose session was refused names the generation it used, so a session another thread
// has already renewed is not thrown away.
//
// After Tryton refuses the login itself, later calls fail at once for `refusal_hold` without
// sending the password: Tryton slows down and then blocks (HTTP 429) a login that keeps failing.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "outcome.hpp"
#include "rpc_envelope.hpp"

namespace erpbridge::tryton {

struct LoginSettings {
  std::string path;  // "/<database>/"
  std::string database;
  std::string login;
  std::string password;
  std::string language;
  std::uint32_t timeout_ms = 0;
};

class Session {
 public:
  struct Token {
    std::string authorization;  // the header value
    std::uint64_t generation = 0;
  };

  Session(sdk::Host host, LoginSettings settings,
          std::chrono::milliseconds refusal_hold = std::chrono::seconds(60));

  // The current session, logging in first when there is none.
  Expected<Token> token();
  // Tryton answered 401 to a call made with the session of `generation`: forget it, unless
  // another caller has already replaced it.
  void refused(std::uint64_t generation);
  // How many times the password was sent (for tests and logs).
  std::uint64_t logins() const;

 private:
  Expected<Token> log_in();  // with mutex_ held

  sdk::Host host_;  // the host in the plugin, the SDK's fake host in tests
  LoginSettings settings_;
  std::chrono::milliseconds refusal_hold_;
  mutable std::mutex mutex_;
  std::optional<Token> current_;
  std::uint64_t generation_ = 0;
  std::uint64_t logins_ = 0;
  std::optional<std::chrono::steady_clock::time_point> refused_until_;
  std::optional<Failure> refusal_;
};

}  // namespace erpbridge::tryton
