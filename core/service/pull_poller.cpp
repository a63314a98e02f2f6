#include "service/pull_poller.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "common/log.hpp"
#include "syncback/change_events.hpp"
#include "syncback/changes.hpp"

namespace erpbridge::service {

namespace {

using Clock = std::chrono::steady_clock;

// Longest sleep without a reason to wake: only bounds how stale a missed wake could leave us.
constexpr std::chrono::seconds kMaxSleep{60};

std::string pull_input(const std::optional<std::string>& cursor, int limit) {
  boost::json::object input;
  if (cursor)
    input["cursor"] = *cursor;
  else
    input["cursor"] = nullptr;
  input["limit"] = limit;
  return boost::json::serialize(input);
}

bool pull_configured(const TenantRuntime& t) {
  return t.config.commerceup.enabled && t.config.commerceup.pull.enabled;
}

}  // namespace

PullPoller::PullPoller(store::EventIntake& intake, const store::PullCursors& cursors,
                       const store::IdMap& ids, const RuntimeHolder& runtime, Metrics& metrics,
                       std::function<void()> on_stored)
    : intake_(intake),
      cursors_(cursors),
      ids_(ids),
      runtime_(runtime),
      metrics_(metrics),
      on_stored_(std::move(on_stored)) {
  thread_ = std::thread([this] { run(); });
}

PullPoller::~PullPoller() {
  stop();
}

void PullPoller::wake() {
  std::lock_guard lock(mutex_);
  wake_ = true;
  cv_.notify_all();
}

void PullPoller::request_stop() {
  std::lock_guard lock(mutex_);
  stop_ = true;
  cv_.notify_all();
}

void PullPoller::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

bool PullPoller::can_pull(const TenantRuntime& t) {
  if (!pull_configured(t)) return false;
  if (t.connector && t.connector->plugin().supports_pull()) return true;
  if (warned_no_pull_.insert(t.config.id).second)
    log_line(LogLevel::warn, "pull tenant=" + t.config.id +
                                 ": commerceup.pull is set but the tenant's connector cannot "
                                 "pull; nothing is pulled");
  return false;
}

void PullPoller::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_ = false;
    const auto runtime = runtime_.current();
    auto earliest = Clock::now() + kMaxSleep;
    std::erase_if(next_pull_, [&](const auto& entry) { return !runtime->tenant(entry.first); });
    for (const auto& [id, tenant] : runtime->tenants) {
      if (stop_) break;
      if (!can_pull(*tenant)) {
        next_pull_.erase(id);
        continue;
      }
      warned_no_pull_.erase(id);  // it can pull now: tell again should that change
      auto& due = next_pull_.try_emplace(id, Clock::now()).first->second;  // new: pull now
      if (due <= Clock::now()) {
        lock.unlock();
        const PullResult r = pull_once(*tenant);
        lock.lock();
        due = r.more ? Clock::now() : Clock::now() + tenant->config.commerceup.pull.interval;
      }
      earliest = std::min(earliest, due);
    }
    cv_.wait_until(lock, earliest, [this] { return stop_ || wake_; });
  }
}

PullPoller::PullResult PullPoller::pull_once(const TenantRuntime& tenant) {
  const std::string& id = tenant.config.id;
  PullResult out;
  auto fail = [&](const std::string& why) {
    metrics_.count_pull(id, "failed");
    log_line(LogLevel::warn, "pull tenant=" + id + " outcome=failed " + why +
                                 "; trying again at the next interval");
    return out;
  };
  try {
    const auto cursor = cursors_.pull_cursor(id);
    const plugin::SyncCallResult r =
        tenant.connector->pull_changes(pull_input(cursor, tenant.config.commerceup.pull.limit));
    if (r.result_class != ResultClass::ok)
      return fail(std::string("class=") + to_string(r.result_class) + " message=\"" + r.message +
                  "\"");
    syncback::ChangesError error;
    auto changes =
        syncback::parse_changes_json(r.changes_json, syncback::ChangesSource::pull, error);
    if (!changes)
      return fail(
          "message=\"the adapter's answer is not a valid changes document: " + error.text() + "\"");
    const auto rows = syncback::change_events(
        id, *changes, syncback::unique_id_prefix("pull"), [&](const std::string& erp_order_id) {
          return ids_.find_our_id(id, store::EntityKind::order, erp_order_id);
        });
    const auto results = intake_.accept_with_cursor(rows, id, *changes->cursor);
    for (const auto& result : results)
      metrics_.count_event(id, result.event.event_type,
                           result.duplicate ? "duplicate" : "accepted");
    metrics_.count_pull(id, "ok");
    out.ok = true;
    out.stored = results.size();
    // "more" without progress would spin: only a pull that moved on may go again at once.
    out.more = changes->more && (!rows.empty() || *changes->cursor != cursor.value_or(""));
    if (!rows.empty()) {
      log_line(LogLevel::info, "pull tenant=" + id + " outcome=stored changes=" +
                                   std::to_string(rows.size()) + (out.more ? " more=true" : ""));
      if (on_stored_) on_stored_();
    }
    return out;
  } catch (const std::exception& e) {
    return fail(std::string("message=\"store: ") + e.what() + "\"");
  }
}

}  // namespace erpbridge::service
