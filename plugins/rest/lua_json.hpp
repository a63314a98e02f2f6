// Between Boost.JSON values and Lua values, in both directions.
//
// JSON -> Lua (event, refs, reply): objects and arrays become tables (empty ones are marked
// so they are written back as {} and []), null becomes nil (json.null inside arrays, to keep
// positions), numbers stay integers or floats, strings stay strings.
//
// Lua -> JSON (request bodies): sequences become arrays, other tables objects with sorted
// keys; dec() values become strings ("948.00"), number() values bare numbers, json.null null.
#pragma once

#include <lua.hpp>

#include <boost/json/value.hpp>

#include <string>

#include "lua_sandbox.hpp"

namespace erpbridge::rest {

// Pushes `value`. May raise a Lua error (memory): call in protected mode.
void push_json(lua_State* state, const boost::json::value& value);
void push_json(lua_State* state, const boost::json::object& value);
void push_json(lua_State* state, const boost::json::array& value);

// Appends the Lua value at `index` as JSON text. False with `error` when it cannot be written
// (functions, NaN, invalid UTF-8, cycles). Call in protected mode: event data (views) in the
// value is copied into Lua tables first, which may raise (memory).
bool write_json(lua_State* state, int index, const LuaTypeTags& tags, std::string& out,
                std::string& error);

}  // namespace erpbridge::rest
