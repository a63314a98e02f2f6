#include "support/peer_control.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <boost/json/parse.hpp>

#include <sstream>

namespace erpbridge::testing {

ControlReply call_peer_control(int port, const std::string& method, const std::string& path,
                               const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::ostringstream text;
  Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
  ControlReply reply;
  reply.status = static_cast<int>(response.getStatus());
  boost::system::error_code ec;
  reply.body = boost::json::parse(text.str(), ec);
  if (ec) reply.body = nullptr;
  return reply;
}

}  // namespace erpbridge::testing
