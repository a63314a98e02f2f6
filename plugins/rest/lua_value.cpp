#include "lua_value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace erpbridge::rest {
namespace {

bool is_sequence(lua_State* state, int index, lua_Integer length) {
  lua_Integer count = 0;
  lua_pushnil(state);
  while (lua_next(state, index)) {
    lua_pop(state, 1);
    lua_Integer key = lua_isinteger(state, -1) ? lua_tointeger(state, -1) : 0;
    if (key < 1 || key > length) {
      lua_pop(state, 1);
      return false;
    }
    ++count;
  }
  return count == length;
}

// Byte-wise order, as std::string_view compares; written out because keys are short and a
// memcmp call per comparison costs more than the comparison itself.
bool key_less(std::string_view a, std::string_view b) {
  std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  return a.size() < b.size();
}

// Objects in bodies have a handful of keys: insertion sort beats std::sort's set-up there.
void sort_by_key(std::vector<LuaEntry>::iterator begin, std::vector<LuaEntry>::iterator end) {
  auto less = [](const LuaEntry& a, const LuaEntry& b) { return key_less(a.key, b.key); };
  if (end - begin > 16) {
    std::sort(begin, end, less);
    return;
  }
  for (auto i = begin; i != end; ++i) {
    LuaEntry entry = *i;
    auto j = i;
    for (; j != begin && less(entry, *(j - 1)); --j) *j = *(j - 1);
    *j = entry;
  }
}

}  // namespace

bool table_shape(lua_State* state, int index, const LuaTypeTags& tags, TableShape& shape,
                 lua_Integer& length, std::string& error) {
  if (!lua_checkstack(state, 3)) {
    error = "out of memory";
    return false;
  }
  const void* marker = nullptr;
  if (lua_getmetatable(state, index)) {
    marker = lua_topointer(state, -1);
    lua_pop(state, 1);
  }
  if (marker == tags.object_mt) {
    shape = TableShape::object;
    return true;
  }
  length = static_cast<lua_Integer>(lua_rawlen(state, index));
  // No border at 1: an object (or empty) unless marked, without walking the keys.
  if (length == 0 && marker != tags.array_mt) {
    shape = TableShape::object;
    return true;
  }
  bool sequence = is_sequence(state, index, length);
  if (marker == tags.array_mt) {
    if (!sequence) {
      error = "a json.array table has keys other than 1..n";
      return false;
    }
    shape = TableShape::array;
    return true;
  }
  shape = sequence && length > 0 ? TableShape::array : TableShape::object;
  return true;
}

bool SortedEntries::collect(lua_State* state, int index, std::size_t& first, std::string& error) {
  first = entries_.size();
  // Each entry keeps its key and value on the stack; room is checked every few entries.
  constexpr int kEntriesPerCheck = 8;
  constexpr int kRoom = 2 * kEntriesPerCheck + 4;
  if (!lua_checkstack(state, kRoom)) {
    error = "out of memory";
    return false;
  }
  int unchecked = 0;
  lua_pushnil(state);
  while (lua_next(state, index)) {
    // Keep this key and value where they are; iterate on with a copy of the key.
    int value_index = lua_gettop(state);
    std::string_view key;
    int key_type = lua_type(state, -2);
    if (key_type == LUA_TSTRING) {
      std::size_t size = 0;
      const char* text = lua_tolstring(state, -2, &size);
      key = std::string_view(text, size);
    } else if (key_type == LUA_TNUMBER) {
      char buffer[32];
      std::size_t size = format_lua_number(state, value_index - 1, buffer);
      key = number_keys_.emplace_front(buffer, size);
    } else {
      error = std::string("a table key is a ") + luaL_typename(state, -2) +
              "; only string and number keys can be written";
      return false;
    }
    entries_.push_back({key, value_index});
    if (++unchecked == kEntriesPerCheck) {
      unchecked = 0;
      if (!lua_checkstack(state, kRoom)) {
        error = "table too large";
        return false;
      }
    }
    lua_pushvalue(state, -2);
  }
  sort_by_key(entries_.begin() + static_cast<std::ptrdiff_t>(first), entries_.end());
  return true;
}

std::size_t SortedEntries::find(std::size_t first, std::string_view key) const {
  auto begin = entries_.begin() + static_cast<std::ptrdiff_t>(first);
  auto found = std::lower_bound(
      begin, entries_.end(), key,
      [](const LuaEntry& entry, std::string_view k) { return key_less(entry.key, k); });
  if (found == entries_.end() || found->key != key) return std::string_view::npos;
  return static_cast<std::size_t>(found - entries_.begin());
}

bool ordered_positions(lua_State* state, const SortedEntries& entries, std::size_t first,
                       int order_index, std::vector<std::size_t>& positions, std::string& error) {
  positions.clear();
  if (lua_type(state, order_index) != LUA_TTABLE || !lua_checkstack(state, 2)) {
    error = "_order must be a list of key names";
    return false;
  }
  std::size_t end = entries.size();
  std::vector<bool> listed(end - first, false);
  lua_Integer count = static_cast<lua_Integer>(lua_rawlen(state, order_index));
  for (lua_Integer k = 1; k <= count; ++k) {
    lua_rawgeti(state, order_index, k);
    bool is_string = lua_type(state, -1) == LUA_TSTRING;
    std::size_t size = 0;
    const char* name = is_string ? lua_tolstring(state, -1, &size) : nullptr;
    lua_pop(state, 1);  // the string lives on in the _order table
    if (!is_string) {
      error = "_order must be a list of key names";
      return false;
    }
    std::size_t position = entries.find(first, std::string_view(name, size));
    if (position == std::string_view::npos || listed[position - first]) continue;
    listed[position - first] = true;
    positions.push_back(position);
  }
  for (std::size_t i = first; i < end; ++i)
    if (!listed[i - first] && entries[i].key != "_order") positions.push_back(i);
  return true;
}

std::size_t format_lua_number(lua_State* state, int index, char* out) {
  if (lua_isinteger(state, index))
    return static_cast<std::size_t>(std::to_chars(out, out + 32, lua_tointeger(state, index)).ptr -
                                    out);
  double value = lua_tonumber(state, index);
  if (!std::isfinite(value)) return 0;
  return static_cast<std::size_t>(std::to_chars(out, out + 32, value).ptr - out);
}

}  // namespace erpbridge::rest
