// One HTTP request and its reply as the API handlers see them: plain values, no Poco, so the
// handlers read like functions from request to reply and tests can build requests directly.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace erpbridge::api {

// The format of a request body, and so of its reply.
enum class BodyFormat { json, xml };

// Header names compare without regard to case (RFC 9110).
class Headers {
 public:
  void add(std::string name, std::string value);
  std::optional<std::string> get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct ApiRequest {
  std::string method;
  std::string path;                          // percent-decoded per segment
  std::vector<std::string> path_params;      // values of the route's {placeholders}, decoded
  std::map<std::string, std::string> query;  // decoded; the first of repeated names wins
  Headers headers;
  std::string body;                      // raw, as received (signatures need it)
  BodyFormat format = BodyFormat::json;  // of the body; replies use the same
  std::string tenant;                    // set once the caller is authenticated
  std::chrono::system_clock::time_point received_at = std::chrono::system_clock::now();
};

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// application/xml or text/xml (or any +xml type) means XML; anything else is JSON. A request
// without a body (GET) may ask for XML with its Accept header instead.
BodyFormat format_of(const Headers& headers, bool has_body);

// Whether the request's Content-Type is application/json (or a +json type). Endpoints that
// take JSON only refuse anything else with 415 rather than guess: a body sent as text/plain
// or with no type at all was not meant for them.
bool declares_json(const Headers& headers);

}  // namespace erpbridge::api
