// The behaviour every store must have, written against the role interfaces only
// (store/roles.hpp, store/id_map.hpp), as one value-parameterized suite
// (store_contract_*_test.cpp). An implementation joins by instantiating it with a factory, as
// sqlite/sqlite_store_test.cpp does:
//   INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract, ::testing::Values(postgres_factory()));
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::store::testing {

struct StoreFactory {
  std::string name;  // the test-name suffix: letters, digits and '_'
  // Opens the store kept in `dir` (a fresh temp dir per test). Opening the same dir again
  // must reach the same stored data, as a second process, a second host or a restart would.
  std::function<std::unique_ptr<Store>(const std::filesystem::path& dir)> open;
};

// So test logs name the implementation instead of dumping the factory's bytes.
inline void PrintTo(const StoreFactory& factory, std::ostream* out) {
  *out << factory.name;
}

inline std::string factory_name(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The tenants the tests use; claim_all asks for all of them.
inline const std::vector<std::string> kTenants{"t1", "t2", "t3"};

// Claims what is due at `now` (at most `limit` in all) from the given tenants.
inline std::vector<OutboxEvent> claim(Store& s, std::int64_t now, std::size_t limit,
                                      const std::vector<std::string>& tenants = kTenants) {
  std::vector<TenantQuota> quotas;
  for (const auto& t : tenants) quotas.push_back({t, limit});
  return s.claims().claim_ready(now, quotas, limit).events;
}

// Claims everything due now.
inline std::vector<OutboxEvent> claim_all(Store& s) {
  return claim(s, now_ms() + 1, 1000);
}

inline std::set<std::string> event_ids(const std::vector<OutboxEvent>& events) {
  std::set<std::string> out;
  for (const auto& e : events) out.insert(e.event_id);
  return out;
}

// ---- outcomes, each for a group of one unless more seqs are given ----

inline GroupOutcome delivered(std::vector<std::int64_t> seqs, int attempts = 1,
                              std::optional<std::string> erp_id = std::nullopt,
                              std::string result_json = "{}",
                              std::vector<IdMapEntry> created_ids = {}) {
  GroupOutcome o;
  o.seqs = std::move(seqs);
  o.outcome = Outcome::delivered;
  o.attempts = attempts;
  o.erp_id = std::move(erp_id);
  o.result_json = std::move(result_json);
  o.created_ids = std::move(created_ids);
  return o;
}

inline GroupOutcome dead(std::vector<std::int64_t> seqs, int attempts, LastClass last_class,
                         std::string last_error, std::string result_json = "{}") {
  GroupOutcome o;
  o.seqs = std::move(seqs);
  o.outcome = Outcome::dead;
  o.attempts = attempts;
  o.last_class = last_class;
  o.last_error = std::move(last_error);
  o.result_json = std::move(result_json);
  return o;
}

// Outcome::retry or Outcome::in_doubt.
inline GroupOutcome again(Outcome outcome, std::vector<std::int64_t> seqs, int attempts,
                          std::int64_t at, LastClass last_class, std::string last_error) {
  GroupOutcome o;
  o.seqs = std::move(seqs);
  o.outcome = outcome;
  o.attempts = attempts;
  o.next_attempt_at_ms = at;
  o.last_class = last_class;
  o.last_error = std::move(last_error);
  return o;
}

// Outcome::waiting (with a reason) or Outcome::released (reason empty).
inline GroupOutcome put_back(std::vector<std::int64_t> seqs, std::int64_t at,
                             std::string reason = {}) {
  GroupOutcome o;
  o.seqs = std::move(seqs);
  o.outcome = reason.empty() ? Outcome::released : Outcome::waiting;
  o.next_attempt_at_ms = at;
  o.last_error = std::move(reason);
  return o;
}

// Finishes one group; true when that made other work ready.
inline bool finish(Store& s, GroupOutcome o) {
  return s.outcomes().finish({std::move(o)}).at(0);
}

class StoreContract : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam().open(dir_.path()); }
  std::unique_ptr<Store> reopen() const { return GetParam().open(dir_.path()); }

  std::vector<AcceptResult> accept(const std::vector<NewEvent>& batch) {
    return store_->intake().accept(batch);
  }
  std::optional<OutboxEvent> find(const std::string& tenant, const std::string& id) {
    return store_->status().find(tenant, id);
  }

  erpbridge::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace erpbridge::store::testing
