// A fresh plugin directory per test, filled with copies of the test plugins built into
// ERPBRIDGE_ABI_PLUGIN_DIR. Copies, not links: each has its own inode, so whether "the library
// is still loaded" is a question about this test's file alone.
#pragma once

#include <filesystem>
#include <string>

namespace erpbridge::abi_testing {

class TestPluginDir {
 public:
  TestPluginDir();
  ~TestPluginDir();
  TestPluginDir(const TestPluginDir&) = delete;
  TestPluginDir& operator=(const TestPluginDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Copies test plugin `name` ("echo" -> echo.so) in; returns the copy's absolute path.
  std::filesystem::path add(const std::string& name);
  // Writes a file with the given bytes.
  std::filesystem::path write(const std::string& file_name, const std::string& bytes);
  // Copies the first `bytes` bytes of test plugin `name` under `file_name`.
  std::filesystem::path add_truncated(const std::string& name, const std::string& file_name,
                                      std::size_t bytes);

 private:
  std::filesystem::path path_;
};

// The built test plugin `name` ("echo" -> <ERPBRIDGE_ABI_PLUGIN_DIR>/echo.so).
std::filesystem::path built_plugin(const std::string& name);

// Whether the dynamic loader still has `library` mapped (dlopen with RTLD_NOLOAD).
bool is_loaded(const std::filesystem::path& library);

// Calls `int symbol(void)` exported by the loaded `library`; -1 if it is not loaded.
int call_counter(const std::filesystem::path& library, const char* symbol);

// The JSON input of a delivery for one of the sample events in tests/samples
// ("customer.created"), optionally with its event_type replaced.
std::string sample_delivery(const std::string& sample, const std::string& event_type = "");

}  // namespace erpbridge::abi_testing
