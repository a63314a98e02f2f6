#include "small_block_pool.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace erpbridge::rest {

SmallBlockPool::~SmallBlockPool() {
  for (FreeBlock*& head : free_) {
    while (head) {
      FreeBlock* next = head->next;
      std::free(head);
      head = next;
    }
  }
}

void* SmallBlockPool::allocate(std::size_t size) {
  if (size > kMaxSize) return std::malloc(size);
  std::size_t size_class = class_of(size);
  if (FreeBlock* block = free_[size_class]) {
    free_[size_class] = block->next;
    cached_bytes_ -= class_size(size_class);
    return block;
  }
  return std::malloc(class_size(size_class));
}

void SmallBlockPool::release(void* block, std::size_t size) {
  if (size > kMaxSize) {
    std::free(block);
    return;
  }
  std::size_t size_class = class_of(size);
  if (cached_bytes_ + class_size(size_class) > kMaxCachedBytes) {
    std::free(block);
    return;
  }
  free_[size_class] = new (block) FreeBlock{free_[size_class]};
  cached_bytes_ += class_size(size_class);
}

void* SmallBlockPool::reallocate(void* block, std::size_t old_size, std::size_t new_size) {
  bool old_small = old_size <= kMaxSize;
  bool new_small = new_size <= kMaxSize;
  if (old_small && new_small && class_of(old_size) == class_of(new_size)) return block;
  if (!old_small && !new_small) return std::realloc(block, new_size);
  void* moved = allocate(new_size);
  if (!moved) return nullptr;
  std::memcpy(moved, block, std::min(old_size, new_size));
  release(block, old_size);
  return moved;
}

}  // namespace erpbridge::rest
