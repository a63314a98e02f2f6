// ${env:NAME}, ${env:NAME:-default}, ${file:PATH} and the $${ escape inside config strings.
// Secrets live outside the YAML (DESIGN.md principle 6); this is the one place they come in.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace erpbridge::config {

// Where a string was written, so a failed reference is reported at its file, line and key.
struct ReferenceSite {
  std::string file;                // as shown in errors
  int line = 0;                    // 1-based
  std::string key;                 // dotted path or settings pointer
  std::filesystem::path base_dir;  // ${file:relative/path} resolves against this
};

struct ExpandedText {
  std::string value;
  // True when any part of `value` came from the environment or a file: such a value may be
  // a secret, so callers never quote it in an error.
  bool has_reference = false;
};

// Replaces every reference in `text`. A resolved value is inserted verbatim and never
// expanded again. Throws ConfigError at `site` for an unset variable, an unreadable file or a
// malformed reference; the message names the variable or the path, never a value.
ExpandedText expand_references(std::string_view text, const ReferenceSite& site);

}  // namespace erpbridge::config
