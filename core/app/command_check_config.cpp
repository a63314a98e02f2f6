// erpbridge check-config: load the host file, every tenant file and each connector's settings,
// report every error (not only the first) and exit non-zero if there was one.
#include <boost/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config/tenant_config.hpp"
#include "config/unresolved_references.hpp"
#include "pipeline/tenant_connectors.hpp"

namespace erpbridge::app {

namespace {

constexpr const char* kHelp = R"(Usage: erpbridge check-config --config FILE [--plugin-dir DIR]
       erpbridge check-config --config FILE [--plugin-dir DIR] --list-settings

Validates the host config, every tenant file in its tenants directory, and each tenant's
connector settings (by creating the connector, without contacting any ERP). Prints one
line per problem as FILE:LINE: KEY: PROBLEM and exits 1 if there is any.

With --list-settings it validates nothing and prints, for each plugin in the plugin
directory, the settings its connectors take, as the plugin declares them (ABI 1.3), nested
ones by their dotted path (events.<event type>.path).
)";

// One line per declared setting, nested ones by their dotted path:
// "  events.<event type>.lookup.path  string, required  description". A mapping whose keys are
// free names (`"each": true`) puts its "each_name" in angle brackets where such a key goes.
void print_settings(const boost::json::array& settings, const std::string& prefix) {
  for (const auto& entry : settings) {
    if (!entry.is_object()) continue;
    const auto& o = entry.get_object();
    auto text = [&](std::string_view key) {
      const auto* v = o.if_contains(key);
      return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    const std::string path = prefix + text("key");
    std::cout << "  " << path << "  " << text("type");
    if (const auto* r = o.if_contains("required"); r && r->is_bool() && r->get_bool())
      std::cout << ", required";
    if (const auto* d = o.if_contains("default"))
      std::cout << ", default " << boost::json::serialize(*d);
    if (const std::string about = text("description"); !about.empty()) std::cout << "  " << about;
    std::cout << "\n";
    const auto* fields = o.if_contains("settings");
    if (!fields || !fields->is_array()) continue;
    std::string child = path + ".";
    if (const auto* each = o.if_contains("each"); each && each->is_bool() && each->get_bool()) {
      const std::string name = text("each_name");
      child += "<" + (name.empty() ? std::string("name") : name) + ">.";
    }
    print_settings(fields->get_array(), child);
  }
}

void print_settings(const plugin::LoadedPlugin& p) {
  std::cout << p.name() << ":\n";
  const std::string schema = p.settings_schema_json();
  boost::system::error_code ec;
  const boost::json::value settings = boost::json::parse(schema, ec);
  if (schema.empty() || ec || !settings.is_array()) {
    std::cout << "  (the plugin does not declare its settings)\n";
    return;
  }
  print_settings(settings.get_array(), "");
}

std::vector<std::filesystem::path> tenant_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Prints every reference of `file` that does not resolve and returns how many. Loading would
// stop at the first; an operator fixing a new deployment wants the whole list at once.
int report_unresolved_references(const std::filesystem::path& file) {
  const std::vector<config::ConfigError> unresolved = config::unresolved_references(file);
  for (const config::ConfigError& error : unresolved) std::cout << error.what() << "\n";
  return static_cast<int>(unresolved.size());
}

}  // namespace

int run_check_config(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "plugin-dir"}, {"help", "list-settings"});
  if (cli.flag("help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  config::HostConfig host;
  if (const int unresolved = report_unresolved_references(cli.required("config"))) {
    std::cout << unresolved << " error(s)\n";
    return kExitError;
  }
  try {
    host = config::load_host_config(cli.required("config"));
  } catch (const config::ConfigError& e) {
    std::cout << e.what() << "\n";
    return kExitError;
  }
  if (auto d = cli.value("plugin-dir")) host.plugin_dir = *d;
  auto plugins = plugin::PluginRegistry::scan(host.plugin_dir);
  if (cli.flag("list-settings")) {
    for (const auto& p : plugins.plugins()) print_settings(*p);
    return kExitOk;
  }

  if (!std::filesystem::is_directory(host.tenants_dir)) {
    std::cout << host.file.string() << ": tenants_dir: " << host.tenants_dir.string()
              << " is not a directory\n";
    return kExitError;
  }
  int errors = 0;
  std::map<std::string, std::filesystem::path> seen;
  for (const auto& file : tenant_files(host.tenants_dir)) {
    if (const int unresolved = report_unresolved_references(file)) {
      errors += unresolved;
      continue;
    }
    try {
      auto tenant = config::load_tenant_config(file);
      if (auto [it, fresh] = seen.emplace(tenant.id, file); !fresh)
        throw config::ConfigError(
            file.string(), tenant.id_line, "tenant",
            "tenant '" + tenant.id + "' is also defined in " + it->second.string());
      pipeline::make_connector(tenant, plugins);
      std::cout << "ok: tenant " << tenant.id << " (" << file.string() << ") connector "
                << tenant.connector << "\n";
    } catch (const config::ConfigError& e) {
      std::cout << e.what() << "\n";
      ++errors;
    }
  }
  if (seen.empty() && errors == 0)
    std::cout << "warning: no tenant files in " << host.tenants_dir.string() << "\n";
  std::cout << (errors ? std::to_string(errors) + " error(s)" : std::string("config is valid"))
            << "\n";
  return errors ? kExitError : kExitOk;
}

}  // namespace erpbridge::app
