#include "lua_json.hpp"

#include <boost/json.hpp>

#include <vector>

#include "lua_helpers.hpp"
#include "lua_json_view.hpp"
#include "lua_value.hpp"
#include "text_encoding.hpp"

namespace erpbridge::rest {
namespace {

constexpr int kMaxDepth = 64;

void push_string(lua_State* state, boost::json::string_view text) {
  lua_pushlstring(state, text.data(), text.size());
}

class JsonWriter {
 public:
  JsonWriter(lua_State* state, const LuaTypeTags& tags, std::string& out, std::string& error)
      : state_(state), tags_(tags), out_(out), error_(error) {}

  bool value(int index, int depth) {
    switch (lua_type(state_, index)) {
      case LUA_TNIL:
        out_ += "null";
        return true;
      case LUA_TBOOLEAN:
        out_ += lua_toboolean(state_, index) ? "true" : "false";
        return true;
      case LUA_TNUMBER: {
        char buffer[32];
        std::size_t size = format_lua_number(state_, index, buffer);
        if (size == 0) return fail("NaN and infinity cannot be written as JSON");
        out_.append(buffer, size);
        return true;
      }
      case LUA_TSTRING: {
        std::size_t size = 0;
        const char* text = lua_tolstring(state_, index, &size);
        if (!append_checked_json_string(out_, std::string_view(text, size)))
          return fail("a string is not valid UTF-8");
        return true;
      }
      case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(state_, index) != json_null()) break;
        out_ += "null";
        return true;
      case LUA_TUSERDATA: {
        bool stale = false;
        if (JsonNode node = json_view_at(state_, index, tags_, stale)) {
          push_json_copy(state_, node);
          bool ok = value(lua_gettop(state_), depth);
          lua_pop(state_, 1);
          return ok;
        }
        if (stale) return fail("event or reply data used after its delivery ended");
        char buffer[Decimal::kMaxChars];
        if (const Decimal* decimal = decimal_at(state_, index, tags_)) {
          out_ += '"';
          out_.append(buffer, decimal->write(buffer));
          out_ += '"';
          return true;
        }
        if (const Decimal* number = raw_number_at(state_, index, tags_)) {
          out_.append(buffer, number->write(buffer));
          return true;
        }
        break;
      }
      case LUA_TTABLE:
        return table(index, depth);
    }
    return fail(std::string("a ") + luaL_typename(state_, index) + " cannot be written as JSON");
  }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool table(int index, int depth) {
    if (depth >= kMaxDepth)
      return fail("tables nest deeper than 64 levels (does a table contain itself?)");
    TableShape shape;
    lua_Integer length = 0;
    if (!table_shape(state_, index, tags_, shape, length, error_)) return false;
    int top = lua_gettop(state_);
    bool ok = shape == TableShape::array ? array(index, length, depth) : object(index, depth);
    lua_settop(state_, top);
    return ok;
  }

  bool array(int index, lua_Integer length, int depth) {
    out_ += '[';
    for (lua_Integer i = 1; i <= length; ++i) {
      if (i > 1) out_ += ',';
      lua_rawgeti(state_, index, i);
      if (!value(lua_gettop(state_), depth + 1)) return false;
      lua_pop(state_, 1);
    }
    out_ += ']';
    return true;
  }

  bool object(int index, int depth) {
    std::size_t first = 0;
    if (!entries_.collect(state_, index, first, error_)) return false;
    out_ += '{';
    std::size_t order = entries_.find(first, "_order");
    if (order == std::string_view::npos) {
      for (std::size_t i = first; i < entries_.size(); ++i)
        if (!member(entries_[i], i > first, depth)) return false;
    } else {
      std::vector<std::size_t> positions;
      if (!ordered_positions(state_, entries_, first, entries_[order].value_index, positions,
                             error_))
        return false;
      for (std::size_t k = 0; k < positions.size(); ++k)
        if (!member(entries_[positions[k]], k > 0, depth)) return false;
    }
    out_ += '}';
    entries_.truncate(first);
    return true;
  }

  bool member(LuaEntry entry, bool comma, int depth) {
    if (comma) out_ += ',';
    if (!append_checked_json_string(out_, entry.key)) return fail("a table key is not valid UTF-8");
    out_ += ':';
    return value(entry.value_index, depth + 1);
  }

  lua_State* state_;
  const LuaTypeTags& tags_;
  std::string& out_;
  std::string& error_;
  SortedEntries entries_;
};

}  // namespace

void push_json(lua_State* state, const boost::json::object& object) {
  if (object.empty()) {
    push_marked_table(state, false, 0);
    return;
  }
  luaL_checkstack(state, 3, "JSON nests too deeply");
  lua_createtable(state, 0, static_cast<int>(object.size()));
  for (const auto& member : object) {
    if (member.value().is_null()) continue;
    push_string(state, member.key());
    push_json(state, member.value());
    lua_rawset(state, -3);
  }
}

void push_json(lua_State* state, const boost::json::array& array) {
  if (array.empty()) {
    push_marked_table(state, true, 0);
    return;
  }
  luaL_checkstack(state, 3, "JSON nests too deeply");
  lua_createtable(state, static_cast<int>(array.size()), 0);
  lua_Integer i = 0;
  for (const auto& item : array) {
    if (item.is_null())
      lua_pushlightuserdata(state, json_null());
    else
      push_json(state, item);
    lua_rawseti(state, -2, ++i);
  }
}

void push_json(lua_State* state, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      lua_pushnil(state);
      return;
    case boost::json::kind::bool_:
      lua_pushboolean(state, value.get_bool());
      return;
    case boost::json::kind::int64:
      lua_pushinteger(state, value.get_int64());
      return;
    case boost::json::kind::uint64: {
      std::uint64_t number = value.get_uint64();
      if (number <= static_cast<std::uint64_t>(LUA_MAXINTEGER))
        lua_pushinteger(state, static_cast<lua_Integer>(number));
      else
        lua_pushnumber(state, static_cast<lua_Number>(number));
      return;
    }
    case boost::json::kind::double_:
      lua_pushnumber(state, value.get_double());
      return;
    case boost::json::kind::string:
      push_string(state, value.get_string());
      return;
    case boost::json::kind::array:
      push_json(state, value.get_array());
      return;
    case boost::json::kind::object:
      push_json(state, value.get_object());
      return;
  }
}

bool write_json(lua_State* state, int index, const LuaTypeTags& tags, std::string& out,
                std::string& error) {
  index = lua_absindex(state, index);
  return JsonWriter(state, tags, out, error).value(index, 0);
}

}  // namespace erpbridge::rest
