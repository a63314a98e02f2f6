// Calls Tryton model methods over JSON-RPC with the tenant's session. On HTTP 401 (the session
// expired or was logged out) it logs in again once and repeats the call: Tryton refused the
// call before running it, so repeating a write is safe. A second 401 means the fresh session
// was refused too: a permanent "login failed".
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "error_classifier.hpp"
#include "outcome.hpp"
#include "rpc_envelope.hpp"
#include "session.hpp"

namespace erpbridge::tryton {

class JsonRpcClient {
 public:
  // `context` is appended to every call's params (Tryton requires it last: company, language).
  JsonRpcClient(sdk::Host host, Session& session, std::string path, boost::json::object context,
                std::uint32_t timeout_ms);

  // Calls `method` ("model.sale.sale.read") with `params` (without the context), and with
  // `context` instead of the default one when given (wizards need active_model/active_id).
  Expected<boost::json::value> call(std::string_view method, boost::json::array params,
                                    Effect effect, const boost::json::object* context = nullptr);

  // The common model methods (PROTOCOL.md §3). `model` is "sale.sale".
  Expected<boost::json::value> read(std::string_view model, const boost::json::array& ids,
                                    const boost::json::array& fields);
  Expected<boost::json::value> search_read(std::string_view model, const boost::json::array& domain,
                                           const boost::json::array& fields,
                                           const boost::json::value& order = nullptr,
                                           const boost::json::value& limit = nullptr);
  Expected<boost::json::value> create(std::string_view model, const boost::json::object& values);
  Expected<boost::json::value> write(std::string_view model, const boost::json::array& ids,
                                     const boost::json::object& values);
  // A workflow button ("quote", "confirm", "cancel", "draft"): always answers null.
  Expected<boost::json::value> button(std::string_view model, std::string_view name,
                                      std::int64_t id);

  const boost::json::object& context() const { return context_; }

 private:
  sdk::Host host_;
  Session& session_;
  std::string path_;
  boost::json::object context_;
  std::uint32_t timeout_ms_;
  std::atomic<std::int64_t> next_id_{1000};
};

}  // namespace erpbridge::tryton
