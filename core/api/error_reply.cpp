#include "api/error_reply.hpp"

#include "api/reply.hpp"

namespace erpbridge::api {

namespace {

boost::json::object error_detail(const ApiError& error) {
  boost::json::object detail;
  detail["code"] = error.code;
  detail["message"] = error.message;
  if (!error.field.empty()) detail["field"] = error.field;
  return detail;
}

}  // namespace

boost::json::object error_json(const ApiError& error) {
  boost::json::object body;
  body["error"] = error_detail(error);
  return body;
}

ApiReply error_reply(const ApiError& error, BodyFormat format) {
  ApiReply reply = format == BodyFormat::xml
                       ? document_reply(format, error.status, "error", error_detail(error))
                       : json_reply(error.status, error_json(error));
  if (error.status == 401) reply.headers.emplace_back("WWW-Authenticate", kAuthChallenge);
  return reply;
}

ApiError ledger_refusal(const store::LedgerAdmission& refusal) {
  const char* code = "quantity_exceeds_remaining";
  if (refusal.field.ends_with(".line_id")) code = "unknown_line";
  if (refusal.field == "data.scope") code = "nothing_left";
  return {422, code, refusal.reason, refusal.field};
}

}  // namespace erpbridge::api
