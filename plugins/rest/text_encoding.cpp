#include "text_encoding.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

namespace erpbridge::rest {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned char min2 = 0x80, max2 = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min2 = 0xA0;
    if (lead == 0xED) max2 = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min2 = 0x90;
    if (lead == 0xF4) max2 = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min2 || byte(i + 1) > max2) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

// The bytes of `word` (little-endian: byte 0 comes first in the text) that need attention in
// a JSON string: control characters, '"', '\\' and bytes of multi-byte UTF-8 sequences, as the
// high bit of each byte. The tricks are haszero/hasless from "Bit Twiddling Hacks": a flagged
// byte may be flagged wrongly only above a truly flagged one, so the lowest flag is exact.
std::uint64_t json_special_bytes(std::uint64_t word) {
  static_assert(std::endian::native == std::endian::little,
                "bytes are read as a little-endian word");
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  auto zero_bytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
  return (word & kHigh) | below_space | zero_bytes(word ^ (kOnes * '"')) |
         zero_bytes(word ^ (kOnes * '\\'));
}

void append_escaped_json_byte(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

bool append_checked_json_string(std::string& out, std::string_view text) {
  out += '"';
  const char* data = text.data();
  std::size_t size = text.size();
  std::size_t plain_from = 0;
  std::size_t i = 0;
  while (i < size) {
    // Eight bytes at a time (the last ones padded with spaces): most text in a body is plain.
    std::size_t chunk = std::min<std::size_t>(size - i, 8);
    std::uint64_t word = 0x2020202020202020ull;
    if (chunk == 8)
      std::memcpy(&word, data + i, 8);
    else
      std::memcpy(&word, data + i, chunk);
    std::uint64_t special = json_special_bytes(word);
    if (special == 0) {
      i += chunk;
      continue;
    }
    i += static_cast<std::size_t>(std::countr_zero(special)) / 8;
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c >= 0x80) {
      std::size_t length = sequence_length(text, i);
      if (length == 0) return false;
      i += length;
    } else {
      out.append(data + plain_from, i - plain_from);
      append_escaped_json_byte(out, c);
      plain_from = ++i;
    }
  }
  out.append(data + plain_from, size - plain_from);
  out += '"';
  return true;
}

std::string utf8_excerpt(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = sequence_length(text, i);
    if (out.size() + std::max<std::size_t>(length, 1) > max_bytes) break;
    if (length == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  return out;
}

}  // namespace erpbridge::rest
