#include "config/yaml_document.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include "config/config_error.hpp"

namespace erpbridge::config::detail {

namespace {

// Config files are a few kilobytes; a cap keeps a wrong path (a log, a disk image) from
// being slurped whole.
constexpr std::size_t kMaxConfigFileBytes = 4 << 20;
constexpr std::size_t kMaxProducedBytes = 64 << 20;

std::string read_file(const std::filesystem::path& file) {
  const std::string shown = file.string();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw ConfigError(shown, 0, "", "cannot read: is a directory");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(shown, 0, "", std::string("cannot read: ") + std::strerror(errno));
  // Read in small steps up to the cap, not into a zeroed 4 MiB buffer: clearing that buffer
  // for every tenant file was a sixth of the start-up time with thousands of tenants.
  std::string text;
  char block[16384];
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    text.append(block, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxConfigFileBytes) {
      throw ConfigError(shown, 0, "", "larger than 4 MiB; is this a config file?");
    }
  }
  if (in.bad()) throw ConfigError(shown, 0, "", "cannot read: read error");
  return text;
}

// `{ password: ${env:X} }` is invalid YAML: inside { } and [ ] the braces of a reference end
// the flow collection. The parser's message does not say so; this hint does (without
// quoting the line, which may hold a secret).
std::string reference_hint(std::string_view text, int zero_based_line) {
  std::size_t start = 0;
  for (int i = 0; i < zero_based_line && start != std::string_view::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return "";
  const std::string_view line = text.substr(start, text.find('\n', start) - start);
  if (line.find("${") == std::string_view::npos) return "";
  return " (inside { } or [ ], put a ${...} reference in quotes: \"${env:NAME}\")";
}

// Remembers where a document's first node is; a document of nothing but null has none.
class FirstNode : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> mark;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { see(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    see(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    see(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    see(m);
  }
  void OnMapEnd() override {}

 private:
  void see(const YAML::Mark& m) {
    if (!mark) mark = m;
  }
};

// Where a second, non-empty document starts, if there is one. Not YAML::LoadAll: in yaml-cpp
// 0.7 it loops forever, allocating, on input such as ",x" (jbeder/yaml-cpp#1040, fixed in
// #1319 by stopping at the first empty document, as this does).
std::optional<YAML::Mark> second_document(const std::string& yaml) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  FirstNode first;
  FirstNode second;
  if (!parser.HandleNextDocument(first) || !parser.HandleNextDocument(second)) {
    return std::nullopt;
  }
  return second.mark;
}

// Whether yaml-cpp could find anything after the first document, so that second_document
// must look. The first document's top-level node ends before the end of the text only at a
// `---`, `...` or `%` at the start of a line, or when a less indented line follows it; a block
// map starting in column 0 has nothing less indented. Checking this instead of parsing the
// text a second time halves the YAML work for every tenant file. Cautious: any bytes yaml-cpp
// might read differently (a byte-order mark, UTF-16, non-ASCII before a marker) mean "could".
bool could_hold_more_than_one_document(std::string_view text, const YAML::Node& root) {
  if (!root.IsMap() || root.Style() != YAML::EmitterStyle::Block || root.Mark().column != 0)
    return true;
  if (text.find('\0') != std::string_view::npos) return true;
  if (!text.empty() && static_cast<unsigned char>(text.front()) >= 0x80) return true;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const bool line_start = at == 0 || text[at - 1] == '\n' || text[at - 1] == '\r' ||
                            static_cast<unsigned char>(text[at - 1]) >= 0x80;
    if (!line_start) continue;
    const std::string_view rest = text.substr(at);
    if (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%')) return true;
  }
  return false;
}

}  // namespace

YamlDocument::YamlDocument(std::string file_name, std::filesystem::path base_dir, YAML::Node root)
    : file_name_(std::move(file_name)), base_dir_(std::move(base_dir)), root_(std::move(root)) {}

YamlDocument YamlDocument::load(const std::filesystem::path& file) {
  return parse(read_file(file), file);
}

YamlDocument YamlDocument::parse(std::string_view text, const std::filesystem::path& file) {
  const std::string shown = file.string();
  const std::string yaml(text);
  YAML::Node root;
  std::optional<YAML::Mark> second;
  try {
    root = YAML::Load(yaml);
    if (could_hold_more_than_one_document(yaml, root)) second = second_document(yaml);
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's fixed wording ("illegal map value"); e.what() would repeat the
    // position in yaml-cpp's own format.
    throw ConfigError(shown, e.mark.line + 1, "",
                      "YAML syntax error: " + e.msg + reference_hint(text, e.mark.line));
  }
  if (second) {
    throw ConfigError(shown, second->line + 1, "",
                      "a second YAML document (after ---) is here; use one document per file");
  }
  if (root.IsNull()) throw ConfigError(shown, 1, "", "the file holds no settings");
  if (!root.IsMap()) {
    throw ConfigError(shown, std::max(1, line_of(root)), "",
                      "the top level must be a map of key: value settings");
  }
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) absolute = file;
  return YamlDocument(shown, absolute.parent_path().lexically_normal(), root);
}

void YamlDocument::fail(int line, std::string key, std::string problem) const {
  throw ConfigError(file_name_, line, std::move(key), std::move(problem));
}

void YamlDocument::charge(std::size_t bytes, int line, const std::string& key) const {
  produced_bytes_ += bytes;
  if (produced_bytes_ > kMaxProducedBytes) {
    fail(line, key, "the file expands to more than 64 MiB; check its aliases (*name)");
  }
}

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line < 0 ? 0 : mark.line + 1;
}

}  // namespace erpbridge::config::detail
