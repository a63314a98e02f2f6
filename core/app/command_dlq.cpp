// erpbridge dlq: the dead-letter store, read and replayed directly in the SQLite store named by
// the host config. Safe while `erpbridge serve` runs (WAL): a replayed event becomes queued
// and the running service picks it up at its next poll.
#include <boost/json.hpp>

#include <chrono>
#include <iostream>

#include "api/event_status.hpp"
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "config/host_config.hpp"
#include "events/event.hpp"
#include "pipeline/event_dispatcher.hpp"
#include "pipeline/result_json.hpp"
#include "service/store_config.hpp"
#include "store/store.hpp"

namespace erpbridge::app {

namespace {

namespace json = boost::json;

constexpr std::size_t kAll = 1000000;

constexpr const char* kHelp = R"(Usage: erpbridge dlq ACTION --config FILE [OPTIONS]

Inspects and replays dead letters: events whose delivery failed for good (the ERP refused
them, or they ran out of attempts or age). Works on the store of the host config directly,
also while `erpbridge serve` runs.

Actions:
  list     list dead letters, newest first
  show     show one event: status, last error, delivery result and payload
  replay   move dead letters back to the queue (attempts reset); a running serve delivers them
           ("I checked the ERP: send it")
  resolve  mark a dead letter delivered with the ERP id a person found in the ERP ("resolve
           with ERP id X"), for an event given up in doubt

Run 'erpbridge dlq ACTION --help' for an action's options.
)";

constexpr const char* kListHelp =
    R"(Usage: erpbridge dlq list --config FILE [--tenant T] [--limit N] [--json]

Lists dead letters, newest first: tenant, event id, type, attempts, last result class,
acceptance time and last error. All tenants unless --tenant is given; at most --limit
(default 100). --json prints one JSON array of event documents (as GET /v1/events/{id}).
)";

constexpr const char* kShowHelp =
    R"(Usage: erpbridge dlq show --config FILE [--tenant T] EVENT_ID [--json]

Shows one event with its last error, delivery result and payload. Without --tenant the event
is looked up among the dead letters of all tenants (an id used by two tenants needs --tenant).
)";

constexpr const char* kReplayHelp =
    R"(Usage: erpbridge dlq replay --config FILE [--tenant T] (EVENT_ID... | --all) [--json]

Moves each named dead letter (or with --all every dead letter, of --tenant only if given)
back to queued with its attempts reset; a running `erpbridge serve` delivers it within its
poll interval, otherwise the next start does. Exit 0 when every event was replayed, 1 when an
id is unknown or not a dead letter.
)";

constexpr const char* kResolveHelp =
    R"(Usage: erpbridge dlq resolve --config FILE [--tenant T] EVENT_ID --erp-id ID [--json]

For a dead letter given up in doubt ("in doubt, unresolved": the ERP may have the document):
a person found the document in the ERP, so the event is marked delivered with ERP id ID, which
is recorded in the id map and the order ledger as a delivery's would be (the order's line ids
are not known this way). Later events of the customer or order go ahead with it. Nothing is
sent to the ERP. Exit 0 when resolved, 1 when the id is unknown or not a dead letter.
)";

std::unique_ptr<store::Store> open_store(const CliArgs& cli) {
  return store::open_store(service::store_config(config::load_host_config(cli.required("config"))));
}

std::string one_line(std::string text, std::size_t max) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (text.size() > max) text = text.substr(0, max - 3) + "...";
  return text;
}

std::size_t parse_limit(const CliArgs& cli) {
  auto text = cli.value("limit");
  if (!text) return 100;
  try {
    std::size_t used = 0;
    const unsigned long n = std::stoul(*text, &used);
    if (used == text->size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  throw UsageError("--limit expects a positive whole number");
}

// The event `id`, of --tenant when given, else the one dead letter of any tenant with this id.
std::optional<store::OutboxEvent> find_event(store::Store& outbox, const CliArgs& cli,
                                             const std::string& id) {
  if (auto tenant = cli.value("tenant")) return outbox.status().find(*tenant, id);
  std::optional<store::OutboxEvent> found;
  for (auto& row : outbox.dead_letters().list("", kAll)) {
    if (row.event_id != id) continue;
    if (found)
      throw UsageError("event " + id + " is a dead letter of tenants " + found->tenant + " and " +
                       row.tenant + "; pass --tenant");
    found = std::move(row);
  }
  return found;
}

int list(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "tenant", "limit"}, {"help", "json"});
  if (cli.flag("help")) return std::cout << kListHelp, kExitOk;
  if (!cli.positional().empty()) throw UsageError("list takes no EVENT_ID");
  auto outbox = open_store(cli);
  const auto rows = outbox->dead_letters().list(cli.value("tenant").value_or(""), parse_limit(cli));
  if (cli.flag("json")) {
    json::array out;
    for (const auto& row : rows) out.push_back(api::event_status_json(row));
    std::cout << json::serialize(out) << "\n";
    return kExitOk;
  }
  if (rows.empty()) {
    std::cout << "no dead letters\n";
    return kExitOk;
  }
  for (const auto& row : rows) {
    std::cout << row.tenant << "  " << row.event_id << "  " << row.event_type << "  attempts "
              << row.attempts << "  "
              << (row.last_class == store::LastClass::none ? "-" : store::to_string(row.last_class))
              << "  " << api::utc_timestamp(row.accepted_at_ms) << "  "
              << one_line(row.last_error, 120) << "\n";
  }
  return kExitOk;
}

int show(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "tenant"}, {"help", "json"});
  if (cli.flag("help")) return std::cout << kShowHelp, kExitOk;
  if (cli.positional().size() != 1) throw UsageError("show needs exactly one EVENT_ID");
  auto outbox = open_store(cli);
  const std::string& id = cli.positional()[0];
  auto row = find_event(*outbox, cli, id);
  if (!row) {
    std::cerr << "erpbridge dlq show: no event " << id << "\n";
    return kExitError;
  }
  json::object doc = api::event_status_json(*row);
  std::error_code ec;
  auto payload = json::parse(row->payload, ec);
  doc["payload"] = ec ? json::value(row->payload) : payload;
  if (cli.flag("json")) {
    std::cout << json::serialize(doc) << "\n";
    return kExitOk;
  }
  for (const char* key : {"tenant", "event_id", "event_type", "state", "attempts", "last_class",
                          "last_error", "erp_id", "accepted_at", "updated_at"}) {
    const json::value& v = doc.at(key);
    std::cout << key << ": " << (v.is_string() ? std::string(v.as_string()) : json::serialize(v))
              << "\n";
  }
  if (doc.contains("result")) std::cout << "result: " << json::serialize(doc.at("result")) << "\n";
  std::cout << "payload: " << json::serialize(doc.at("payload")) << "\n";
  return kExitOk;
}

int replay(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "tenant"}, {"help", "json", "all"});
  if (cli.flag("help")) return std::cout << kReplayHelp, kExitOk;
  if (cli.flag("all") == !cli.positional().empty())
    throw UsageError("replay needs EVENT_IDs or --all (not both)");
  auto outbox = open_store(cli);
  std::vector<store::OutboxEvent> targets;
  int exit_code = kExitOk;
  if (cli.flag("all")) {
    targets = outbox->dead_letters().list(cli.value("tenant").value_or(""), kAll);
  } else {
    for (const auto& id : cli.positional()) {
      auto row = find_event(*outbox, cli, id);
      if (!row || row->state != store::EventState::dead) {
        std::cerr << "erpbridge dlq replay: " << id
                  << (row ? " is " + std::string(store::to_string(row->state)) +
                                ", not a dead letter"
                          : " is not a known dead letter")
                  << "\n";
        exit_code = kExitError;
        continue;
      }
      targets.push_back(std::move(*row));
    }
  }
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  json::array replayed;
  for (const auto& row : targets) {
    if (!outbox->dead_letters().replay(row.tenant, row.event_id, now_ms)) {
      std::cerr << "erpbridge dlq replay: " << row.event_id << " is no longer a dead letter\n";
      exit_code = kExitError;
      continue;
    }
    replayed.push_back(json::object{{"tenant", row.tenant}, {"event_id", row.event_id}});
    if (!cli.flag("json"))
      std::cout << "replayed " << row.tenant << " " << row.event_id << " (queued)\n";
  }
  if (cli.flag("json")) std::cout << json::serialize(json::object{{"replayed", replayed}}) << "\n";
  return exit_code;
}

int resolve(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "tenant", "erp-id"}, {"help", "json"});
  if (cli.flag("help")) return std::cout << kResolveHelp, kExitOk;
  if (cli.positional().size() != 1) throw UsageError("resolve needs exactly one EVENT_ID");
  const std::string erp_id = cli.required("erp-id");
  if (erp_id.empty()) throw UsageError("--erp-id must not be empty");
  auto outbox = open_store(cli);
  const std::string& id = cli.positional()[0];
  auto row = find_event(*outbox, cli, id);
  if (!row || row->state != store::EventState::dead) {
    std::cerr << "erpbridge dlq resolve: " << id
              << (row ? " is " + std::string(store::to_string(row->state)) + ", not a dead letter"
                      : " is not a known dead letter")
              << "\n";
    return kExitError;
  }
  events::ValidationError error;
  auto event = events::parse_event(row->payload, error);
  if (!event) {
    std::cerr << "erpbridge dlq resolve: the stored event " << id
              << " no longer parses: " << error.path << " " << error.message << "\n";
    return kExitError;
  }
  DeliveryResult result;
  result.erp_id = erp_id;
  result.success = true;
  result.message = "resolved by hand with ERP id " + erp_id;
  if (!outbox->dead_letters().resolve(row->tenant, row->event_id, erp_id,
                                      pipeline::ids_created_by(*event, result),
                                      pipeline::result_json_text(result))) {
    std::cerr << "erpbridge dlq resolve: " << id << " is no longer a dead letter\n";
    return kExitError;
  }
  if (cli.flag("json")) {
    std::cout << json::serialize(
                     api::event_status_json(*outbox->status().find(row->tenant, row->event_id)))
              << "\n";
  } else {
    std::cout << "resolved " << row->tenant << " " << row->event_id << " (delivered, erp_id "
              << erp_id << ")\n";
  }
  return kExitOk;
}

}  // namespace

int run_dlq(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "list") return list(rest);
  if (args[0] == "show") return show(rest);
  if (args[0] == "replay") return replay(rest);
  if (args[0] == "resolve") return resolve(rest);
  throw UsageError("unknown dlq action '" + args[0] + "'; expected list, show, replay or resolve");
}

}  // namespace erpbridge::app
