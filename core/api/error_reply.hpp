// The one shape of every error the API answers (docs/http-api.yaml, Error):
//   {"error": {"code": "...", "message": "...", "field": "data.items[0].quantity"}}
// or, for a caller that sent XML, <error><code/><message/><field/></error>. `field` is the
// JSON path of the offending value and is left out when the error is not about one field.
// Messages never contain a credential or a secret.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "api/api_exchange.hpp"
#include "store/order_ledger.hpp"

namespace erpbridge::api {

struct ApiError {
  int status = 500;
  std::string code;     // stable, machine-readable: "malformed_body", "invalid_field", ...
  std::string message;  // for people
  std::string field;    // JSON path, or empty
};

// 401 replies carry the WWW-Authenticate challenge for the schemes the API accepts.
ApiReply error_reply(const ApiError& error, BodyFormat format);

// {"error": {...}}, for replies that add fields of their own.
boost::json::object error_json(const ApiError& error);

// A cancel or return the order ledger refused (docs/ledger.md): 422, code `unknown_line`,
// `quantity_exceeds_remaining` or `nothing_left`, the reason (which names the line and its
// quantities) and the field (data.items[0].quantity).
ApiError ledger_refusal(const store::LedgerAdmission& refusal);

// The challenge sent with every 401.
inline constexpr const char* kAuthChallenge =
    R"(Basic realm="erpbridge", Bearer realm="erpbridge")";

}  // namespace erpbridge::api
