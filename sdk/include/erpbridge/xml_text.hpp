// Writing XML text: escaping for element content and attribute values, and a small builder
// for documents made element by element (IDocs, XML request bodies).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::sdk {

// Where escaped text goes: attribute values also escape " and the white space an attribute
// would otherwise normalise away.
enum class XmlPlace { content, attribute };

// What to do with a control character XML 1.0 forbids (everything below 0x20 but tab, line
// feed and carriage return).
enum class XmlControl { drop, refuse };

// Appends `text` to `out` escaped for `place`. Returns false, with `out` partly written, when
// `text` holds a forbidden control character and `control` is refuse. Bytes >= 0x80 are copied
// as they are (the caller owns UTF-8 validity).
inline bool append_xml_escaped(std::string& out, std::string_view text,
                               XmlPlace place = XmlPlace::content,
                               XmlControl control = XmlControl::drop) {
  const bool attribute = place == XmlPlace::attribute;
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const char* replacement = nullptr;
    switch (c) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = attribute ? "&quot;" : nullptr;
        break;
      case '\r':
        replacement = "&#13;";
        break;
      case '\n':
        replacement = attribute ? "&#10;" : nullptr;
        break;
      case '\t':
        replacement = attribute ? "&#9;" : nullptr;
        break;
      default:
        if (c >= 0x20) break;
        if (control == XmlControl::refuse) return false;
        replacement = "";
    }
    if (!replacement) continue;
    out.append(text.data() + plain_from, i - plain_from).append(replacement);
    plain_from = i + 1;
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  return true;
}

// `text` escaped for `place`, forbidden control characters dropped.
inline std::string xml_escape(std::string_view text, XmlPlace place = XmlPlace::content) {
  std::string out;
  out.reserve(text.size());
  append_xml_escaped(out, text, place);
  return out;
}

// Writes a document element by element. Names are the caller's own (not escaped); text and
// attribute values are escaped.
class XmlBuilder {
 public:
  // Opens <name attribute="value">; an empty `attribute` writes none.
  XmlBuilder& open(std::string_view name, std::string_view attribute = {},
                   std::string_view value = {}) {
    out_ += '<';
    out_ += name;
    if (!attribute.empty()) {
      out_ += ' ';
      out_ += attribute;
      out_ += "=\"";
      append_xml_escaped(out_, value, XmlPlace::attribute);
      out_ += '"';
    }
    out_ += '>';
    open_.emplace_back(name);
    return *this;
  }
  // Closes the innermost open element. Throws std::logic_error when none is open.
  XmlBuilder& close() {
    if (open_.empty()) throw std::logic_error("XmlBuilder::close without an open element");
    out_ += "</" + open_.back() + '>';
    open_.pop_back();
    return *this;
  }
  // Writes <name>text</name>.
  XmlBuilder& leaf(std::string_view name, std::string_view text) {
    out_ += '<';
    out_ += name;
    out_ += '>';
    append_xml_escaped(out_, text);
    out_ += "</";
    out_ += name;
    out_ += '>';
    return *this;
  }
  // Escaped text inside the open element.
  XmlBuilder& text(std::string_view text) {
    append_xml_escaped(out_, text);
    return *this;
  }
  // The innermost open element's name ("" at the top).
  std::string_view current() const { return open_.empty() ? std::string_view() : open_.back(); }
  // The document written so far. Throws std::logic_error while an element is open.
  std::string finish() {
    if (!open_.empty()) throw std::logic_error("XmlBuilder::finish with open elements");
    return std::move(out_);
  }

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace erpbridge::sdk
