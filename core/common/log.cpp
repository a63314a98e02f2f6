#include "common/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace erpbridge {

namespace {

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis));
  return text;
}

std::atomic<int> threshold{static_cast<int>(LogLevel::info)};
std::atomic<int> line_format{static_cast<int>(LogFormat::text)};

// A JSON string's contents (RFC 8259 section 7): quotes, backslashes and control characters
// escaped; other bytes as they are.
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
}

std::string lower_level(LogLevel level) {
  std::string name = to_string(level);
  for (char& c : name) c = static_cast<char>(c - 'A' + 'a');
  return name;
}

std::string text_line(LogLevel level, std::string_view message) {
  std::string line = utc_timestamp();
  line += ' ';
  line += to_string(level);
  line += ' ';
  for (char c : message) line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  line += '\n';
  return line;
}

std::string json_line(LogLevel level, std::string_view message) {
  std::string line = "{\"time\":\"" + utc_timestamp() + "\",\"level\":\"" + lower_level(level) +
                     "\",\"message\":\"";
  append_json_string(line, message);
  line += "\"}\n";
  return line;
}

}  // namespace

void set_log_format(LogFormat format) noexcept {
  line_format.store(static_cast<int>(format));
}

LogFormat parse_log_format(std::string_view text) noexcept {
  return text == "json" ? LogFormat::json : LogFormat::text;
}

void set_log_threshold(LogLevel level) noexcept {
  threshold.store(static_cast<int>(level));
}

LogLevel parse_log_level(std::string_view text) noexcept {
  if (text == "debug") return LogLevel::debug;
  if (text == "warn") return LogLevel::warn;
  if (text == "error") return LogLevel::error;
  return LogLevel::info;
}

const char* to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "DEBUG";
    case LogLevel::info:
      return "INFO";
    case LogLevel::warn:
      return "WARN";
    case LogLevel::error:
      return "ERROR";
  }
  return "INFO";
}

bool log_enabled(LogLevel level) noexcept {
  return static_cast<int>(level) >= threshold.load(std::memory_order_relaxed);
}

void log_line(LogLevel level, std::string_view message) noexcept {
  if (!log_enabled(level)) return;
  try {
    const std::string line =
        line_format.load(std::memory_order_relaxed) == static_cast<int>(LogFormat::json)
            ? json_line(level, message)
            : text_line(level, message);
    // One fwrite under a lock so lines from several threads never interleave.
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  } catch (...) {
    // Logging must not take the host down; a line lost to bad_alloc is acceptable.
  }
}

}  // namespace erpbridge
