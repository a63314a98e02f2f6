// Owns one buffer a plugin filled (result JSON, settings error) until it goes back to the
// plugin's own release_buffer: the plugin allocated it, so only the plugin may free it.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <string_view>

namespace erpbridge::plugin {

class PluginBuffer {
 public:
  PluginBuffer(void (*release)(char*), erpb_buffer buffer) noexcept
      : release_(release), buffer_(buffer) {}
  ~PluginBuffer() {
    if (!buffer_.data || !release_) return;
    try {
      release_(buffer_.data);
    } catch (...) {
      // A C function should not throw; if a C++ one does, the buffer leaks, the host lives.
    }
  }
  PluginBuffer(const PluginBuffer&) = delete;
  PluginBuffer& operator=(const PluginBuffer&) = delete;

  const char* data() const { return buffer_.data; }
  std::size_t size() const { return buffer_.data ? buffer_.size : 0; }
  std::string_view view() const { return {buffer_.data ? buffer_.data : "", size()}; }

 private:
  void (*release_)(char*);
  erpb_buffer buffer_;
};

}  // namespace erpbridge::plugin
