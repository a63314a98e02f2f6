// erpbridge send: deliver event files, in order, to one tenant's ERP and print each result as
// JSON.
#include <boost/json/serialize.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/host_setup.hpp"
#include "config/config_error.hpp"
#include "pipeline/event_dispatcher.hpp"
#include "pipeline/result_json.hpp"
#include "pipeline/tenant_connectors.hpp"
#include "service/store_config.hpp"
#include "store/store.hpp"
#include "store/store_lock.hpp"

namespace erpbridge::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: erpbridge send --config FILE --tenant TENANT [--plugin-dir DIR] EVENT.json...

Delivers Commerceup events (envelopes such as tests/samples/*.json) to the ERP of TENANT, one
after the other in the order given, and prints each result as one line of JSON: class (ok,
invalid, retryable, permanent, in_doubt), the ERP id or success flag, and the ERP's status
and reply excerpt on failure. ERP ids land in the id map of the store named in the host
config, so later events (in this run or a later one) can refer to them. Every file is read and
checked before anything is sent; the first event that is not ok ends the run, and the exit
code is its own. An in-doubt result is reported, not looked up: the ERP may have applied it.

It refuses to run (exit 1) while another process, such as a running `erpbridge serve`, holds
the store: deliver through that host's POST /v1/events instead.

A cancel or return is first checked against the store's order ledger: one that names a line
the order does not have, or moves more of a line than is left, is invalid and not sent; one
applied already (the same cancellation or return id) is answered ok and not sent again.

Exit codes: 0 every event ok, 1 config/store error or store in use, 2 usage, 3 invalid,
4 retryable, 5 permanent, 6 in doubt, 7 waiting for a parent (e.g. the order's customer has no
ERP id yet).
)";

int print_failure(ResultClass cls, const std::string& message, int exit_code) {
  boost::json::object out;
  out["class"] = to_string(cls);
  out["message"] = message;
  std::cout << boost::json::serialize(out) << "\n";
  return exit_code;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int run_send(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "tenant", "plugin-dir"}, {"help"});
  if (cli.flag("help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (cli.positional().empty()) throw UsageError("send needs at least one EVENT.json file");
  const std::string tenant_id = cli.required("tenant");

  std::vector<events::Event> events;
  for (const std::string& event_file : cli.positional()) {
    auto text = read_file(event_file);
    if (!text) {
      std::cerr << "erpbridge send: cannot read " << event_file << "\n";
      return kExitUsage;
    }
    events::ValidationError verror;
    auto event = events::parse_event(*text, verror);
    if (!event) {
      std::string where = verror.path.empty() ? "" : verror.path + ": ";
      return print_failure(ResultClass::invalid, event_file + ": " + where + verror.message,
                           kExitInvalid);
    }
    if (event->project_hash != tenant_id)
      return print_failure(
          ResultClass::invalid,
          "project_hash '" + event->project_hash + "' does not match tenant '" + tenant_id + "'",
          kExitInvalid);
    events.push_back(std::move(*event));
  }

  auto setup = load_host_setup(cli.required("config"), cli.value("plugin-dir").value_or(""));
  const auto* tenant = setup.find_tenant(tenant_id);
  if (!tenant) {
    std::cerr << "erpbridge send: no tenant '" << tenant_id << "' in "
              << setup.host.tenants_dir.string() << "\n";
    return kExitError;
  }
  // The store's lock, as serve holds it: a send beside a running host could deliver an event
  // the host is delivering too, so it is refused; the host takes the event on /v1/events.
  std::optional<store::StoreLock> store_lock;
  try {
    store_lock = store::StoreLock::acquire(setup.host.store_path, "erpbridge send",
                                           std::chrono::milliseconds(0));
  } catch (const store::StoreHeldError& e) {
    std::cerr << "erpbridge send: " << e.what()
              << ". While erpbridge serve runs, post the event to its POST /v1/events instead\n";
    return kExitError;
  } catch (const store::StoreLockError& e) {
    std::cerr << "erpbridge send: " << e.what() << "\n";
    return kExitError;
  }
  auto connector = pipeline::make_connector(*tenant, setup.plugins);
  auto store = store::open_store(service::store_config(setup.host));
  pipeline::EventDispatcher dispatcher(store->ids(), store->ledger());
  // One connector for the whole run: its pooled connection to the ERP carries the next event.
  for (const events::Event& event : events) {
    auto outcome =
        dispatcher.dispatch(event, tenant->id, *connector, 1, tenant->id + ":" + event.event_id);

    auto json = pipeline::result_to_json(outcome.result);
    json["tenant"] = tenant->id;
    json["event_id"] = event.event_id;
    json["event_type"] = events::to_string(event.type);
    if (outcome.waiting_for) {
      json["class"] = "waiting";
      json["waiting_for"] = *outcome.waiting_for;
    }
    std::cout << boost::json::serialize(json) << std::endl;
    if (outcome.waiting_for) return kExitWaiting;
    if (!outcome.result.ok()) return exit_code_for(outcome.result.result_class);
  }
  return kExitOk;
}

}  // namespace erpbridge::app
