// Lua value -> XML request body.
//
// Rules (README.md, "XML bodies"): table keys become child elements, sorted by name unless the
// table lists an order in `_order`; `_attr = {k = v}` gives attributes and `_text` the text of
// an element that also has attributes. An array under a plural key is wrapped, its items
// named by the singular: lines = {a, b} -> <lines><line>a</line><line>b</line></lines>
// (-ies -> -y, -sses/-shes/-ches/-xes/-zes drop "es", other -s drop "s"; keys ending in
// -ss, -us, -is are not plurals). Under any other key the items repeat the key:
// item = {a, b} -> <item>a</item><item>b</item>. Scalars become escaped text; json.null an
// empty element.
#pragma once

#include <lua.hpp>

#include <string>
#include <string_view>

#include "lua_sandbox.hpp"

namespace erpbridge::rest {

// Appends the document for the value at `index`. With a `root` name the value is the root
// element's content; without, the value must be a table with exactly one key, which names the
// root. False with `error` when the value cannot be written. Call in protected mode: event data
// (views) is copied into Lua tables first, which may raise (memory).
bool write_xml(lua_State* state, int index, const LuaTypeTags& tags, std::string_view root,
               std::string& out, std::string& error);

// Whether `name` can be used as an element or attribute name.
bool is_xml_name(std::string_view name);

}  // namespace erpbridge::rest
