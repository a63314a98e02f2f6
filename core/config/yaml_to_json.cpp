#include "config/yaml_to_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "config/config_section.hpp"
#include "config/json_pointer.hpp"
#include "config/secret_reference.hpp"
#include "config/yaml_scalar.hpp"

namespace erpbridge::config::detail {

namespace {

// YAML aliases can make a node contain itself (`a: &x [*x]`) or fan out exponentially
// ("billion laughs"); these bounds turn both into an error instead of a crash or an OOM.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 100000;

const std::string kStrTag = "tag:yaml.org,2002:str";
const std::string kCoreTagPrefix = "tag:yaml.org,2002:";

class Converter {
 public:
  Converter(const YamlDocument& doc, std::string key_prefix)
      : doc_(doc), key_prefix_(std::move(key_prefix)) {}

  boost::json::value convert(const YAML::Node& node, const std::string& pointer, int line,
                             int depth) {
    if (++nodes_ > kMaxNodes) fail(line, pointer, "more than 100000 values; check for aliases");
    if (depth > kMaxDepth)
      fail(line, pointer,
           "nested more than 64 levels deep; does an alias (*name) sit inside its own anchor?");
    switch (node.Type()) {
      case YAML::NodeType::Map:
        return object(node, pointer, depth);
      case YAML::NodeType::Sequence:
        return array(node, pointer, depth);
      case YAML::NodeType::Scalar:
        return scalar(node, pointer, line);
      default:
        return nullptr;
    }
  }

  std::map<std::string, int> take_lines() { return std::move(lines_); }

 private:
  [[noreturn]] void fail(int line, const std::string& pointer, std::string problem) const {
    doc_.fail(line, key_prefix_ + pointer, std::move(problem));
  }

  boost::json::value object(const YAML::Node& node, const std::string& pointer, int depth) {
    boost::json::object out;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const int key_line = line_of(it->first);
      // Keys are names, not values: they are taken literally, never expanded.
      if (!it->first.IsScalar()) {
        fail(key_line, pointer,
             "keys must be strings, got " + describe_value(it->first) + "; quote the key");
      }
      const std::string& key = it->first.Scalar();
      const std::string child = pointer + "/" + escape_pointer_token(key);
      if (out.contains(key)) {
        fail(key_line, child, "duplicate key; first set on line " + std::to_string(lines_[child]));
      }
      doc_.charge(key.size() + child.size(), key_line, key_prefix_ + child);
      lines_[child] = key_line;
      out[key] = convert(it->second, child, key_line, depth + 1);
    }
    return out;
  }

  boost::json::value array(const YAML::Node& node, const std::string& pointer, int depth) {
    boost::json::array out;
    int previous_line = line_of(node);
    for (const YAML::Node& element : node) {
      const std::string child = pointer + "/" + std::to_string(out.size());
      // yaml-cpp marks an empty element ("-" alone) at the following token; the line before
      // is a better guess than one that may belong to something else.
      const int line = element.IsNull() ? previous_line : line_of(element);
      doc_.charge(child.size(), line, key_prefix_ + child);
      lines_[child] = line;
      previous_line = line;
      out.push_back(convert(element, child, line, depth + 1));
    }
    return out;
  }

  boost::json::value scalar(const YAML::Node& node, const std::string& pointer, int line) {
    const std::string& tag = node.Tag();
    // "?" marks a plain scalar, "!" a quoted or block one; other tags are not JSON's business.
    if (tag != "?" && tag != "!" && !tag.starts_with(kCoreTagPrefix)) {
      fail(line, pointer, "unsupported YAML tag '" + tag + "'; use plain YAML values");
    }
    ReferenceSite site{doc_.file_name(), line, key_prefix_ + pointer, doc_.base_dir()};
    ExpandedText text = expand_references(node.Scalar(), site);
    doc_.charge(text.value.size(), line, site.key);
    // Quoted scalars ("!"), !!str and anything from a reference stay strings: a password of
    // 0123 must reach the connector as the text "0123", not the number 123.
    if (tag == "!" || tag == kStrTag || text.has_reference) {
      return boost::json::string(text.value);
    }
    CoreScalar resolved = resolve_plain_scalar(text.value);
    if (resolved.kind == CoreScalar::Kind::unrepresentable) {
      fail(line, pointer,
           "a number JSON cannot hold (too large, .inf or .nan); quote it to pass a string");
    }
    if (tag == "?") return resolved.value;
    return tagged(tag.substr(kCoreTagPrefix.size()), resolved, pointer, line);
  }

  // !!int, !!float, !!bool, !!null: the value must be what the tag says.
  boost::json::value tagged(const std::string& type, const CoreScalar& resolved,
                            const std::string& pointer, int line) {
    using Kind = CoreScalar::Kind;
    const Kind k = resolved.kind;
    if (type == "int" && k == Kind::integer) return resolved.value;
    if (type == "float" && k == Kind::real) return resolved.value;
    if (type == "float" && k == Kind::integer) return resolved.value.to_number<double>();
    if (type == "bool" && k == Kind::boolean) return resolved.value;
    if (type == "null" && k == Kind::null) return nullptr;
    fail(line, pointer, "the value does not match its tag !!" + type);
  }

  const YamlDocument& doc_;
  std::string key_prefix_;
  std::map<std::string, int> lines_;
  std::size_t nodes_ = 0;
};

}  // namespace

JsonWithLines yaml_to_json(const YamlDocument& doc, const YAML::Node& node,
                           const std::string& key_prefix) {
  Converter converter(doc, key_prefix);
  JsonWithLines out;
  out.value = converter.convert(node, "", line_of(node), 0);
  out.lines = converter.take_lines();
  return out;
}

}  // namespace erpbridge::config::detail
