#include "lua_sandbox.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include "lua_helpers.hpp"
#include "lua_json_view.hpp"

namespace erpbridge::rest {
namespace {

// All memory one thread's state may hold, across every connector it serves.
constexpr std::size_t kStateMemoryCap = 256u << 20;
constexpr std::size_t kMaxErrorMessage = 1024;

char json_null_tag;

// Base functions a mapping may use. Left out: dofile, loadfile, load (replaced by a text-only
// version bound to the connector's environment), print, collectgarbage, require, setmetatable
// (a __gc finaliser would run outside any budget), warn.
constexpr const char* kSafeBase[] = {
    "assert",   "error",    "getmetatable", "ipairs", "next",     "pairs",
    "pcall",    "rawequal", "rawget",       "rawlen", "rawset",   "select",
    "tonumber", "tostring", "type",         "xpcall", "_VERSION",
};

struct Library {
  const char* name;
  lua_CFunction open;
};
constexpr Library kSafeLibraries[] = {
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},
};

// load(text [, name [, mode [, env]]]) for text chunks only; the default environment is the
// calling connector's (upvalue 1), never the state's real globals.
int load_text(lua_State* state) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(state, 1, &size);
  const char* name = luaL_optstring(state, 2, "=(load)");
  bool has_env = !lua_isnone(state, 4);
  if (luaL_loadbufferx(state, text, size, name, "t") != LUA_OK) {
    luaL_pushfail(state);
    lua_insert(state, -2);
    return 2;
  }
  lua_pushvalue(state, has_env ? 4 : lua_upvalueindex(1));
  if (!lua_setupvalue(state, -2, 1)) lua_pop(state, 1);
  return 1;
}

// Copies the template into a new table (library tables one level deep). Argument 1: the
// template; result: the new environment.
int copy_template(lua_State* state) {
  lua_newtable(state);
  int env = lua_gettop(state);
  lua_pushnil(state);
  while (lua_next(state, 1)) {
    if (lua_type(state, -1) == LUA_TTABLE) {
      int library = lua_gettop(state);
      lua_newtable(state);
      lua_pushnil(state);
      while (lua_next(state, library)) {
        lua_pushvalue(state, -2);
        lua_insert(state, -2);
        lua_rawset(state, library + 1);
      }
      lua_replace(state, library);
    }
    lua_pushvalue(state, -2);
    lua_insert(state, -2);
    lua_rawset(state, env);
  }
  lua_pushvalue(state, env);
  lua_setfield(state, env, "_G");
  lua_pushvalue(state, env);
  lua_pushcclosure(state, load_text, 1);
  lua_setfield(state, env, "load");
  return 1;
}

}  // namespace

void* json_null() {
  return &json_null_tag;
}

Sandbox::Sandbox() : limit_(kStateMemoryCap) {
  state_ = lua_newstate(&Sandbox::allocate, this);
  if (!state_) throw std::bad_alloc();
  *static_cast<Sandbox**>(lua_getextraspace(state_)) = this;
  // Most garbage is one delivery's environment, dead at once; the libraries and compiled
  // chunks live on. Generational collection fits that.
  lua_gc(state_, LUA_GCGEN, 0, 0);
  if (auto error = call_trusted(&Sandbox::open_template, this, 0)) {
    lua_close(state_);
    throw std::runtime_error("cannot prepare the Lua sandbox: " + *error);
  }
}

Sandbox::~Sandbox() {
  lua_close(state_);
}

Sandbox& Sandbox::of(lua_State* state) {
  return **static_cast<Sandbox**>(lua_getextraspace(state));
}

int Sandbox::open_template(lua_State* state) {
  auto* self = static_cast<Sandbox*>(lua_touserdata(state, 1));
  lua_newtable(state);
  int template_index = lua_gettop(state);

  luaL_requiref(state, LUA_GNAME, luaopen_base, 0);
  for (const char* name : kSafeBase) {
    lua_getfield(state, -1, name);
    lua_setfield(state, template_index, name);
  }
  lua_pop(state, 1);

  for (const auto& library : kSafeLibraries) {
    luaL_requiref(state, library.name, library.open, 0);
    lua_setfield(state, template_index, library.name);
  }
  // string.dump makes binary chunks; they are never loaded, but there is no use for them.
  lua_getfield(state, template_index, LUA_STRLIBNAME);
  lua_pushnil(state);
  lua_setfield(state, -2, "dump");
  lua_pop(state, 1);
  // The string metatable is shared by every connector on this thread: hide it.
  lua_pushliteral(state, "");
  lua_getmetatable(state, -1);
  lua_pushboolean(state, 0);
  lua_setfield(state, -2, "__metatable");
  lua_pop(state, 2);

  register_helpers(state, template_index, self->tags_);
  register_json_view(state, self->tags_);
  self->template_ref_ = luaL_ref(state, LUA_REGISTRYINDEX);
  return 0;
}

bool Sandbox::push_new_environment() {
  lua_pushcfunction(state_, copy_template);
  lua_rawgeti(state_, LUA_REGISTRYINDEX, template_ref_);
  if (lua_pcall(state_, 1, 1, 0) != LUA_OK) {
    lua_pop(state_, 1);
    return false;
  }
  return true;
}

std::optional<std::string> Sandbox::call(int nargs, int nresults, const LuaLimits& limits) {
  arm(limits);
  int status = lua_pcall(state_, nargs, nresults, 0);
  bool out_of_instructions = instructions_exceeded_;
  bool out_of_memory = exhausted_;
  disarm();
  if (status == LUA_OK) return std::nullopt;
  if (out_of_instructions) {
    lua_pop(state_, 1);
    return "mapping exceeded its limit of " + std::to_string(limits.instructions) + " instructions";
  }
  if (out_of_memory || status == LUA_ERRMEM) {
    lua_pop(state_, 1);
    return "mapping exceeded its memory limit of " + std::to_string(limits.memory_bytes / 1024) +
           " KiB";
  }
  return pop_error_message();
}

std::optional<std::string> Sandbox::call_trusted(lua_CFunction fn, void* argument, int nresults) {
  lua_pushcfunction(state_, fn);
  lua_pushlightuserdata(state_, argument);
  if (lua_pcall(state_, 1, nresults, 0) == LUA_OK) return std::nullopt;
  return pop_error_message();
}

std::string Sandbox::pop_error_message() {
  std::string message;
  switch (lua_type(state_, -1)) {
    case LUA_TSTRING: {
      std::size_t size = 0;
      const char* text = lua_tolstring(state_, -1, &size);
      message.assign(text, std::min(size, kMaxErrorMessage));
      break;
    }
    case LUA_TNUMBER: {
      char buffer[64];
      auto result = lua_isinteger(state_, -1)
                        ? std::to_chars(buffer, buffer + sizeof buffer, lua_tointeger(state_, -1))
                        : std::to_chars(buffer, buffer + sizeof buffer, lua_tonumber(state_, -1));
      message.assign(buffer, result.ptr);
      break;
    }
    default:
      message = std::string("error object is a ") + luaL_typename(state_, -1) + " value";
  }
  lua_pop(state_, 1);
  return message;
}

void Sandbox::arm(const LuaLimits& limits) {
  limit_ = std::min(kStateMemoryCap, used_ + limits.memory_bytes);
  exhausted_ = false;
  instructions_exceeded_ = false;
  instruction_limit_ = limits.instructions;
  int count = static_cast<int>(std::min<std::uint64_t>(limits.instructions, INT_MAX));
  lua_sethook(state_, &Sandbox::count_hook, LUA_MASKCOUNT, std::max(count, 1));
}

void Sandbox::disarm() {
  lua_sethook(state_, nullptr, 0, 0);
  limit_ = kStateMemoryCap;
}

void Sandbox::count_hook(lua_State* state, lua_Debug*) {
  Sandbox& self = of(state);
  self.instructions_exceeded_ = true;
  // From now on every instruction fails, so a pcall inside the mapping cannot swallow the
  // limit and carry on.
  lua_sethook(state, &Sandbox::count_hook, LUA_MASKCOUNT, 1);
  luaL_error(state, "instruction limit exceeded");
}

void* Sandbox::allocate(void* self_pointer, void* block, std::size_t old_size,
                        std::size_t new_size) {
  auto* self = static_cast<Sandbox*>(self_pointer);
  std::size_t old = block ? old_size : 0;
  if (new_size == 0) {
    if (block) self->pool_.release(block, old);
    self->used_ -= old;
    return nullptr;
  }
  if (new_size > old && self->used_ - old + new_size > self->limit_) {
    self->exhausted_ = true;
    return nullptr;
  }
  void* resized =
      block ? self->pool_.reallocate(block, old, new_size) : self->pool_.allocate(new_size);
  if (!resized) return new_size <= old ? block : nullptr;  // Lua assumes shrinking never fails
  self->used_ = self->used_ - old + new_size;
  return resized;
}

}  // namespace erpbridge::rest
