#include "lua_helpers.hpp"

#include <new>
#include <string>

#include "lua_json.hpp"
#include "lua_json_view.hpp"
#include "timestamp_format.hpp"

namespace erpbridge::rest {
namespace {

constexpr const char* kDecimalType = "erpbridge.decimal";
constexpr const char* kNumberType = "erpbridge.number";
constexpr const char* kArrayMarker = "erpbridge.json.array";
constexpr const char* kObjectMarker = "erpbridge.json.object";

const Decimal* userdata_with(lua_State* state, int index, const void* metatable) {
  if (!metatable || lua_type(state, index) != LUA_TUSERDATA || !lua_getmetatable(state, index))
    return nullptr;
  bool match = lua_topointer(state, -1) == metatable;
  lua_pop(state, 1);
  return match ? static_cast<const Decimal*>(lua_touserdata(state, index)) : nullptr;
}

void push_userdata(lua_State* state, const Decimal& value, int metatable_ref) {
  new (lua_newuserdatauv(state, sizeof(Decimal), 0)) Decimal(value);
  set_metatable_from_ref(state, metatable_ref);
}

void push_decimal(lua_State* state, const Decimal& value) {
  push_userdata(state, value, Sandbox::of(state).tags().decimal_ref);
}

// Reads a number, decimal string, dec() or number() value as a Decimal; raises otherwise.
Decimal check_decimal(lua_State* state, int index, const char* who) {
  const LuaTypeTags& tags = Sandbox::of(state).tags();
  switch (lua_type(state, index)) {
    case LUA_TNUMBER:
      if (lua_isinteger(state, index)) return Decimal::from_integer(lua_tointeger(state, index));
      if (auto value = Decimal::from_double(lua_tonumber(state, index))) return *value;
      luaL_error(state, "%s: %f is not a finite number", who, lua_tonumber(state, index));
      break;
    case LUA_TSTRING: {
      std::size_t size = 0;
      const char* text = lua_tolstring(state, index, &size);
      if (auto value = Decimal::parse(std::string_view(text, size))) return *value;
      luaL_error(state, "%s: '%s' is not a decimal number", who, text);
      break;
    }
    case LUA_TUSERDATA:
      if (const Decimal* value = decimal_at(state, index, tags)) return *value;
      if (const Decimal* value = raw_number_at(state, index, tags)) return *value;
      [[fallthrough]];
    default:
      luaL_error(state, "%s: expected a number or a decimal string, got %s", who,
                 luaL_typename(state, index));
  }
  return Decimal();
}

int decimal_text(lua_State* state, const Decimal& value) {
  char buffer[Decimal::kMaxChars];
  lua_pushlstring(state, buffer, value.write(buffer));
  return 1;
}

template <std::optional<Decimal> (Decimal::*Operation)(const Decimal&) const>
int decimal_arithmetic(lua_State* state) {
  Decimal a = check_decimal(state, 1, "decimal arithmetic");
  Decimal b = check_decimal(state, 2, "decimal arithmetic");
  auto result = (a.*Operation)(b);
  if (!result)
    return luaL_error(state, Operation == &Decimal::divided_by && b.is_zero()
                                 ? "decimal division by zero"
                                 : "decimal overflow");
  push_decimal(state, *result);
  return 1;
}

int decimal_unm(lua_State* state) {
  push_decimal(state, check_decimal(state, 1, "decimal arithmetic").negated());
  return 1;
}

int decimal_eq(lua_State* state) {
  lua_pushboolean(state, check_decimal(state, 1, "decimal comparison") ==
                             check_decimal(state, 2, "decimal comparison"));
  return 1;
}

int decimal_lt(lua_State* state) {
  lua_pushboolean(state, check_decimal(state, 1, "decimal comparison") <
                             check_decimal(state, 2, "decimal comparison"));
  return 1;
}

int decimal_le(lua_State* state) {
  lua_pushboolean(state, check_decimal(state, 1, "decimal comparison") <=
                             check_decimal(state, 2, "decimal comparison"));
  return 1;
}

int decimal_tostring(lua_State* state) {
  return decimal_text(state, check_decimal(state, 1, "tostring"));
}

int decimal_concat(lua_State* state) {
  const LuaTypeTags& tags = Sandbox::of(state).tags();
  for (int i = 1; i <= 2; ++i) {
    if (const Decimal* value = decimal_at(state, i, tags))
      decimal_text(state, *value);
    else
      luaL_tolstring(state, i, nullptr);
  }
  lua_concat(state, 2);
  return 1;
}

int decimal_round(lua_State* state) {
  Decimal value = check_decimal(state, 1, "round");
  lua_Integer places = luaL_optinteger(state, 2, 0);
  if (places < 0 || places > Decimal::kMaxScale)
    return luaL_error(state, "round: places must be 0..%d", Decimal::kMaxScale);
  auto rounded = value.rounded(static_cast<int>(places));
  if (!rounded) return luaL_error(state, "decimal overflow");
  push_decimal(state, *rounded);
  return 1;
}

int helper_dec(lua_State* state) {
  if (decimal_at(state, 1, Sandbox::of(state).tags())) {
    lua_settop(state, 1);
    return 1;
  }
  push_decimal(state, check_decimal(state, 1, "dec"));
  return 1;
}

int helper_money(lua_State* state) {
  auto rounded = check_decimal(state, 1, "money").rounded(2);
  if (!rounded) return luaL_error(state, "money: decimal overflow");
  return decimal_text(state, *rounded);
}

int helper_number(lua_State* state) {
  if (lua_type(state, 1) == LUA_TNUMBER) {
    lua_settop(state, 1);
    return 1;
  }
  push_userdata(state, check_decimal(state, 1, "number"), Sandbox::of(state).tags().number_ref);
  return 1;
}

// Calls fn(item, i) for item i of the list at index 1 with the function at index 2 (or pushes
// the item itself when there is no function).
void push_item_result(lua_State* state, lua_Integer i, bool has_function) {
  if (has_function) lua_pushvalue(state, 2);
  lua_geti(state, 1, i);
  if (has_function) {
    lua_pushinteger(state, i);
    lua_call(state, 2, 1);
  }
}

// Lists are tables or views of JSON arrays (data.items).
void check_list(lua_State* state, int index) {
  if (lua_type(state, index) == LUA_TTABLE) return;
  bool stale = false;
  if (json_view_at(state, index, Sandbox::of(state).tags(), stale)) return;
  luaL_typeerror(state, index, "table");
}

int helper_sum(lua_State* state) {
  check_list(state, 1);
  bool has_function = !lua_isnoneornil(state, 2);
  if (has_function) luaL_checktype(state, 2, LUA_TFUNCTION);
  Decimal total;
  lua_Integer count = luaL_len(state, 1);
  for (lua_Integer i = 1; i <= count; ++i) {
    push_item_result(state, i, has_function);
    if (lua_isnil(state, -1))
      return luaL_error(state, "sum: item %d gave nil", static_cast<int>(i));
    auto next = total.plus(check_decimal(state, lua_gettop(state), "sum"));
    if (!next) return luaL_error(state, "sum: decimal overflow");
    total = *next;
    lua_pop(state, 1);
  }
  push_decimal(state, total);
  return 1;
}

int collect(lua_State* state, bool keep_results) {
  check_list(state, 1);
  luaL_checktype(state, 2, LUA_TFUNCTION);
  lua_Integer count = luaL_len(state, 1);
  push_marked_table(state, true, static_cast<int>(count));
  int out = lua_gettop(state);
  lua_Integer next = 0;
  for (lua_Integer i = 1; i <= count; ++i) {
    push_item_result(state, i, true);
    if (keep_results) {
      if (lua_isnil(state, -1))
        lua_pop(state, 1);
      else
        lua_rawseti(state, out, ++next);
    } else {
      bool keep = lua_toboolean(state, -1);
      lua_pop(state, 1);
      if (keep) {
        lua_geti(state, 1, i);
        lua_rawseti(state, out, ++next);
      }
    }
  }
  return 1;
}

int helper_map(lua_State* state) {
  return collect(state, true);
}
int helper_filter(lua_State* state) {
  return collect(state, false);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int helper_trim(lua_State* state) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(state, 1, &size);
  std::size_t begin = 0, end = size;
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  lua_pushlstring(state, text + begin, end - begin);
  return 1;
}

int helper_truncate(lua_State* state) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(state, 1, &size);
  lua_Integer limit = luaL_checkinteger(state, 2);
  std::size_t end = 0;
  for (lua_Integer chars = 0; end < size; ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && chars++ == limit) break;
  }
  lua_pushlstring(state, text, end);
  return 1;
}

int helper_date(lua_State* state) {
  std::size_t size = 0, pattern_size = 0, zone_size = 0;
  const char* text = luaL_checklstring(state, 1, &size);
  const char* pattern = luaL_checklstring(state, 2, &pattern_size);
  const char* zone = luaL_optlstring(state, 3, "", &zone_size);
  auto formatted =
      reformat_timestamp(std::string_view(text, size), std::string_view(pattern, pattern_size),
                         std::string_view(zone, zone_size));
  if (!formatted) {
    lua_pushfstring(state, "date: %s", formatted.error().c_str());
    return lua_error(state);  // Lua is built as C++ here: this unwinds like an exception
  }
  lua_pushlstring(state, formatted->data(), formatted->size());
  return 1;
}

int helper_default(lua_State* state) {
  bool missing = lua_isnoneornil(state, 1) ||
                 (lua_islightuserdata(state, 1) && lua_touserdata(state, 1) == json_null());
  lua_settop(state, 2);
  lua_pushvalue(state, missing ? 2 : 1);
  return 1;
}

int json_mark(lua_State* state, bool array) {
  if (lua_isnoneornil(state, 1)) {
    push_marked_table(state, array, 0);
    return 1;
  }
  luaL_checktype(state, 1, LUA_TTABLE);
  lua_settop(state, 1);
  const LuaTypeTags& tags = Sandbox::of(state).tags();
  set_metatable_from_ref(state, array ? tags.array_ref : tags.object_ref);
  return 1;
}

int json_array(lua_State* state) {
  return json_mark(state, true);
}
int json_object(lua_State* state) {
  return json_mark(state, false);
}

int json_encode(lua_State* state) {
  luaL_checkany(state, 1);
  std::string text, error;
  if (!write_json(state, 1, Sandbox::of(state).tags(), text, error)) {
    lua_pushfstring(state, "json.encode: %s", error.c_str());
    return lua_error(state);
  }
  lua_pushlstring(state, text.data(), text.size());
  return 1;
}

// Leaves the new metatable on the stack; returns its identity and sets `ref` to a registry ref.
const void* new_protected_metatable(lua_State* state, const char* type, const char* shown_name,
                                    int& ref) {
  luaL_newmetatable(state, type);
  lua_pushstring(state, shown_name);
  lua_setfield(state, -2, "__name");
  lua_pushboolean(state, 0);
  lua_setfield(state, -2, "__metatable");
  lua_pushvalue(state, -1);
  ref = luaL_ref(state, LUA_REGISTRYINDEX);
  return lua_topointer(state, -1);
}

void set_functions(lua_State* state, int table, const luaL_Reg* functions) {
  for (; functions->name; ++functions) {
    lua_pushcfunction(state, functions->func);
    lua_setfield(state, table, functions->name);
  }
}

void copy_field(lua_State* state, int template_index, const char* library, const char* name,
                const char* as) {
  lua_getfield(state, template_index, library);
  lua_getfield(state, -1, name);
  lua_setfield(state, template_index, as);
  lua_pop(state, 1);
}

}  // namespace

const Decimal* decimal_at(lua_State* state, int index, const LuaTypeTags& tags) {
  return userdata_with(state, index, tags.decimal_mt);
}

const Decimal* raw_number_at(lua_State* state, int index, const LuaTypeTags& tags) {
  return userdata_with(state, index, tags.number_mt);
}

void push_marked_table(lua_State* state, bool array, int size_hint) {
  lua_createtable(state, array ? size_hint : 0, array ? 0 : size_hint);
  const LuaTypeTags& tags = Sandbox::of(state).tags();
  set_metatable_from_ref(state, array ? tags.array_ref : tags.object_ref);
}

void register_helpers(lua_State* state, int template_index, LuaTypeTags& tags) {
  static const luaL_Reg kDecimalMeta[] = {{"__add", decimal_arithmetic<&Decimal::plus>},
                                          {"__sub", decimal_arithmetic<&Decimal::minus>},
                                          {"__mul", decimal_arithmetic<&Decimal::times>},
                                          {"__div", decimal_arithmetic<&Decimal::divided_by>},
                                          {"__unm", decimal_unm},
                                          {"__eq", decimal_eq},
                                          {"__lt", decimal_lt},
                                          {"__le", decimal_le},
                                          {"__tostring", decimal_tostring},
                                          {"__concat", decimal_concat},
                                          {nullptr, nullptr}};
  tags.decimal_mt = new_protected_metatable(state, kDecimalType, "decimal", tags.decimal_ref);
  set_functions(state, lua_gettop(state), kDecimalMeta);
  lua_newtable(state);
  lua_pushcfunction(state, decimal_round);
  lua_setfield(state, -2, "round");
  lua_setfield(state, -2, "__index");
  lua_pop(state, 1);

  tags.number_mt = new_protected_metatable(state, kNumberType, "json number", tags.number_ref);
  lua_pushcfunction(state, decimal_tostring);
  lua_setfield(state, -2, "__tostring");
  lua_pop(state, 1);
  tags.array_mt = new_protected_metatable(state, kArrayMarker, "json.array", tags.array_ref);
  lua_pop(state, 1);
  tags.object_mt = new_protected_metatable(state, kObjectMarker, "json.object", tags.object_ref);
  lua_pop(state, 1);

  static const luaL_Reg kHelpers[] = {
      {"dec", helper_dec},       {"money", helper_money},     {"number", helper_number},
      {"round", decimal_round},  {"sum", helper_sum},         {"map", helper_map},
      {"filter", helper_filter}, {"trim", helper_trim},       {"truncate", helper_truncate},
      {"date", helper_date},     {"default", helper_default}, {nullptr, nullptr}};
  set_functions(state, template_index, kHelpers);
  copy_field(state, template_index, LUA_STRLIBNAME, "format", "fmt");
  copy_field(state, template_index, LUA_STRLIBNAME, "upper", "upper");
  copy_field(state, template_index, LUA_STRLIBNAME, "lower", "lower");

  static const luaL_Reg kJson[] = {
      {"array", json_array}, {"object", json_object}, {"encode", json_encode}, {nullptr, nullptr}};
  lua_newtable(state);
  set_functions(state, lua_gettop(state), kJson);
  lua_pushlightuserdata(state, json_null());
  lua_setfield(state, -2, "null");
  lua_setfield(state, template_index, "json");
}

}  // namespace erpbridge::rest
