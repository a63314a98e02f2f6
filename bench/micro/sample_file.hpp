// The text of one of tests/samples/*.json, for benchmarks that feed the host real input.
#pragma once

#include <string>

namespace erpbridge::bench {

// Throws std::runtime_error naming the file when it cannot be read.
std::string read_sample(const std::string& name);

}  // namespace erpbridge::bench
