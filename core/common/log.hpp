// The host's log: one line per call on stderr, "<UTC timestamp> <LEVEL> <message>", or with
// `log_format: json` one JSON object per line, {"time":..,"level":..,"message":..}, for log
// shippers. Deliberately tiny; callers compose the message, this only stamps and writes it.
#pragma once

#include <string_view>

namespace erpbridge {

enum class LogLevel { debug, info, warn, error };

const char* to_string(LogLevel level);  // "DEBUG", "INFO", "WARN", "ERROR"

// Lines below the threshold are dropped; the host sets it from config's log_level at start-up
// (and on reload). Default: info.
void set_log_threshold(LogLevel level) noexcept;
// "debug" | "info" | "warn" | "error"; info for anything else (config validates the value).
LogLevel parse_log_level(std::string_view text) noexcept;

enum class LogFormat { text, json };

// Set from config's log_format at start-up and on reload. Default: text.
void set_log_format(LogFormat format) noexcept;
// "text" | "json"; text for anything else (config validates the value).
LogFormat parse_log_format(std::string_view text) noexcept;

// Whether a line at `level` would be written: lets a caller skip composing a costly message
// (one per delivery, say) that would be dropped.
bool log_enabled(LogLevel level) noexcept;

// Writes one line. Control characters in `message` (a newline from a plugin, say) are replaced
// by spaces in text lines and escaped in JSON lines, so one call can never forge a second log
// line. Thread-safe; never throws.
void log_line(LogLevel level, std::string_view message) noexcept;

}  // namespace erpbridge
