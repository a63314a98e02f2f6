#include "sample_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace erpbridge::bench {

std::string read_sample(const std::string& name) {
  const std::string path = std::string(ERPBRIDGE_SAMPLES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read sample " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace erpbridge::bench
