// One sandboxed Lua 5.4 state: only the safe libraries, a memory cap through a counting
// allocator, and an instruction budget through a count hook. Not thread-safe: each thread
// owns its own (see lua_runtime.hpp).
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "small_block_pool.hpp"

namespace erpbridge::rest {

struct LuaLimits {
  std::uint64_t instructions = 1'000'000;  // VM instructions per call
  std::size_t memory_bytes = 16u << 20;    // new memory a call may hold
};

// Identities of the special values the helpers create, so that serializers recognise them by
// pointer comparison without touching the registry (which could raise an error).
struct LuaTypeTags {
  const void* decimal_mt = nullptr;  // dec(...) values
  const void* number_mt = nullptr;   // number(...) values: decimals written unquoted
  const void* array_mt = nullptr;    // json.array(...) marker
  const void* object_mt = nullptr;   // json.object(...) marker
  const void* view_mt = nullptr;     // read-only views of JSON (lua_json_view.hpp)
  // Registry refs of the same metatables: values made on the hot path get their metatable by
  // index (set_metatable_from_ref) instead of by name.
  int decimal_ref = LUA_NOREF;
  int number_ref = LUA_NOREF;
  int array_ref = LUA_NOREF;
  int object_ref = LUA_NOREF;
  int view_ref = LUA_NOREF;
};

// Sets the metatable with registry ref `ref` on the value on top of the stack.
inline void set_metatable_from_ref(lua_State* state, int ref) {
  lua_rawgeti(state, LUA_REGISTRYINDEX, ref);
  lua_setmetatable(state, -2);
}

// json.null: a light userdata with this address.
void* json_null();

class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return state_; }
  const LuaTypeTags& tags() const { return tags_; }
  static Sandbox& of(lua_State* state);

  // Pushes a new global environment for one connector: the safe libraries (copies, so one
  // tenant's writes stay its own) and the helpers. Returns false when memory ran out.
  bool push_new_environment();

  // lua_pcall under `limits`: the function and `nargs` arguments are on the stack. On error
  // returns the message and pops it; otherwise leaves `nresults` results.
  std::optional<std::string> call(int nargs, int nresults, const LuaLimits& limits);
  // lua_pcall of our own C code (building tables, environments): memory is capped at the
  // sandbox's total budget, no instruction budget.
  std::optional<std::string> call_trusted(lua_CFunction fn, void* argument, int nresults);

  std::size_t memory_in_use() const { return used_; }

  // JSON views carry the generation they were made in; ending it makes every older view
  // refuse access, so a view never outlives the document it points into.
  std::uint64_t view_generation() const { return view_generation_; }
  void end_views() { ++view_generation_; }

  // The Lua error object on top of the stack as text, without calling metamethods. Pops it.
  std::string pop_error_message();

 private:
  static void* allocate(void* self, void* block, std::size_t old_size, std::size_t new_size);
  static void count_hook(lua_State* state, lua_Debug* debug);
  static int open_template(lua_State* state);
  void arm(const LuaLimits& limits);
  void disarm();

  SmallBlockPool pool_;  // the state's small blocks; outlives state_, closed in ~Sandbox
  lua_State* state_ = nullptr;
  LuaTypeTags tags_;
  int template_ref_ = LUA_NOREF;  // registry ref of the table environments are copied from
  std::size_t used_ = 0;
  std::size_t limit_;
  std::uint64_t instruction_limit_ = 0;
  bool exhausted_ = false;
  bool instructions_exceeded_ = false;
  std::uint64_t view_generation_ = 1;
};

}  // namespace erpbridge::rest
