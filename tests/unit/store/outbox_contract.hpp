// The behaviour every store::Outbox implementation must have, as one value-parameterized
// suite (outbox_contract_test.cpp). An implementation joins by instantiating it with a
// factory, as sqlite_outbox_test.cpp does:
//   INSTANTIATE_TEST_SUITE_P(Postgres, OutboxContract, ::testing::Values(postgres_factory()));
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/outbox.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::store::testing {

struct OutboxFactory {
  std::string name;  // the test-name suffix: letters, digits and '_'
  // Opens the outbox kept in `dir` (a fresh temp dir per test). Opening the same dir again
  // must reach the same stored data, as a second process or a restart would.
  std::function<std::unique_ptr<Outbox>(const std::filesystem::path& dir)> open;
};

// So test logs name the implementation instead of dumping the factory's bytes.
inline void PrintTo(const OutboxFactory& factory, std::ostream* out) {
  *out << factory.name;
}

class OutboxContract : public ::testing::TestWithParam<OutboxFactory> {
 protected:
  void SetUp() override { outbox_ = GetParam().open(dir_.path()); }
  std::unique_ptr<Outbox> reopen() const { return GetParam().open(dir_.path()); }

  erpbridge::testing::TempDir dir_;
  std::unique_ptr<Outbox> outbox_;
};

inline std::string factory_name(const ::testing::TestParamInfo<OutboxFactory>& info) {
  return info.param.name;
}

}  // namespace erpbridge::store::testing
