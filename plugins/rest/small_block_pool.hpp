// Recycles the small blocks a Lua state allocates and frees all the time (one delivery's
// strings, tables, closures and userdata), so the mapping hot path skips most malloc and free
// calls. Blocks up to kMaxSize bytes come in 16-byte classes and go back to a free list of
// their class when freed; the lists hold at most kMaxCachedBytes in all, so a burst of garbage
// does not stay allocated. Larger blocks go straight to malloc. Not thread-safe: one per state.
#pragma once

#include <cstddef>

namespace erpbridge::rest {

class SmallBlockPool {
 public:
  static constexpr std::size_t kGranule = 16;
  static constexpr std::size_t kMaxSize = 256;
  static constexpr std::size_t kMaxCachedBytes = 1u << 20;

  SmallBlockPool() = default;
  ~SmallBlockPool();
  SmallBlockPool(const SmallBlockPool&) = delete;
  SmallBlockPool& operator=(const SmallBlockPool&) = delete;

  // A block of at least `size` (> 0) bytes, or nullptr when memory ran out.
  void* allocate(std::size_t size);
  // Gives back `block`, allocated here with `size` bytes.
  void release(void* block, std::size_t size);
  // `block` (allocated here with `old_size` bytes) resized to `new_size` (> 0) bytes, contents
  // kept; nullptr when memory ran out, and then `block` is unchanged.
  void* reallocate(void* block, std::size_t old_size, std::size_t new_size);

  std::size_t cached_bytes() const { return cached_bytes_; }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  static constexpr std::size_t kClasses = kMaxSize / kGranule;
  static std::size_t class_of(std::size_t size) { return (size - 1) / kGranule; }
  static std::size_t class_size(std::size_t size_class) { return (size_class + 1) * kGranule; }

  FreeBlock* free_[kClasses] = {};
  std::size_t cached_bytes_ = 0;
};

}  // namespace erpbridge::rest
