#include "api/xml_body.hpp"

#include <erpbridge/xml_text.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <mutex>
#include <string>

namespace erpbridge::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
constexpr int kMaxDepth = 64;

const char* str(const xmlChar* s) {
  return reinterpret_cast<const char*>(s);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "items" holds "item", "addresses" "address", "categories" "category".
bool is_plural_of(std::string_view wrapper, std::string_view child) {
  if (wrapper == std::string(child) + "s" || wrapper == std::string(child) + "es") return true;
  return child.ends_with('y') && wrapper == std::string(child.substr(0, child.size() - 1)) + "ies";
}

std::string singular_of(std::string_view plural) {
  if (plural.ends_with("ies")) return std::string(plural.substr(0, plural.size() - 3)) + "y";
  if (plural.ends_with("sses") || plural.ends_with("xes"))
    return std::string(plural.substr(0, plural.size() - 2));
  if (plural.ends_with('s') && plural.size() > 1)
    return std::string(plural.substr(0, plural.size() - 1));
  return "item";
}

bool is_nil(const xmlNode* node) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (std::string_view(str(a->name)) != "nil") continue;
    if (a->ns != nullptr && std::string_view(str(a->ns->href)) != kXsiNamespace) continue;
    xmlChar* content = xmlNodeGetContent(a->children);
    const std::string value = content ? str(content) : "";
    xmlFree(content);
    if (value == "true" || value == "1") return true;
  }
  return false;
}

// The typed value of a leaf element; text that does not fit its known type stays a string,
// so event validation reports it with its field path.
json::value leaf_value(std::string_view name, const std::string& text) {
  if (text.empty()) return nullptr;
  const std::string_view t = trim(text);
  if (name == "quantity") {
    long long n = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec == std::errc() && end == t.data() + t.size()) return n;
  }
  if (name == "prices_include_tax" || name == "restock") {
    if (t == "true") return true;
    if (t == "false") return false;
  }
  return json::string(text);
}

class Converter {
 public:
  std::optional<json::value> element(const xmlNode* node, const std::string& path, int depth) {
    if (depth > kMaxDepth) return fail("elements are nested too deeply at " + path);
    if (is_nil(node)) return json::value(nullptr);
    std::vector<const xmlNode*> children;
    std::string text;
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) children.push_back(c);
      if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
        text += str(c->content);
      if (c->type == XML_ENTITY_REF_NODE) return fail("entity references are not accepted");
    }
    const std::string_view name = str(node->name);
    if (children.empty()) return leaf_value(name, text);
    if (!is_blank(text)) return fail("element <" + std::string(name) + "> mixes text and elements");
    if (is_list(name, children)) return list(children, path, depth);
    return object(children, path, depth);
  }

  std::string error;

 private:
  std::nullopt_t fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return std::nullopt;
  }

  static bool is_list(std::string_view name, const std::vector<const xmlNode*>& children) {
    const std::string_view first = str(children.front()->name);
    return is_plural_of(name, first) &&
           std::all_of(children.begin(), children.end(),
                       [&](const xmlNode* c) { return first == str(c->name); });
  }

  std::optional<json::value> list(const std::vector<const xmlNode*>& children,
                                  const std::string& path, int depth) {
    json::array out;
    for (std::size_t i = 0; i < children.size(); ++i) {
      auto v = element(children[i], path + "[" + std::to_string(i) + "]", depth + 1);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
    return json::value(std::move(out));
  }

  std::optional<json::value> object(const std::vector<const xmlNode*>& children,
                                    const std::string& path, int depth) {
    json::object out;
    for (const xmlNode* c : children) {
      const std::string key = str(c->name);
      if (out.contains(key))
        return fail("element <" + key + "> appears twice in " + path +
                    "; a list needs a wrapper such as <items><item>..</item></items>");
      auto v = element(c, path + "." + key, depth + 1);
      if (!v) return std::nullopt;
      out[key] = std::move(*v);
    }
    return json::value(std::move(out));
  }
};

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

std::string parser_error(const xmlParserCtxt* ctxt) {
  const xmlError& e = ctxt->lastError;
  const std::string message = e.message ? std::string(trim(e.message)) : "not well-formed";
  return "malformed XML" + (e.line > 0 ? " at line " + std::to_string(e.line) : "") + ": " +
         message;
}

// Keys are our own field names; anything that is not a valid XML name character becomes '_'.
std::string element_name(std::string_view key) {
  std::string out;
  for (char c : key)
    out +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') ? c : '_';
  if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_'))
    out.insert(out.begin(), '_');
  return out;
}

void write_value(std::string& out, const std::string& name, const json::value& v) {
  if (v.is_null()) {
    out += "<" + name + "/>";
    return;
  }
  out += "<" + name + ">";
  if (v.is_object()) {
    for (const auto& [key, child] : v.as_object()) write_value(out, element_name(key), child);
  } else if (v.is_array()) {
    const std::string item = singular_of(name);
    for (const auto& child : v.as_array()) write_value(out, item, child);
  } else if (v.is_string()) {
    sdk::append_xml_escaped(out, v.as_string());
  } else if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
  } else {
    out += json::serialize(v);
  }
  out += "</" + name + ">";
}

}  // namespace

std::optional<json::object> xml_to_json(std::string_view xml, std::string& error) {
  // Refused before parsing: no entity can be declared, so none can be expanded or fetched.
  const std::string folded = lower(xml);
  if (folded.find("<!doctype") != std::string::npos ||
      folded.find("<!entity") != std::string::npos) {
    error = "XML with a DOCTYPE or ENTITY declaration is not accepted";
    return std::nullopt;
  }
  init_libxml();
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    xmlFreeParserCtxt);
  if (!ctxt) {
    error = "cannot parse XML (out of memory)";
    return std::nullopt;
  }
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), "body.xml", nullptr,
                        options),
      xmlFreeDoc);
  if (!doc || !ctxt->wellFormed) {
    error = parser_error(ctxt.get());
    return std::nullopt;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    error = "malformed XML: no root element";
    return std::nullopt;
  }
  Converter converter;
  auto value = converter.element(root, "data", 0);
  if (!value) {
    error = converter.error;
    return std::nullopt;
  }
  if (!value->is_object()) {
    error = "the root element <" + std::string(str(root->name)) +
            "> must hold the fields as child elements";
    return std::nullopt;
  }
  return std::move(value->as_object());
}

std::string json_to_xml(const std::string& root, const json::object& body) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  write_value(out, element_name(root), json::value(body));
  out += "\n";
  return out;
}

}  // namespace erpbridge::api
