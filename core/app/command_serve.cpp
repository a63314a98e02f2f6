// erpbridge serve: the long-running service. Accepts events over HTTP (core/api), stores them
// durably and delivers them (core/service). Signals are taken synchronously on the main thread
// (sigwait), so nothing happens inside a signal handler:
//   SIGTERM, SIGINT  drain: stop accepting, answer requests in progress, let deliveries in
//                    flight finish; queued events stay in the store for the next start
//   SIGHUP           reload the host file, tenant files, plugins and TLS certificates; on
//                    error keep the old
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <iostream>

#include "api/http_server.hpp"
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "common/log.hpp"
#include "config/host_config.hpp"
#include "service/event_service.hpp"
#include "store/store_lock.hpp"

namespace erpbridge::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: erpbridge serve --config FILE [--plugin-dir DIR] [--drain-timeout-s N]

Runs the HTTP service Commerceup calls (docs/http-api.yaml): the Commerceup facade
(/createcustomer, /createorder, /cancelorder, /returnorder), the native /v1/events API, dead
letters and operations endpoints. Events are stored in the host config's store before they are
acknowledged and delivered to each tenant's ERP in the background. For tenants with a
`commerceup:` section it also takes stock and order status from the ERP (pushed to
/v1/erp/inventory and /v1/erp/order-status, or pulled through the adapter) and writes them
back to Commerceup (docs/sync-back.md).

Plain HTTP unless the host config has server.tls (HTTPS, TLS 1.2+; with client_ca, client
certificates are required); a reload re-reads the certificate files.

Prints "listening on HOST:PORT" on stdout once the port is bound (with server.listen port 0,
the port the OS chose). Logs go to stderr.

Signals:
  SIGTERM, SIGINT  drain and exit 0: stop accepting, finish requests and deliveries in
                   progress (at most --drain-timeout-s, default 25), keep the rest queued
  SIGHUP           reload config, tenants and plugins; on any error the old config keeps
                   running and the error is logged (same as POST /v1/admin/reload)

A SQLite store serves one host: serve holds a lock on it (the file STORE.lock) while it
runs, and a second serve on the same store exits 1 naming the process that holds it, unless
store.lock_wait_ms lets it wait for that process to finish draining.

Exit codes: 0 stopped by a signal, 1 config/store/bind error (or the store is in use), 2 usage.
See docs/operations.md.
)";

sigset_t service_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

std::chrono::seconds drain_timeout(const CliArgs& cli) {
  auto text = cli.value("drain-timeout-s");
  if (!text) return std::chrono::seconds(25);
  try {
    std::size_t used = 0;
    const long seconds = std::stol(*text, &used);
    if (used == text->size() && seconds >= 0 && seconds <= 3600)
      return std::chrono::seconds(seconds);
  } catch (const std::exception&) {
  }
  throw UsageError("--drain-timeout-s expects whole seconds from 0 to 3600");
}

// Blocks until SIGTERM or SIGINT; reloads on SIGHUP meanwhile.
int wait_for_stop(const sigset_t& signals, api::ApiServer& server) {
  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number != SIGHUP) return signal_number;
    // The service logs the outcome ("config reload done/failed ...").
    log_line(LogLevel::info, "serve: SIGHUP, reloading");
    server.reload();
  }
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "plugin-dir", "drain-timeout-s"}, {"help"});
  if (cli.flag("help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (!cli.positional().empty()) throw UsageError("serve takes no positional arguments");
  const auto grace = drain_timeout(cli);

  // Blocked before any thread starts, so every thread inherits the mask and only sigwait
  // below ever sees these signals.
  const sigset_t signals = service_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  service::ServiceOptions options;
  options.host_file = cli.required("config");
  options.plugin_dir_override = cli.value("plugin-dir").value_or("");
  // Before the service recovers in-flight rows: those rows belong to a live host while another
  // process holds the lock, and to a dead one once the kernel has released it.
  const auto host = config::load_host_config(options.host_file);
  if (host.store_lock_wait.count() > 0) {
    log_line(LogLevel::info, "serve: waiting up to " +
                                 std::to_string(host.store_lock_wait.count()) +
                                 " ms for the store lock");
  }
  const auto store_lock =
      store::StoreLock::acquire(host.store_path, "erpbridge serve", host.store_lock_wait);
  service::EventService service(options);
  // Server settings are read once: a reload does not rebind or resize the server.
  set_log_threshold(parse_log_level(service.runtime()->host.log_level));
  set_log_format(parse_log_format(service.runtime()->host.log_format));
  api::ApiServer server(service, service.runtime()->host.server);

  std::cout << "listening on " << server.address() << std::endl;
  log_line(LogLevel::info, "serve: listening on " + server.address() + " with " +
                               std::to_string(service.runtime()->tenants.size()) + " tenant(s)");

  const int stop_signal = wait_for_stop(signals, server);
  log_line(LogLevel::info,
           std::string("serve: ") + (stop_signal == SIGINT ? "SIGINT" : "SIGTERM") + ", draining");
  // One budget for both steps, counted from the signal. Requests in progress are answered
  // first (a facade call may wait up to server.request_timeout_ms), then deliveries in flight
  // get what is left; whatever is still running after that is in doubt at the next start.
  const auto deadline = std::chrono::steady_clock::now() + grace;
  server.stop(std::chrono::duration_cast<std::chrono::milliseconds>(grace));
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  service.drain(std::max(left, std::chrono::milliseconds(0)));
  log_line(LogLevel::info, "serve: stopped; events not yet delivered stay queued in the store");
  return kExitOk;
}

}  // namespace erpbridge::app
