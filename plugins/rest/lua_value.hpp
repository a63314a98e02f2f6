// Reading Lua values for the JSON and XML writers. Nothing here raises a Lua error or
// allocates Lua memory, so it is safe outside a protected call.
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <forward_list>
#include <string>
#include <string_view>
#include <vector>

#include "lua_sandbox.hpp"

namespace erpbridge::rest {

enum class TableShape { array, object };

// Whether the table at absolute `index` is written as an array (keys exactly 1..n, n > 0, or
// marked with json.array) or an object (everything else, json.object, and the empty table).
// `length` receives n for arrays. False with `error` for a json.array table that is not a
// sequence.
bool table_shape(lua_State* state, int index, const LuaTypeTags& tags, TableShape& shape,
                 lua_Integer& length, std::string& error);

struct LuaEntry {
  std::string_view key;  // points into a Lua string on the stack or into key storage
  int value_index;       // absolute stack index of the value
};

// Collects the entries of object-like tables, sorted by key, for deterministic output. Keys
// and values are pushed on the Lua stack and stay there until the caller restores the top;
// entries of nested tables are appended after the outer ones, so refer to them by position.
class SortedEntries {
 public:
  // Appends the entries of the table at absolute `index`; returns the position of the first.
  // False with `error` for a key that is neither a string nor a number, or a full stack.
  bool collect(lua_State* state, int index, std::size_t& first, std::string& error);
  const LuaEntry& operator[](std::size_t position) const { return entries_[position]; }
  // Position of `key` among the entries [first, size()), or npos.
  std::size_t find(std::size_t first, std::string_view key) const;
  std::size_t size() const { return entries_.size(); }
  void truncate(std::size_t first) { entries_.resize(first); }

 private:
  std::vector<LuaEntry> entries_;
  std::forward_list<std::string> number_keys_;
};

// The output order of the entries [first, entries.size()) of a table with an `_order` list at
// `order_index`: the listed keys first, in that order, then the rest by key; `_order` itself
// is left out. False with `error` when `_order` is not a list of strings.
bool ordered_positions(lua_State* state, const SortedEntries& entries, std::size_t first,
                       int order_index, std::vector<std::size_t>& positions, std::string& error);

// Formats the Lua number at `index` into `out` (room for 32 chars): integers as integers,
// floats in their shortest round-trip form. Returns 0 for NaN and infinities.
std::size_t format_lua_number(lua_State* state, int index, char* out);

}  // namespace erpbridge::rest
