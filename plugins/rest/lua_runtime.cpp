#include "lua_runtime.hpp"

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "lua_helpers.hpp"
#include "lua_json.hpp"
#include "lua_json_view.hpp"
#include "xml_writer.hpp"

namespace erpbridge::rest {
namespace {

// Connectors whose compiled chunks one thread keeps; the least recently used goes first.
constexpr std::size_t kMaxProgramsPerThread = 64;

std::string chunk_name(const ChunkSource& chunk) {
  return "=" + chunk.name;
}

// Loads `chunk` as a function; an expression (and a body that is one) is compiled as
// `return <code>`. Leaves the function or an error message on the stack.
int load_chunk(lua_State* state, const ChunkSource& chunk) {
  std::string name = chunk_name(chunk);
  std::string as_return = "return " + chunk.code;
  int status = luaL_loadbufferx(state, as_return.data(), as_return.size(), name.c_str(), "t");
  if (status == LUA_OK || chunk.kind == ChunkKind::expression) return status;
  lua_pop(state, 1);
  return luaL_loadbufferx(state, chunk.code.data(), chunk.code.size(), name.c_str(), "t");
}

// Chunk texts known to compile, shared by every thread that creates connectors. Bounded:
// tenants with distinct scripts would otherwise grow it for as long as the host reloads.
class CompiledChunkTexts {
 public:
  bool contains(const ChunkSource& chunk) const {
    std::lock_guard lock(mutex_);
    return texts_.contains(key(chunk));
  }

  void add(const ChunkSource& chunk) {
    std::lock_guard lock(mutex_);
    if (texts_.size() >= kMaxTexts) texts_.clear();
    texts_.insert(key(chunk));
  }

 private:
  static constexpr std::size_t kMaxTexts = 4096;

  // The kind is part of the key: a body may compile where an expression of the same text
  // does not.
  static std::string key(const ChunkSource& chunk) {
    return (chunk.kind == ChunkKind::body ? 'b' : 'e') + chunk.code;
  }

  mutable std::mutex mutex_;
  std::unordered_set<std::string> texts_;
};

// One thread's state and the connectors compiled into it.
class LuaRuntime {
 public:
  static LuaRuntime& this_thread() {
    thread_local LuaRuntime runtime;
    return runtime;
  }

  Sandbox& sandbox() { return sandbox_; }

  // Registry ref of the program's table: chunk functions at 1..n, the environment metatable
  // at n+1.
  sdk::Expected<int> program_ref(const std::shared_ptr<const LuaProgram>& program) {
    auto found = programs_.find(program->id());
    if (found != programs_.end()) {
      found->second.last_used = ++clock_;
      return found->second.ref;
    }
    make_room();
    CompileArguments arguments{program.get(), &sandbox_, LUA_NOREF};
    if (auto error = sandbox_.call_trusted(&LuaRuntime::compile, &arguments, 0))
      return sdk::Failure{"cannot prepare the mapping: " + *error};
    programs_[program->id()] = Entry{program, arguments.ref, ++clock_};
    return arguments.ref;
  }

 private:
  struct Entry {
    std::weak_ptr<const LuaProgram> program;
    int ref;
    std::uint64_t last_used;
  };
  struct CompileArguments {
    const LuaProgram* program;
    Sandbox* sandbox;
    int ref;
  };

  static int compile(lua_State* state) {
    auto* arguments = static_cast<CompileArguments*>(lua_touserdata(state, 1));
    const auto& chunks = arguments->program->chunks();
    int count = static_cast<int>(chunks.size());
    lua_createtable(state, count + 1, 0);
    for (int i = 0; i < count; ++i) {
      if (load_chunk(state, chunks[i]) != LUA_OK) return lua_error(state);
      lua_rawseti(state, -2, i + 1);
    }
    lua_createtable(state, 0, 1);
    if (!arguments->sandbox->push_new_environment()) return luaL_error(state, "out of memory");
    lua_setfield(state, -2, "__index");
    lua_rawseti(state, -2, count + 1);
    arguments->ref = luaL_ref(state, LUA_REGISTRYINDEX);
    return 0;
  }

  void make_room() {
    lua_State* state = sandbox_.state();
    for (auto it = programs_.begin(); it != programs_.end();) {
      if (it->second.program.expired()) {
        luaL_unref(state, LUA_REGISTRYINDEX, it->second.ref);
        it = programs_.erase(it);
      } else {
        ++it;
      }
    }
    if (programs_.size() < kMaxProgramsPerThread) return;
    auto oldest = programs_.begin();
    for (auto it = programs_.begin(); it != programs_.end(); ++it)
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    luaL_unref(state, LUA_REGISTRYINDEX, oldest->second.ref);
    programs_.erase(oldest);
  }

  Sandbox sandbox_;
  std::unordered_map<std::uint64_t, Entry> programs_;
  std::uint64_t clock_ = 0;
};

struct EnvironmentArguments {
  const LuaInput* input;
  int program_ref;
  int metatable_slot;
  int env_ref;
};

int build_environment(lua_State* state) {
  auto* arguments = static_cast<EnvironmentArguments*>(lua_touserdata(state, 1));
  const LuaInput& input = *arguments->input;
  lua_createtable(state, 0, 8);
  int env = lua_gettop(state);
  if (input.event) {
    push_json_view(state, *input.event);
    lua_setfield(state, env, "event");
    if (const boost::json::value* data = input.event->if_contains("data")) {
      push_json_view(state, *data);
      lua_setfield(state, env, "data");
    }
  }
  if (input.refs)
    push_json_view(state, *input.refs);
  else
    push_marked_table(state, false, 0);
  lua_setfield(state, env, "refs");
  lua_pushinteger(state, input.attempt);
  lua_setfield(state, env, "attempt");
  lua_pushlstring(state, input.idempotency_key.data(), input.idempotency_key.size());
  lua_setfield(state, env, "idempotency_key");
  if (input.globals) {
    for (const auto& member : *input.globals) {
      lua_pushlstring(state, member.key().data(), member.key().size());
      push_json_view(state, member.value());
      lua_rawset(state, env);
    }
  }
  lua_rawgeti(state, LUA_REGISTRYINDEX, arguments->program_ref);
  lua_rawgeti(state, -1, arguments->metatable_slot);
  lua_setmetatable(state, env);
  lua_pop(state, 1);
  arguments->env_ref = luaL_ref(state, LUA_REGISTRYINDEX);
  return 0;
}

struct WriteArguments {
  ChunkOutput output;
  std::string_view root;
  const LuaTypeTags* tags;
  std::string text;
  std::string error;
  bool ok;
};

// Turns a chunk's result (argument 1) into text as `output` asks (argument 2: WriteArguments).
// Runs in protected mode because writing event data copies it into Lua tables.
int write_result(lua_State* state) {
  auto& a = *static_cast<WriteArguments*>(lua_touserdata(state, 2));
  a.text.reserve(a.output == ChunkOutput::json || a.output == ChunkOutput::xml ? 2048 : 64);
  int type = lua_type(state, 1);
  bool stale = false;
  bool is_view = static_cast<bool>(json_view_at(state, 1, *a.tags, stale));
  if (a.output == ChunkOutput::truth) {
    if (lua_toboolean(state, 1)) a.text = "1";
  } else if (type == LUA_TSTRING) {
    std::size_t size = 0;
    const char* value = lua_tolstring(state, 1, &size);
    a.text.assign(value, size);
  } else if (a.output == ChunkOutput::json) {
    a.ok = type == LUA_TTABLE || is_view
               ? write_json(state, 1, *a.tags, a.text, a.error)
               : (a.error = std::string("returned a ") + luaL_typename(state, 1) + ", not a table",
                  false);
  } else if (a.output == ChunkOutput::xml) {
    a.ok = write_xml(state, 1, *a.tags, a.root, a.text, a.error);
  } else if (type == LUA_TTABLE || type == LUA_TNIL || type == LUA_TLIGHTUSERDATA ||
             type == LUA_TFUNCTION || is_view) {
    a.ok = false;
    a.error = std::string("gave ") +
              (type == LUA_TLIGHTUSERDATA ? "json.null" : luaL_typename(state, 1)) + ", not text";
  } else if (type == LUA_TBOOLEAN) {
    a.text = lua_toboolean(state, 1) ? "true" : "false";
  } else {
    // Numbers and decimals: their JSON text is the canonical form (decimals come quoted).
    a.ok = write_json(state, 1, *a.tags, a.text, a.error);
    if (a.ok && !a.text.empty() && a.text.front() == '"')
      a.text = a.text.substr(1, a.text.size() - 2);
  }
  return 0;
}

struct ReplyArguments {
  const boost::json::value* reply;
  int status;
  int env_ref;
};

int store_reply(lua_State* state) {
  auto* arguments = static_cast<ReplyArguments*>(lua_touserdata(state, 1));
  lua_rawgeti(state, LUA_REGISTRYINDEX, arguments->env_ref);
  push_json_view(state, *arguments->reply);
  lua_setfield(state, -2, "reply");
  lua_pushinteger(state, arguments->status);
  lua_setfield(state, -2, "status");
  return 0;
}

}  // namespace

std::atomic<std::uint64_t> LuaProgram::next_id_{1};

LuaProgram::LuaProgram(std::vector<ChunkSource> chunks, LuaLimits limits)
    : id_(next_id_.fetch_add(1, std::memory_order_relaxed)),
      chunks_(std::move(chunks)),
      limits_(limits) {}

std::optional<std::string> chunk_syntax_error(const ChunkSource& chunk) {
  // Thousands of tenants copied from one template repeat the same chunks: each text that
  // compiled is remembered, so it is compiled once per process, not once per tenant. Only
  // successes: an error message names the chunk, which differs between tenants.
  static CompiledChunkTexts compiled;
  if (compiled.contains(chunk)) return std::nullopt;
  // A bare state is enough to compile; nothing runs. A fresh one each time, closed at once:
  // a state kept for the next check left its garbage among the connectors' memory.
  std::unique_ptr<lua_State, void (*)(lua_State*)> state(luaL_newstate(), lua_close);
  if (!state) return "out of memory";
  std::optional<std::string> error;
  if (load_chunk(state.get(), chunk) != LUA_OK) {
    std::size_t size = 0;
    const char* message = lua_tolstring(state.get(), -1, &size);
    error = message ? std::string(message, size) : "syntax error";
  }
  if (!error) compiled.add(chunk);
  return error;
}

LuaSession::LuaSession(std::shared_ptr<const LuaProgram> program, const LuaInput& input)
    : program_(std::move(program)), input_(input) {}

LuaSession::~LuaSession() {
  if (!sandbox_) return;
  sandbox_->end_views();
  if (env_ref_ != LUA_NOREF) luaL_unref(sandbox_->state(), LUA_REGISTRYINDEX, env_ref_);
}

std::optional<std::string> LuaSession::prepare() {
  if (env_ref_ != LUA_NOREF) return std::nullopt;
  LuaRuntime& runtime = LuaRuntime::this_thread();
  auto ref = runtime.program_ref(program_);
  if (!ref) return ref.error();
  sandbox_ = &runtime.sandbox();
  program_ref_ = *ref;
  EnvironmentArguments arguments{&input_, program_ref_,
                                 static_cast<int>(program_->chunks().size()) + 1, LUA_NOREF};
  if (auto error = sandbox_->call_trusted(build_environment, &arguments, 0))
    return "cannot prepare the mapping environment: " + *error;
  env_ref_ = arguments.env_ref;
  return std::nullopt;
}

std::optional<std::string> LuaSession::set_reply(boost::json::value reply, int status) {
  if (auto error = prepare()) return error;
  reply_ = std::move(reply);
  ReplyArguments arguments{&reply_, status, env_ref_};
  return sandbox_->call_trusted(store_reply, &arguments, 0);
}

sdk::Expected<std::string> LuaSession::render_json(int chunk) {
  return run(chunk, ChunkOutput::json);
}

sdk::Expected<std::string> LuaSession::render_xml(int chunk, std::string_view root) {
  return run(chunk, ChunkOutput::xml, root);
}

sdk::Expected<std::string> LuaSession::render_text(int chunk) {
  return run(chunk, ChunkOutput::text);
}

sdk::Expected<bool> LuaSession::evaluate(int chunk) {
  auto truth = run(chunk, ChunkOutput::truth);
  if (!truth) return truth.failure();
  return !truth->empty();
}

sdk::Expected<std::string> LuaSession::run(int chunk, ChunkOutput output, std::string_view root) {
  if (auto error = prepare()) return sdk::Failure{*error};
  const ChunkSource& source = program_->chunks()[chunk];
  lua_State* state = sandbox_->state();
  int top = lua_gettop(state);
  lua_rawgeti(state, LUA_REGISTRYINDEX, program_ref_);
  lua_rawgeti(state, -1, chunk + 1);
  lua_remove(state, -2);
  lua_rawgeti(state, LUA_REGISTRYINDEX, env_ref_);
  lua_setupvalue(state, -2, 1);  // the chunk's _ENV: this delivery's environment
  if (auto error = sandbox_->call(0, 1, program_->limits())) {
    lua_settop(state, top);
    if (error->rfind(source.name, 0) == 0) return sdk::Failure{std::move(*error)};
    return sdk::Failure{source.name + ": " + *error};
  }
  WriteArguments arguments{output, root, &sandbox_->tags(), {}, {}, true};
  lua_pushcfunction(state, write_result);
  lua_insert(state, -2);
  lua_pushlightuserdata(state, &arguments);
  auto error = sandbox_->call(2, 0, program_->limits());
  lua_settop(state, top);
  if (error) return sdk::Failure{source.name + ": " + *error};
  if (!arguments.ok) return sdk::Failure{source.name + ": " + arguments.error};
  return std::move(arguments.text);
}

}  // namespace erpbridge::rest
