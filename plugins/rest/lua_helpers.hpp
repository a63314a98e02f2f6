// The functions mapping chunks can call (money, dec, sum, map, date, json.null, ...) and the
// decimal userdata behind dec(). Documented for tenants in README.md, "Lua environment".
#pragma once

#include <lua.hpp>

#include "decimal.hpp"
#include "lua_sandbox.hpp"

namespace erpbridge::rest {

// Adds every helper to the table at `template_index` and records the helpers' metatables in
// `tags`. Runs once per state, in protected mode.
void register_helpers(lua_State* state, int template_index, LuaTypeTags& tags);

// The decimal held by a dec(...) value at `index`, or nullptr. Never raises.
const Decimal* decimal_at(lua_State* state, int index, const LuaTypeTags& tags);
// The decimal held by a number(...) value at `index`, or nullptr. Never raises.
const Decimal* raw_number_at(lua_State* state, int index, const LuaTypeTags& tags);

// Pushes an empty table marked as a JSON array (json.array) / object (json.object). May raise.
void push_marked_table(lua_State* state, bool array, int size_hint);

}  // namespace erpbridge::rest
