// The JSON shape of a delivery result, shared by the CLI and the HTTP API.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "common/delivery_result.hpp"

namespace erpbridge::pipeline {

boost::json::object result_to_json(const DeliveryResult& result);
// The same, serialised: as the outbox stores it.
std::string result_json_text(const DeliveryResult& result);

}  // namespace erpbridge::pipeline
