// docs/http-api.yaml describes the running service: every route of the server's table is a
// path and operation there, and the document lists no path the server does not serve.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "api/route_table.hpp"

namespace erpbridge::api {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const YAML::Node& openapi() {
  static const YAML::Node doc =
      YAML::LoadFile(std::string(ERPBRIDGE_SOURCE_DIR) + "/docs/http-api.yaml");
  return doc;
}

TEST(OpenApi, IsAnOpenApi3Document) {
  EXPECT_EQ(openapi()["openapi"].as<std::string>().rfind("3.", 0), 0u);
  EXPECT_TRUE(openapi()["components"]["schemas"]["Error"]);
  for (const char* scheme : {"basicAuth", "usernamePassword", "bearerAuth", "adminToken"})
    EXPECT_TRUE(openapi()["components"]["securitySchemes"][scheme]) << scheme;
}

TEST(OpenApi, DocumentsEveryRouteOfTheServer) {
  const YAML::Node paths = openapi()["paths"];
  for (const Route& route : route_table()) {
    const std::string path(route.pattern);
    ASSERT_TRUE(paths[path]) << path << " is served but not in docs/http-api.yaml";
    const YAML::Node operation = paths[path][lower(route.method)];
    ASSERT_TRUE(operation) << route.method << " " << path << " is not documented";
    EXPECT_TRUE(operation["responses"]) << route.method << " " << path;
    // Open routes say so; every other route is covered by the document's security.
    const bool documented_open = operation["security"] && operation["security"].size() == 0;
    EXPECT_EQ(documented_open, route.access == Access::open) << route.method << " " << path;
  }
}

// The queue and the connection limit are checked before a request is routed, so any route can
// be answered 503 server_busy with Retry-After (serve_connections_test.cpp).
TEST(OpenApi, EveryRouteDocumentsServerBusyWithRetryAfter) {
  const YAML::Node paths = openapi()["paths"];
  const YAML::Node responses = openapi()["components"]["responses"];
  for (const Route& route : route_table()) {
    const std::string path(route.pattern);
    YAML::Node busy = paths[path][lower(route.method)]["responses"]["503"];
    ASSERT_TRUE(busy) << route.method << " " << path << " documents no 503";
    if (busy["$ref"]) {
      const std::string ref = busy["$ref"].as<std::string>();
      busy = responses[ref.substr(ref.rfind('/') + 1)];
      ASSERT_TRUE(busy) << ref;
    }
    EXPECT_TRUE(busy["headers"]["Retry-After"]) << route.method << " " << path;
    EXPECT_NE(busy["description"].as<std::string>().find("server_busy"), std::string::npos)
        << route.method << " " << path;
  }
}

TEST(OpenApi, DocumentsNoRouteTheServerLacks) {
  std::set<std::string> served;
  for (const Route& route : route_table())
    served.insert(lower(route.method) + " " + std::string(route.pattern));
  for (const auto& path : openapi()["paths"]) {
    for (const auto& operation : path.second) {
      const std::string key = operation.first.as<std::string>();
      if (key == "parameters" || key == "summary" || key == "description") continue;
      EXPECT_TRUE(served.count(key + " " + path.first.as<std::string>()))
          << key << " " << path.first.as<std::string>() << " is documented but not served";
    }
  }
}

TEST(OpenApi, PathParametersAreDeclared) {
  for (const Route& route : route_table()) {
    const std::string path(route.pattern);
    if (path.find('{') == std::string::npos) continue;
    const YAML::Node parameters = openapi()["paths"][path][lower(route.method)]["parameters"];
    ASSERT_TRUE(parameters) << path;
    bool declared = false;
    for (const auto& p : parameters) {
      const YAML::Node ref = p["$ref"];
      declared = declared || (ref && ref.as<std::string>() == "#/components/parameters/EventId");
    }
    EXPECT_TRUE(declared) << path;
  }
}

}  // namespace
}  // namespace erpbridge::api
