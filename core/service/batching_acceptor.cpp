#include "service/batching_acceptor.hpp"

#include <string>

#include "common/log.hpp"

namespace erpbridge::service {

BatchingAcceptor::BatchingAcceptor(store::EventIntake& intake, std::size_t max_batch,
                                   OnCommit on_commit)
    : intake_(intake),
      on_commit_(std::move(on_commit)),
      group_(max_batch, [this](const auto& batch) { return commit(batch); }) {}

std::vector<store::AcceptResult> BatchingAcceptor::commit(
    const std::vector<store::NewEvent>& batch) {
  std::vector<store::AcceptResult> results;
  try {
    results = intake_.accept(batch);
  } catch (const std::exception& e) {
    log_line(LogLevel::error, std::string("outbox: storing a batch of ") +
                                  std::to_string(batch.size()) + " events failed: " + e.what());
    throw;
  }
  try {
    if (on_commit_) on_commit_(results);
  } catch (...) {
    // Waking the engine is best effort: it polls the store anyway.
  }
  return results;
}

}  // namespace erpbridge::service
