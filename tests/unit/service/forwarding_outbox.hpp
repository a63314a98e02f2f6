// An Outbox that forwards to a real one, for tests that need to watch or hold up calls.
#pragma once

#include "store/outbox.hpp"

namespace erpbridge::service::testing {

class ForwardingOutbox : public store::Outbox {
 public:
  explicit ForwardingOutbox(store::Outbox& inner) : inner_(inner) {}

  std::vector<store::AcceptResult> accept(const std::vector<store::NewEvent>& b) override {
    return inner_.accept(b);
  }
  std::vector<store::OutboxEvent> claim_ready(std::int64_t now, std::size_t limit) override {
    return inner_.claim_ready(now, limit);
  }
  store::ClaimResult claim_ready(std::int64_t now, const std::vector<store::TenantQuota>& q,
                                 std::size_t max_total) override {
    return inner_.claim_ready(now, q, max_total);
  }
  bool mark_delivered(std::int64_t seq, int attempts, const std::optional<std::string>& erp_id,
                      const std::string& result,
                      const std::vector<store::IdMapEntry>& created_ids) override {
    return inner_.mark_delivered(seq, attempts, erp_id, result, created_ids);
  }
  void reschedule(std::int64_t seq, store::EventState s, int attempts, std::int64_t next,
                  const std::string& cls, const std::string& error) override {
    inner_.reschedule(seq, s, attempts, next, cls, error);
  }
  std::vector<bool> mark_delivered_all(const std::vector<store::DeliveredMark>& marks) override {
    return inner_.mark_delivered_all(marks);
  }
  bool mark_dead(std::int64_t seq, int attempts, const std::string& cls, const std::string& error,
                 const std::string& result) override {
    return inner_.mark_dead(seq, attempts, cls, error, result);
  }
  void release(std::int64_t seq, std::int64_t next, const std::string& note) override {
    inner_.release(seq, next, note);
  }
  std::size_t wake_waiting(const std::string& tenant, std::int64_t now) override {
    return inner_.wake_waiting(tenant, now);
  }
  std::optional<store::OutboxEvent> find(const std::string& t,
                                         const std::string& id) const override {
    return inner_.find(t, id);
  }
  std::vector<store::OutboxEvent> dead_letters(const std::string& t, std::size_t n) const override {
    return inner_.dead_letters(t, n);
  }
  bool replay(const std::string& t, const std::string& id, std::int64_t now) override {
    return inner_.replay(t, id, now);
  }
  std::size_t recover_interrupted() override { return inner_.recover_interrupted(); }
  std::vector<store::StateCount> count_by_state() const override { return inner_.count_by_state(); }
  std::optional<std::string> pull_cursor(const std::string& t) const override {
    return inner_.pull_cursor(t);
  }
  std::vector<store::AcceptResult> accept_with_cursor(const std::vector<store::NewEvent>& b,
                                                      const std::string& t,
                                                      const std::string& cursor) override {
    return inner_.accept_with_cursor(b, t, cursor);
  }
  std::vector<store::OutboxEvent> lane_followers(const store::OutboxEvent& head,
                                                 std::size_t limit) override {
    return inner_.lane_followers(head, limit);
  }
  void mark_group_delivered(const std::vector<std::int64_t>& seqs, int attempts,
                            const std::string& result) override {
    inner_.mark_group_delivered(seqs, attempts, result);
  }
  void reschedule_group(const std::vector<std::int64_t>& seqs, store::EventState s, int attempts,
                        std::int64_t next, const std::string& cls,
                        const std::string& error) override {
    inner_.reschedule_group(seqs, s, attempts, next, cls, error);
  }
  void mark_group_dead(const std::vector<std::int64_t>& seqs, int attempts, const std::string& cls,
                       const std::string& error, const std::string& result) override {
    inner_.mark_group_dead(seqs, attempts, cls, error, result);
  }

 private:
  store::Outbox& inner_;
};

}  // namespace erpbridge::service::testing
