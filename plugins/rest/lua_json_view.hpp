// Read-only Lua views of JSON documents (the event, refs and the ERP's reply). A mapping reads
// a handful of fields of a large event; converting the whole event into Lua tables on every
// delivery cost more than the mapping itself, so `event`, `data`, `refs` and `reply` are views
// that convert a field only when it is read.
//
// In Lua a view behaves like a read-only table: v.field, v[1], #v, ipairs(v), pairs(v),
// tostring(v) (its JSON text), == (same node). type(v) is "userdata". JSON null reads as nil
// (json.null inside arrays). Assigning to a view raises an error.
#pragma once

#include <lua.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "lua_sandbox.hpp"

namespace erpbridge::rest {

// Adds the view metatable; records it in `tags`. Runs once per state, in protected mode.
void register_json_view(lua_State* state, LuaTypeTags& tags);

// Pushes `value`: scalars as Lua values, objects and arrays as views of `value`, which must
// outlive the views (until Sandbox::end_views()). May raise (memory).
void push_json_view(lua_State* state, const boost::json::value& value);
void push_json_view(lua_State* state, const boost::json::object& object);

// The JSON node behind the view at `index`, or nullptr when it is not a view. `stale` is set
// when it is a view from an earlier delivery. Never raises.
struct JsonNode {
  const boost::json::object* object = nullptr;
  const boost::json::array* array = nullptr;
  explicit operator bool() const { return object || array; }
};
JsonNode json_view_at(lua_State* state, int index, const LuaTypeTags& tags, bool& stale);

// Pushes a plain Lua copy of the node (for writing it into a request body). May raise.
void push_json_copy(lua_State* state, const JsonNode& node);

}  // namespace erpbridge::rest
