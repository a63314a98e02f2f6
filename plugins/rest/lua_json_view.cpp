#include "lua_json_view.hpp"

#include <boost/json.hpp>

#include "lua_json.hpp"

namespace erpbridge::rest {
namespace {

constexpr const char* kViewType = "erpbridge.json.view";

struct JsonView {
  JsonNode node;
  std::uint64_t generation;
};

void push_view(lua_State* state, const JsonNode& node) {
  auto* view = static_cast<JsonView*>(lua_newuserdatauv(state, sizeof(JsonView), 0));
  view->node = node;
  const Sandbox& sandbox = Sandbox::of(state);
  view->generation = sandbox.view_generation();
  set_metatable_from_ref(state, sandbox.tags().view_ref);
}

// The view at argument 1 of a metamethod; raises for one from an earlier delivery.
const JsonNode& self(lua_State* state) {
  auto* view = static_cast<JsonView*>(lua_touserdata(state, 1));
  if (view->generation != Sandbox::of(state).view_generation())
    luaL_error(state, "event or reply data used after its delivery ended");
  return view->node;
}

void push_item(lua_State* state, const boost::json::value& item) {
  if (item.is_null())
    lua_pushlightuserdata(state, json_null());
  else
    push_json_view(state, item);
}

int view_index(lua_State* state) {
  const JsonNode& node = self(state);
  if (node.object) {
    std::size_t size = 0;
    const char* key = lua_type(state, 2) == LUA_TSTRING ? lua_tolstring(state, 2, &size) : nullptr;
    const boost::json::value* found =
        key ? node.object->if_contains(boost::json::string_view(key, size)) : nullptr;
    if (found)
      push_json_view(state, *found);
    else
      lua_pushnil(state);
    return 1;
  }
  lua_Integer i = lua_isinteger(state, 2) ? lua_tointeger(state, 2) : 0;
  if (i < 1 || static_cast<std::size_t>(i) > node.array->size())
    lua_pushnil(state);
  else
    push_item(state, (*node.array)[static_cast<std::size_t>(i - 1)]);
  return 1;
}

int view_len(lua_State* state) {
  const JsonNode& node = self(state);
  lua_pushinteger(state, node.array ? static_cast<lua_Integer>(node.array->size()) : 0);
  return 1;
}

int view_newindex(lua_State* state) {
  return luaL_error(state, "event and reply data are read-only; build a table of your own");
}

int view_eq(lua_State* state) {
  const LuaTypeTags& tags = Sandbox::of(state).tags();
  bool stale_a = false, stale_b = false;
  JsonNode a = json_view_at(state, 1, tags, stale_a);
  JsonNode b = json_view_at(state, 2, tags, stale_b);
  lua_pushboolean(state, a && b && a.object == b.object && a.array == b.array);
  return 1;
}

int view_tostring(lua_State* state) {
  const JsonNode& node = self(state);
  std::string text =
      node.object ? boost::json::serialize(*node.object) : boost::json::serialize(*node.array);
  lua_pushlstring(state, text.data(), text.size());
  return 1;
}

// The iterator pairs() returns: upvalue 1 is the view, upvalue 2 the next position.
int view_next(lua_State* state) {
  auto* view = static_cast<JsonView*>(lua_touserdata(state, lua_upvalueindex(1)));
  if (view->generation != Sandbox::of(state).view_generation())
    return luaL_error(state, "event or reply data used after its delivery ended");
  auto position = static_cast<std::size_t>(lua_tointeger(state, lua_upvalueindex(2)));
  const JsonNode& node = view->node;
  if (node.object) {
    while (position < node.object->size()) {
      const auto& member = node.object->begin()[position++];
      if (member.value().is_null()) continue;
      lua_pushinteger(state, static_cast<lua_Integer>(position));
      lua_replace(state, lua_upvalueindex(2));
      lua_pushlstring(state, member.key().data(), member.key().size());
      push_json_view(state, member.value());
      return 2;
    }
    return 0;
  }
  if (position >= node.array->size()) return 0;
  lua_pushinteger(state, static_cast<lua_Integer>(position + 1));
  lua_replace(state, lua_upvalueindex(2));
  lua_pushinteger(state, static_cast<lua_Integer>(position + 1));
  push_item(state, (*node.array)[position]);
  return 2;
}

int view_pairs(lua_State* state) {
  self(state);
  lua_pushvalue(state, 1);
  lua_pushinteger(state, 0);
  lua_pushcclosure(state, view_next, 2);
  lua_pushvalue(state, 1);
  lua_pushnil(state);
  return 3;
}

}  // namespace

void register_json_view(lua_State* state, LuaTypeTags& tags) {
  static const luaL_Reg kMeta[] = {
      {"__index", view_index}, {"__len", view_len},           {"__newindex", view_newindex},
      {"__eq", view_eq},       {"__tostring", view_tostring}, {"__pairs", view_pairs},
      {nullptr, nullptr}};
  luaL_newmetatable(state, kViewType);
  luaL_setfuncs(state, kMeta, 0);
  lua_pushliteral(state, "json value");
  lua_setfield(state, -2, "__name");
  lua_pushboolean(state, 0);
  lua_setfield(state, -2, "__metatable");
  tags.view_mt = lua_topointer(state, -1);
  tags.view_ref = luaL_ref(state, LUA_REGISTRYINDEX);
}

void push_json_view(lua_State* state, const boost::json::object& object) {
  push_view(state, JsonNode{&object, nullptr});
}

void push_json_view(lua_State* state, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object:
      push_view(state, JsonNode{&value.get_object(), nullptr});
      return;
    case boost::json::kind::array:
      push_view(state, JsonNode{nullptr, &value.get_array()});
      return;
    default:
      push_json(state, value);  // scalars
  }
}

JsonNode json_view_at(lua_State* state, int index, const LuaTypeTags& tags, bool& stale) {
  stale = false;
  if (lua_type(state, index) != LUA_TUSERDATA || !lua_getmetatable(state, index)) return {};
  bool is_view = lua_topointer(state, -1) == tags.view_mt;
  lua_pop(state, 1);
  if (!is_view) return {};
  auto* view = static_cast<const JsonView*>(lua_touserdata(state, index));
  stale = view->generation != Sandbox::of(state).view_generation();
  return stale ? JsonNode{} : view->node;
}

void push_json_copy(lua_State* state, const JsonNode& node) {
  if (node.object)
    push_json(state, *node.object);
  else
    push_json(state, *node.array);
}

}  // namespace erpbridge::rest
