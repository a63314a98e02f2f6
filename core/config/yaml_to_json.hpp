// A tenant's `settings` (any YAML) as the JSON its connector receives, with ${...} references
// resolved and the line of every key and list element kept by JSON pointer, so an error the
// connector finds later can still point at the YAML line. Internal to core/config.
#pragma once

#include <yaml-cpp/yaml.h>

#include <boost/json/value.hpp>

#include <map>
#include <string>

#include "config/yaml_document.hpp"

namespace erpbridge::config::detail {

struct JsonWithLines {
  boost::json::value value;
  std::map<std::string, int> lines;  // JSON pointer -> 1-based line
};

// Errors name `key_prefix` + pointer ("settings/events/order.created/path").
JsonWithLines yaml_to_json(const YamlDocument& doc, const YAML::Node& node,
                           const std::string& key_prefix);

}  // namespace erpbridge::config::detail
