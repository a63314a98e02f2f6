// Walks the YAML tree and tries every string that holds a reference, naming keys the way the
// loaders do: dotted with list indexes outside `settings`, a JSON pointer inside it.
#include "config/unresolved_references.hpp"

#include <optional>

#include "config/json_pointer.hpp"
#include "config/secret_reference.hpp"
#include "config/yaml_document.hpp"

namespace erpbridge::config {
namespace {

class ReferenceWalker {
 public:
  explicit ReferenceWalker(const detail::YamlDocument& doc) : doc_(doc) {}

  void walk(const YAML::Node& node, const std::string& key, bool in_settings) {
    if (node.IsScalar()) return check(node, key);
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string index = std::to_string(i);
        walk(node[i], in_settings ? key + "/" + index : key + "[" + index + "]", in_settings);
      }
      return;
    }
    if (!node.IsMap()) return;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) continue;
      const std::string& name = entry.first.Scalar();
      if (in_settings) {
        walk(entry.second, key + "/" + escape_pointer_token(name), true);
      } else if (key.empty() && name == "settings") {
        walk(entry.second, name, true);
      } else {
        walk(entry.second, key.empty() ? name : key + "." + name, false);
      }
    }
  }

  std::vector<ConfigError> take() { return std::move(errors_); }

 private:
  void check(const YAML::Node& node, const std::string& key) {
    if (node.Scalar().find("${") == std::string::npos) return;
    try {
      expand_references(node.Scalar(), ReferenceSite{doc_.file_name(), detail::line_of(node), key,
                                                     doc_.base_dir()});
    } catch (const ConfigError& error) {
      errors_.push_back(error);
    }
  }

  const detail::YamlDocument& doc_;
  std::vector<ConfigError> errors_;
};

}  // namespace

std::vector<ConfigError> unresolved_references(const std::filesystem::path& file) {
  std::optional<detail::YamlDocument> doc;
  try {
    doc.emplace(detail::YamlDocument::load(file));
  } catch (const ConfigError&) {
    return {};
  }
  ReferenceWalker walker(*doc);
  walker.walk(doc->root(), "", false);
  return walker.take();
}

}  // namespace erpbridge::config
