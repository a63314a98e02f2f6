// Building replies: a JSON object, or the same object as XML for callers that sent XML.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "api/api_exchange.hpp"

namespace erpbridge::api {

ApiReply json_reply(int status, const boost::json::object& body);

// JSON, or XML under `xml_root` (api/xml_body.hpp's convention).
ApiReply document_reply(BodyFormat format, int status, const std::string& xml_root,
                        const boost::json::object& body);

ApiReply text_reply(int status, std::string content_type, std::string body);

}  // namespace erpbridge::api
