// translate_push for the rest connector: a body the ERP pushed to erpbridge in its own shape
// (JSON, or XML read as the table view replies get) becomes the canonical changes document
// through the tenant's `push.<kind>.changes` mapping. No I/O.
#pragma once

#include <erpbridge/connector.hpp>

#include "rest_settings.hpp"

namespace erpbridge::rest {

// A bad body is `invalid` with "message" and, when the mapping named one with reject(),
// "field" (a JSON pointer or XPath into the pushed body).
sdk::Result translate_push(const RestSettings& settings, const sdk::PushBody& push);

}  // namespace erpbridge::rest
