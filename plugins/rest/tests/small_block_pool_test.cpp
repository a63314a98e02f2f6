// The sandbox's small-block pool: blocks are recycled by size class, keep their contents when
// resized, and the pool keeps no more than its cap of freed memory.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "small_block_pool.hpp"

namespace erpbridge::rest {
namespace {

TEST(SmallBlockPool, ReusesAFreedBlockOfTheSameSizeClass) {
  SmallBlockPool pool;
  void* block = pool.allocate(40);
  ASSERT_NE(block, nullptr);
  pool.release(block, 40);
  EXPECT_EQ(pool.cached_bytes(), 48u);
  EXPECT_EQ(pool.allocate(33), block);  // 33..48 bytes share a class
  EXPECT_EQ(pool.cached_bytes(), 0u);
  void* other = pool.allocate(40);
  EXPECT_NE(other, block);
  pool.release(block, 33);
  pool.release(other, 40);
}

TEST(SmallBlockPool, ResizingKeepsTheContents) {
  SmallBlockPool pool;
  auto* block = static_cast<char*>(pool.allocate(20));
  std::memcpy(block, "0123456789abcdefghi", 20);
  EXPECT_EQ(pool.reallocate(block, 20, 30), block);  // same class: nothing moves
  auto* grown = static_cast<char*>(pool.reallocate(block, 30, 200));
  ASSERT_NE(grown, nullptr);
  EXPECT_STREQ(grown, "0123456789abcdefghi");
  auto* large = static_cast<char*>(pool.reallocate(grown, 200, 5000));  // past the pool
  ASSERT_NE(large, nullptr);
  EXPECT_STREQ(large, "0123456789abcdefghi");
  large = static_cast<char*>(pool.reallocate(large, 5000, 9000));
  EXPECT_STREQ(large, "0123456789abcdefghi");
  auto* small = static_cast<char*>(pool.reallocate(large, 9000, 10));
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(std::memcmp(small, "0123456789", 10), 0);
  pool.release(small, 10);
}

TEST(SmallBlockPool, KeepsAtMostItsCapOfFreedMemory) {
  SmallBlockPool pool;
  std::vector<void*> blocks;
  std::size_t count = 2 * SmallBlockPool::kMaxCachedBytes / SmallBlockPool::kMaxSize;
  for (std::size_t i = 0; i < count; ++i) blocks.push_back(pool.allocate(SmallBlockPool::kMaxSize));
  for (void* block : blocks) pool.release(block, SmallBlockPool::kMaxSize);
  EXPECT_EQ(pool.cached_bytes(), SmallBlockPool::kMaxCachedBytes);
}

}  // namespace
}  // namespace erpbridge::rest
