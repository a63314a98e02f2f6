// Runs a sync-back mapping (a pull feed's or a push kind's `changes` chunk) and reads the table
// it returns. reject(field, message) is defined first, so a mapping can name the field of the
// ERP's document that is at fault.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "lua_runtime.hpp"
#include "sync_back_settings.hpp"

namespace erpbridge::rest {

struct MappingOutcome {
  std::optional<boost::json::object> table;  // set on success
  std::string message;                       // on failure
  std::string field;                         // on failure, when the mapping called reject()
};

MappingOutcome run_changes_mapping(LuaSession& lua, const SyncBackSettings& settings, int chunk);

}  // namespace erpbridge::rest
