#include "api/reply.hpp"

#include <boost/json/serialize.hpp>

#include "api/xml_body.hpp"

namespace erpbridge::api {

ApiReply json_reply(int status, const boost::json::object& body) {
  return text_reply(status, "application/json", boost::json::serialize(body));
}

ApiReply document_reply(BodyFormat format, int status, const std::string& xml_root,
                        const boost::json::object& body) {
  if (format == BodyFormat::json) return json_reply(status, body);
  return text_reply(status, "application/xml; charset=utf-8", json_to_xml(xml_root, body));
}

ApiReply text_reply(int status, std::string content_type, std::string body) {
  ApiReply reply;
  reply.status = status;
  reply.content_type = std::move(content_type);
  reply.body = std::move(body);
  return reply;
}

}  // namespace erpbridge::api
