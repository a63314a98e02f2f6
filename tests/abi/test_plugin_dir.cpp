#include "test_plugin_dir.hpp"

#include <dlfcn.h>
#include <stdlib.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace erpbridge::abi_testing {

namespace fs = std::filesystem;

TestPluginDir::TestPluginDir() {
  std::string pattern = (fs::temp_directory_path() / "erpbridge-abi-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TestPluginDir::~TestPluginDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path built_plugin(const std::string& name) {
  return fs::path(ERPBRIDGE_ABI_PLUGIN_DIR) / (name + ".so");
}

fs::path TestPluginDir::add(const std::string& name) {
  const fs::path target = path_ / (name + ".so");
  fs::copy_file(built_plugin(name), target);
  return target;
}

fs::path TestPluginDir::write(const std::string& file_name, const std::string& bytes) {
  const fs::path target = path_ / file_name;
  std::ofstream(target, std::ios::binary) << bytes;
  return target;
}

fs::path TestPluginDir::add_truncated(const std::string& name, const std::string& file_name,
                                      std::size_t bytes) {
  std::ifstream in(built_plugin(name), std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes >= content.size()) throw std::invalid_argument("truncation does not truncate");
  return write(file_name, content.substr(0, bytes));
}

bool is_loaded(const fs::path& library) {
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle) dlclose(handle);
  return handle != nullptr;
}

int call_counter(const fs::path& library, const char* symbol) {
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (!handle) return -1;
  auto* counter = reinterpret_cast<int (*)()>(dlsym(handle, symbol));
  const int value = counter ? counter() : -1;
  dlclose(handle);
  return value;
}

std::string sample_delivery(const std::string& sample, const std::string& event_type) {
  std::ifstream in(fs::path(ERPBRIDGE_SAMPLES_DIR) / (sample + ".json"));
  std::stringstream text;
  text << in.rdbuf();
  boost::json::value event = boost::json::parse(text.str());
  if (!event_type.empty()) event.as_object()["event_type"] = event_type;
  return boost::json::serialize(boost::json::object{{"event", event},
                                                    {"refs", boost::json::object{}},
                                                    {"attempt", 1},
                                                    {"idempotency_key", "idem-" + sample}});
}

}  // namespace erpbridge::abi_testing
