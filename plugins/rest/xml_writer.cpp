#include "xml_writer.hpp"

#include <erpbridge/xml_text.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "lua_helpers.hpp"
#include "lua_json_view.hpp"
#include "lua_value.hpp"
#include "text_encoding.hpp"

namespace erpbridge::rest {
namespace {

constexpr int kMaxDepth = 64;

// XML name characters (ASCII rules; any non-ASCII byte is accepted): 1 may start a name,
// 2 may only follow.
constexpr auto kNameChar = [] {
  std::array<unsigned char, 256> kind{};
  for (int c = 'A'; c <= 'Z'; ++c) kind[c] = 1;
  for (int c = 'a'; c <= 'z'; ++c) kind[c] = 1;
  for (int c = 0x80; c < 0x100; ++c) kind[c] = 1;
  kind['_'] = 1;
  for (int c = '0'; c <= '9'; ++c) kind[c] = 2;
  kind['-'] = kind['.'] = kind[':'] = 2;
  return kind;
}();

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The element name for the items of an array under `key`, or "" when `key` is not a plural
// (then the items repeat `key` itself). README.md, "XML bodies", has the rule.
std::string singular(std::string_view key) {
  if (!ends_with(key, "s") || ends_with(key, "ss") || ends_with(key, "us") || ends_with(key, "is"))
    return {};
  if (ends_with(key, "ies")) return std::string(key.substr(0, key.size() - 3)) + "y";
  for (std::string_view suffix : {"sses", "shes", "ches", "xes", "zes"})
    if (ends_with(key, suffix)) return std::string(key.substr(0, key.size() - 2));
  return std::string(key.substr(0, key.size() - 1));
}

class XmlWriter {
 public:
  XmlWriter(lua_State* state, const LuaTypeTags& tags, std::string& out, std::string& error)
      : state_(state), tags_(tags), out_(out), error_(error) {}

  bool document(int index, std::string_view root) {
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    if (!materialize(index)) return false;
    if (!root.empty()) return element(root, index, 0);
    if (lua_type(state_, index) != LUA_TTABLE)
      return fail("an XML body must be a table with one key, the root element (or set xml_root)");
    int top = lua_gettop(state_);
    std::size_t first = 0;
    if (!entries_.collect(state_, index, first, error_)) return false;
    if (entries_.size() - first != 1)
      return fail(
          "an XML body table must have exactly one key, the root element, or xml_root "
          "must be set; it has " +
          std::to_string(entries_.size() - first));
    LuaEntry only = entries_[first];
    bool ok = child(only.key, only.value_index, 0);
    lua_settop(state_, top);
    return ok;
  }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  // Appends before + name + after with one growth of the output (tags are most of a body).
  template <std::size_t BeforeSize, std::size_t AfterSize>
  void tag(const char (&before)[BeforeSize], std::string_view name,
           const char (&after)[AfterSize]) {
    constexpr std::size_t kBefore = BeforeSize - 1, kAfter = AfterSize - 1;
    std::size_t at = out_.size();
    out_.resize(at + kBefore + name.size() + kAfter);
    char* to = out_.data() + at;
    std::memcpy(to, before, kBefore);
    std::memcpy(to + kBefore, name.data(), name.size());
    std::memcpy(to + kBefore + name.size(), after, kAfter);
  }

  bool check_name(std::string_view name) {
    if (is_xml_name(name)) return true;
    return fail("'" + std::string(name) + "' cannot be an XML element or attribute name");
  }

  // Escaped text of a scalar. False if the value is not a scalar.
  bool scalar_text(int index, bool attribute, bool& written) {
    written = true;
    char buffer[Decimal::kMaxChars];
    switch (lua_type(state_, index)) {
      case LUA_TBOOLEAN:
        out_ += lua_toboolean(state_, index) ? "true" : "false";
        return true;
      case LUA_TNUMBER: {
        std::size_t size = format_lua_number(state_, index, buffer);
        if (size == 0) return fail("NaN and infinity cannot be written as XML");
        out_.append(buffer, size);
        return true;
      }
      case LUA_TSTRING: {
        std::size_t size = 0;
        const char* text = lua_tolstring(state_, index, &size);
        return escape(std::string_view(text, size), attribute);
      }
      case LUA_TUSERDATA:
        if (const Decimal* value = decimal_at(state_, index, tags_)) {
          out_.append(buffer, value->write(buffer));
          return true;
        }
        if (const Decimal* value = raw_number_at(state_, index, tags_)) {
          out_.append(buffer, value->write(buffer));
          return true;
        }
        break;
    }
    written = false;
    return true;
  }

  // The SDK's escaper, refusing control characters XML forbids; UTF-8 is checked here.
  bool escape(std::string_view text, bool attribute) {
    if (!sdk::append_xml_escaped(out_, text,
                                 attribute ? sdk::XmlPlace::attribute : sdk::XmlPlace::content,
                                 sdk::XmlControl::refuse)) {
      if (!is_valid_utf8(text)) return fail("a string is not valid UTF-8");
      return fail("a string contains a control character that XML does not allow");
    }
    const bool multibyte = std::any_of(
        text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (multibyte && !is_valid_utf8(text)) return fail("a string is not valid UTF-8");
    return true;
  }

  bool is_array(int index, lua_Integer& length, bool& array) {
    array = false;
    if (lua_type(state_, index) != LUA_TTABLE) return true;
    TableShape shape;
    if (!table_shape(state_, index, tags_, shape, length, error_)) return false;
    array = shape == TableShape::array;
    return true;
  }

  // Event data (a view) is copied into a plain table, pushed, and `index` updated to it; the
  // caller's stack reset removes it.
  bool materialize(int& index) {
    bool stale = false;
    JsonNode node = json_view_at(state_, index, tags_, stale);
    if (stale) return fail("event or reply data used after its delivery ended");
    if (!node) return true;
    if (!lua_checkstack(state_, 4)) return fail("out of memory");
    push_json_copy(state_, node);
    index = lua_gettop(state_);
    return true;
  }

  // One key of a table: an element, or several for an array.
  bool child(std::string_view key, int index, int depth) {
    if (!materialize(index)) return false;
    lua_Integer length = 0;
    bool array = false;
    if (!is_array(index, length, array)) return false;
    if (!array) return element(key, index, depth);
    if (!check_name(key)) return false;
    std::string item_name = singular(key);
    bool wrapped = !item_name.empty();
    if (!wrapped) item_name = key;
    if (wrapped) {
      if (length == 0) return tag("<", key, "/>"), true;
      tag("<", key, ">");
    }
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(state_, index, i);
      int item = lua_gettop(state_);
      lua_Integer nested_length = 0;
      bool nested = false;
      if (!is_array(item, nested_length, nested)) return false;
      if (nested)
        return fail("an array directly inside the array '" + std::string(key) +
                    "' cannot be written as XML");
      if (!element(item_name, item, depth + 1)) return false;
      lua_pop(state_, 1);
    }
    if (wrapped) tag("</", key, ">");
    return true;
  }

  bool element(std::string_view name, int index, int depth) {
    if (depth >= kMaxDepth)
      return fail("tables nest deeper than 64 levels (does a table contain itself?)");
    if (!check_name(name) || !materialize(index)) return false;
    int type = lua_type(state_, index);
    if (type == LUA_TNIL) return true;
    if (type == LUA_TLIGHTUSERDATA && lua_touserdata(state_, index) == json_null())
      return tag("<", name, "/>"), true;
    if (type == LUA_TTABLE) {
      int top = lua_gettop(state_);
      bool ok = table_element(name, index, depth);
      lua_settop(state_, top);
      return ok;
    }
    tag("<", name, ">");
    bool written = false;
    if (!scalar_text(index, false, written)) return false;
    if (!written)
      return fail("a " + std::string(luaL_typename(state_, index)) + " (at '" + std::string(name) +
                  "') cannot be written as XML");
    tag("</", name, ">");
    return true;
  }

  bool table_element(std::string_view name, int index, int depth) {
    std::size_t first = 0;
    if (!entries_.collect(state_, index, first, error_)) return false;
    std::size_t end = entries_.size();
    int attributes = 0, order = 0, text = 0;
    for (std::size_t i = first; i < end; ++i) {
      const LuaEntry& entry = entries_[i];
      if (entry.key == "_attr") attributes = entry.value_index;
      if (entry.key == "_order") order = entry.value_index;
      if (entry.key == "_text") text = entry.value_index;
    }
    tag("<", name, "");
    if (attributes && !write_attributes(attributes)) return false;
    bool has_children =
        end - first > static_cast<std::size_t>((attributes != 0) + (order != 0) + (text != 0));
    if (!has_children && !text) {
      out_ += "/>";
      entries_.truncate(first);
      return true;
    }
    out_ += '>';
    if (text) {
      bool written = false;
      if (!scalar_text(text, false, written)) return false;
      if (!written) return fail("_text of '" + std::string(name) + "' must be a scalar");
    }
    if (!write_children(first, end, order, depth)) return false;
    tag("</", name, ">");
    entries_.truncate(first);
    return true;
  }

  bool write_attributes(int index) {
    if (lua_type(state_, index) != LUA_TTABLE) return fail("_attr must be a table");
    std::size_t first = 0;
    if (!entries_.collect(state_, index, first, error_)) return false;
    for (std::size_t i = first; i < entries_.size(); ++i) {
      LuaEntry entry = entries_[i];
      if (!check_name(entry.key)) return false;
      out_.append(" ").append(entry.key).append("=\"");
      bool written = false;
      if (!scalar_text(entry.value_index, true, written)) return false;
      if (!written) return fail("attribute '" + std::string(entry.key) + "' must be a scalar");
      out_ += '"';
    }
    entries_.truncate(first);
    return true;
  }

  static bool is_special(std::string_view key) {
    return key == "_attr" || key == "_order" || key == "_text";
  }

  bool write_children(std::size_t first, std::size_t end, int order, int depth) {
    if (!order) {
      for (std::size_t i = first; i < end; ++i) {
        LuaEntry entry = entries_[i];
        if (!is_special(entry.key) && !child(entry.key, entry.value_index, depth + 1)) return false;
      }
      return true;
    }
    std::vector<std::size_t> positions;
    if (!ordered_positions(state_, entries_, first, order, positions, error_)) return false;
    for (std::size_t position : positions) {
      LuaEntry entry = entries_[position];
      if (!is_special(entry.key) && !child(entry.key, entry.value_index, depth + 1)) return false;
    }
    return true;
  }

  lua_State* state_;
  const LuaTypeTags& tags_;
  std::string& out_;
  std::string& error_;
  SortedEntries entries_;
};

}  // namespace

bool is_xml_name(std::string_view name) {
  if (name.empty() || kNameChar[static_cast<unsigned char>(name[0])] != 1) return false;
  for (char c : name)
    if (!kNameChar[static_cast<unsigned char>(c)]) return false;
  return true;
}

bool write_xml(lua_State* state, int index, const LuaTypeTags& tags, std::string_view root,
               std::string& out, std::string& error) {
  index = lua_absindex(state, index);
  return XmlWriter(state, tags, out, error).document(index, root);
}

}  // namespace erpbridge::rest
