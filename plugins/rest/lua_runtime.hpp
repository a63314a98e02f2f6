// Running a connector's Lua chunks. Each thread has its own sandboxed state (deliveries run
// concurrently); a connector's chunks are compiled once per thread and cached by connector
// (LuaProgram) id. One LuaSession is one delivery: it gives every chunk a fresh environment
// holding `event`, `data`, `refs`, `attempt`, `idempotency_key` (and later `reply`,
// `status`) over the connector's own copy of the helpers and safe libraries. The JSON values
// are read-only views (lua_json_view.hpp): the event and refs must outlive the session.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <erpbridge/expected.hpp>
#include "lua_sandbox.hpp"

namespace erpbridge::rest {

enum class ChunkKind {
  body,       // a block ending in `return <table>`, or just an expression
  expression  // one expression: templates, `success`
};

struct ChunkSource {
  std::string name;  // shown in Lua's messages: the setting's JSON pointer
  std::string code;
  ChunkKind kind = ChunkKind::expression;
};

// Lua's message when `chunk` does not compile; nullopt when it does.
std::optional<std::string> chunk_syntax_error(const ChunkSource& chunk);

// All chunks of one connector, immutable once built. The id is never reused, so a cached
// compilation can not be mistaken for another connector's.
class LuaProgram {
 public:
  LuaProgram(std::vector<ChunkSource> chunks, LuaLimits limits);
  std::uint64_t id() const { return id_; }
  const std::vector<ChunkSource>& chunks() const { return chunks_; }
  const LuaLimits& limits() const { return limits_; }

 private:
  static std::atomic<std::uint64_t> next_id_;
  std::uint64_t id_;
  std::vector<ChunkSource> chunks_;
  LuaLimits limits_;
};

// What a chunk's result is turned into.
enum class ChunkOutput { json, xml, text, truth };

struct LuaInput {
  const boost::json::object* event = nullptr;
  const boost::json::object* refs = nullptr;
  int attempt = 1;
  std::string_view idempotency_key;
  // More variables the chunks see, by name (sync back: `cursor`, `limit`, `body`); views, like
  // `event`, so the object must outlive the session.
  const boost::json::object* globals = nullptr;
};

class LuaSession {
 public:
  LuaSession(std::shared_ptr<const LuaProgram> program, const LuaInput& input);
  ~LuaSession();
  LuaSession(const LuaSession&) = delete;
  LuaSession& operator=(const LuaSession&) = delete;

  // A body chunk's result as JSON / XML text (a string result is used as it is).
  sdk::Expected<std::string> render_json(int chunk);
  sdk::Expected<std::string> render_xml(int chunk, std::string_view root);
  // An expression's value as text (strings, numbers, booleans, decimals); nil is an error.
  sdk::Expected<std::string> render_text(int chunk);
  // An expression's truthiness.
  sdk::Expected<bool> evaluate(int chunk);
  // Makes `reply` and `status` visible to later chunks; the session keeps the reply.
  std::optional<std::string> set_reply(boost::json::value reply, int status);

 private:
  sdk::Expected<std::string> run(int chunk, ChunkOutput output, std::string_view root = {});
  std::optional<std::string> prepare();

  std::shared_ptr<const LuaProgram> program_;
  LuaInput input_;
  boost::json::value reply_;  // `reply` views point into it
  Sandbox* sandbox_ = nullptr;
  int program_ref_ = LUA_NOREF;
  int env_ref_ = LUA_NOREF;
};

}  // namespace erpbridge::rest
