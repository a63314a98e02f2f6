// parallel_for: runs one job per index on every core, for start-up work that is the same
// independent job many times over (loading thousands of tenant files, creating their
// connectors). Callers keep their results deterministic by storing each result at its index
// and reading them in index order afterwards.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace erpbridge {

// Calls job(i) once for each i in [0, count), on up to std::thread::hardware_concurrency()
// threads (the caller's among them), and returns once every call has returned. Returns what
// each call threw, by index (null where it returned). Once a call has thrown, calls for higher
// indexes may be skipped (their slot stays null): a caller reading results in index order
// stops at the first failure and never looks further, just as a plain loop would have.
template <typename Job>
std::vector<std::exception_ptr> parallel_for(std::size_t count, const Job& job) {
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> first_failed{count};
  auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
      if (i > first_failed.load(std::memory_order_relaxed)) continue;
      try {
        job(i);
      } catch (...) {
        errors[i] = std::current_exception();
        std::size_t seen = first_failed.load();
        while (i < seen && !first_failed.compare_exchange_weak(seen, i)) {
        }
      }
    }
  };
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), count);
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no thread to spare: the ones running (at least this one) do every job
    }
  }
  work();
  for (std::thread& helper : helpers) helper.join();
  return errors;
}

}  // namespace erpbridge
