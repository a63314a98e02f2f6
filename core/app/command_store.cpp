// erpbridge store: maintenance of the store named by the host config. `store prune` removes
// the delivered events older than store.retention_days, as the background pruner of `serve`
// does (docs/delivery.md#retention); --dry-run shows what would go. Safe while `serve` runs
// (WAL): both prune in small batches.
#include <boost/json.hpp>

#include <chrono>
#include <iostream>

#include "api/event_status.hpp"
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "common/clock.hpp"
#include "config/host_config.hpp"
#include "service/store_config.hpp"
#include "store/store.hpp"

namespace erpbridge::app {

namespace {

namespace json = boost::json;

// As the pruner of `serve`: small transactions, so a running host's writers are not held up.
constexpr std::size_t kBatch = 500;
constexpr std::chrono::milliseconds kPause{20};

constexpr const char* kHelp = R"(Usage: erpbridge store ACTION --config FILE [OPTIONS]

Maintenance of the store of the host config. Works on it directly, also while `erpbridge
serve` runs.

Actions:
  prune    remove delivered events older than store.retention_days (--dry-run: only show them)

Run 'erpbridge store ACTION --help' for an action's options.
)";

constexpr const char* kPruneHelp =
    R"(Usage: erpbridge store prune --config FILE [--dry-run] [--json]

Removes the delivered events (their status and payload) whose delivery is older than
store.retention_days (default 7), in small batches, as `erpbridge serve` does in the
background. Dead letters, in-doubt, queued and delivering events, the id map and the pull
cursors are kept. With --dry-run nothing is removed: it prints, per tenant, how many events
would go, their payload bytes and their oldest and newest delivery time. --json prints one
JSON object instead. With store.retention_days 0 nothing is ever pruned.
)";

json::object prunable_json(const store::PrunableRows& rows) {
  return {{"tenant", rows.tenant},
          {"events", rows.rows},
          {"payload_bytes", rows.payload_bytes},
          {"oldest_delivered_at", api::utc_timestamp(rows.oldest_delivered_ms)},
          {"newest_delivered_at", api::utc_timestamp(rows.newest_delivered_ms)}};
}

void print_prunable(const std::vector<store::PrunableRows>& tenants) {
  for (const auto& t : tenants) {
    std::cout << t.tenant << "  " << t.rows << " event(s)  " << t.payload_bytes
              << " payload bytes  delivered " << api::utc_timestamp(t.oldest_delivered_ms) << " .. "
              << api::utc_timestamp(t.newest_delivered_ms) << "\n";
  }
}

int prune(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config"}, {"help", "dry-run", "json"});
  if (cli.flag("help")) return std::cout << kPruneHelp, kExitOk;
  if (!cli.positional().empty()) throw UsageError("prune takes no positional arguments");
  const auto host = config::load_host_config(cli.required("config"));
  const bool dry_run = cli.flag("dry-run");
  json::object out{{"retention_days", host.store_retention.count()}, {"dry_run", dry_run}};
  if (host.store_retention.count() == 0) {
    if (cli.flag("json")) {
      out["events"] = 0;
      std::cout << json::serialize(out) << "\n";
    } else {
      std::cout << "store.retention_days is 0: delivered events are kept, nothing to prune\n";
    }
    return kExitOk;
  }
  auto store = store::open_store(service::store_config(host));
  const std::int64_t cutoff = store::retention_cutoff(unix_now_ms(), host.store_retention);
  out["delivered_before"] = api::utc_timestamp(cutoff);
  const auto tenants = store->retention().prunable(cutoff);
  std::int64_t total = 0;
  json::array by_tenant;
  for (const auto& t : tenants) {
    total += t.rows;
    by_tenant.push_back(prunable_json(t));
  }
  if (!dry_run)
    total = static_cast<std::int64_t>(
        store::prune_in_batches(store->retention(), cutoff, kBatch, kPause));
  if (cli.flag("json")) {
    out["events"] = total;
    out["tenants"] = std::move(by_tenant);
    std::cout << json::serialize(out) << "\n";
    return kExitOk;
  }
  std::cout << "delivered before " << api::utc_timestamp(cutoff) << " (store.retention_days "
            << host.store_retention.count() << "):\n";
  print_prunable(tenants);
  std::cout << (dry_run ? "would prune " : "pruned ") << total
            << " delivered event(s); dead letters, open events, the id map and pull cursors "
               "are kept\n";
  return kExitOk;
}

}  // namespace

int run_store(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "prune") return prune(rest);
  throw UsageError("unknown store action '" + args[0] + "'; expected prune");
}

}  // namespace erpbridge::app
