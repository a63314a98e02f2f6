#include "api/error_reply.hpp"

#include <boost/json/object.hpp>

#include "api/reply.hpp"

namespace erpbridge::api {

ApiReply error_reply(const ApiError& error, BodyFormat format) {
  boost::json::object detail;
  detail["code"] = error.code;
  detail["message"] = error.message;
  if (!error.field.empty()) detail["field"] = error.field;

  ApiReply reply;
  if (format == BodyFormat::xml) {
    reply = document_reply(format, error.status, "error", detail);
  } else {
    boost::json::object body;
    body["error"] = std::move(detail);
    reply = json_reply(error.status, body);
  }
  if (error.status == 401) reply.headers.emplace_back("WWW-Authenticate", kAuthChallenge);
  return reply;
}

}  // namespace erpbridge::api
