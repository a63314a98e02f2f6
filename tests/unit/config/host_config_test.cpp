#include "config/host_config.hpp"

#include <gtest/gtest.h>

#include "config/config_error.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::ScopedEnv;
using testing::TempDir;

TEST(HostConfig, LoadsEveryKeyOfTheHostFile) {
  TempDir dir;
  const auto file = dir.write("erpbridge.yaml", R"(plugin_dir: /opt/erpbridge/plugins
tenants_dir: /etc/erpbridge/tenants
store:
  path: /var/lib/erpbridge/erpbridge.db
server:
  listen: 0.0.0.0:9090
  threads: 4
  io_threads: 2
  max_queued_requests: 64
  max_connections: 500
  max_body_bytes: 65536
  keep_alive_timeout_ms: 5000
  request_timeout_ms: 10000
log_level: debug
)");
  const HostConfig c = load_host_config(file);
  EXPECT_EQ(c.file, file);
  EXPECT_EQ(c.plugin_dir, "/opt/erpbridge/plugins");
  EXPECT_EQ(c.tenants_dir, "/etc/erpbridge/tenants");
  EXPECT_EQ(c.store_path, "/var/lib/erpbridge/erpbridge.db");
  EXPECT_EQ(c.server.listen_address, "0.0.0.0:9090");
  EXPECT_EQ(c.server.threads, 4u);
  EXPECT_EQ(c.server.io_threads, 2u);
  EXPECT_EQ(c.server.max_queued_requests, 64u);
  EXPECT_EQ(c.server.max_connections, 500u);
  EXPECT_EQ(c.server.max_body_bytes, 65536u);
  EXPECT_EQ(c.server.keep_alive_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(c.server.request_timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(c.log_level, "debug");
}

TEST(HostConfig, RelativePathsResolveAgainstTheYamlFilesFolder) {
  TempDir dir;
  const auto file = dir.write("config/erpbridge.yaml", R"(plugin_dir: ../build/debug/plugins
tenants_dir: tenants
store: { path: ../var/erpbridge.db }
)");
  const HostConfig c = load_host_config(file);
  EXPECT_EQ(c.plugin_dir, dir.path() / "build/debug/plugins");
  EXPECT_EQ(c.tenants_dir, dir.path() / "config/tenants");
  EXPECT_EQ(c.store_path, dir.path() / "var/erpbridge.db");
}

TEST(HostConfig, OmittedServerAndLogLevelTakeTheDefaults) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\n");
  const HostConfig c = load_host_config(file);
  const ServerSettings defaults;
  EXPECT_EQ(c.server.listen_address, "127.0.0.1:8080");
  EXPECT_EQ(c.server.threads, defaults.threads);
  EXPECT_EQ(c.server.max_body_bytes, defaults.max_body_bytes);
  EXPECT_EQ(c.server.keep_alive_timeout, defaults.keep_alive_timeout);
  EXPECT_EQ(c.server.request_timeout, defaults.request_timeout);
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.log_format, "text");
}

TEST(HostConfig, PluginDirCanBeOverriddenFromTheEnvironment) {
  TempDir dir;
  const auto file = dir.write("h.yaml", R"(plugin_dir: ${env:ERPB_TEST_PLUGIN_DIR:-plugins}
tenants_dir: t
store: {path: s.db}
)");
  {
    ScopedEnv unset("ERPB_TEST_PLUGIN_DIR", std::nullopt);
    EXPECT_EQ(load_host_config(file).plugin_dir, dir.path() / "plugins");
  }
  ScopedEnv set("ERPB_TEST_PLUGIN_DIR", "/usr/lib/erpbridge/plugins");
  EXPECT_EQ(load_host_config(file).plugin_dir, "/usr/lib/erpbridge/plugins");
}

TEST(HostConfig, TheCommittedDemoConfigPointsIntoTheDebugBuild) {
  const std::filesystem::path file =
      std::filesystem::path(ERPBRIDGE_SOURCE_DIR) / "config/erpbridge.yaml";
  ScopedEnv unset("ERPBRIDGE_PLUGIN_DIR", std::nullopt);
  ScopedEnv token("ERPBRIDGE_ADMIN_TOKEN", "admin-token-from-env");
  const HostConfig c = load_host_config(file);
  EXPECT_EQ(c.admin.token.reveal(), "admin-token-from-env");
  const std::filesystem::path root =
      std::filesystem::absolute(ERPBRIDGE_SOURCE_DIR).lexically_normal();
  EXPECT_EQ(c.plugin_dir, root / "build/debug/plugins");
  EXPECT_EQ(c.tenants_dir, root / "config/tenants");
  EXPECT_EQ(c.store_path, root / "var/erpbridge.db");
  EXPECT_EQ(c.server.listen_address, "127.0.0.1:8080");
}

TEST(HostConfigErrors, MissingRequiredKeyIsReportedAtTheMapThatLacksIt) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore:\n  pth: x\n");
  // `pth` is unknown before `path` is found missing: the typo is the more useful message.
  ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "store.pth");
  EXPECT_NE(e.problem().find("did you mean 'path'"), std::string::npos) << e.what();

  const auto no_store = dir.write("h2.yaml", "plugin_dir: p\ntenants_dir: t\n");
  e = config_error_from([&] { load_host_config(no_store); });
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.key(), "store");
  EXPECT_NE(e.problem().find("missing"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, UnknownServerKeyNamesItsDottedPathAndLine) {
  TempDir dir;
  const auto file = dir.write("h.yaml", R"(plugin_dir: p
tenants_dir: t
store: {path: s.db}
server:
  listen: 127.0.0.1:8080
  thread: 4
)");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "server.thread");
  EXPECT_NE(e.problem().find("did you mean 'threads'"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, NonNumericThreadsIsAWrongTypeError) {
  TempDir dir;
  const auto file = dir.write("h.yaml", R"(plugin_dir: p
tenants_dir: t
store: {path: s.db}
server:
  threads: many
)");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "server.threads");
  EXPECT_NE(e.problem().find("'many'"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, NegativeTimeoutIsRejected) {
  TempDir dir;
  const auto file = dir.write("h.yaml", R"(plugin_dir: p
tenants_dir: t
store: {path: s.db}
server: {request_timeout_ms: -5}
)");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "server.request_timeout_ms");
  EXPECT_NE(e.problem().find("negative"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, UnknownLogLevelListsTheValidOnes) {
  TempDir dir;
  const auto file =
      dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\nlog_level: loud\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "log_level");
  EXPECT_NE(e.problem().find("debug, info, warn or error"), std::string::npos) << e.what();
}

TEST(HostConfig, LogFormatJsonIsRead) {
  TempDir dir;
  const auto file =
      dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\nlog_format: json\n");
  EXPECT_EQ(load_host_config(file).log_format, "json");
}

TEST(HostConfigErrors, UnknownLogFormatListsTheValidOnes) {
  TempDir dir;
  const auto file =
      dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\nlog_format: xml\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.key(), "log_format");
  EXPECT_NE(e.problem().find("text or json"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, ListenWithoutPortIsRejected) {
  TempDir dir;
  for (const char* listen : {"localhost", "127.0.0.1:99999", "[::1]", ":8080", "::1:80"}) {
    SCOPED_TRACE(listen);
    const auto file = dir.write("h.yaml", std::string("plugin_dir: p\ntenants_dir: t\nstore: "
                                                      "{path: s.db}\nserver:\n  listen: \"") +
                                              listen + "\"\n");
    const ConfigError e = config_error_from([&] { load_host_config(file); });
    EXPECT_EQ(e.line(), 5);
    EXPECT_EQ(e.key(), "server.listen");
  }
}

TEST(HostConfigErrors, EmptyPathIsRejected) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: ''\ntenants_dir: t\nstore: {path: s.db}\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.key(), "plugin_dir");
}

TEST(HostConfigErrors, UnreadableFileIsNamedWithLineZero) {
  TempDir dir;
  const auto file = dir.path() / "absent.yaml";
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.key(), "");
  EXPECT_NE(e.problem().find("cannot read"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, YamlSyntaxErrorReportsTheParsersLine) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\n  store: x\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "");
  EXPECT_NE(e.problem().find("YAML syntax error"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, TopLevelListIsRejected) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "- plugin_dir: p\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 1);
  EXPECT_NE(e.problem().find("top level must be a map"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, EmptyFileIsRejected) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "# nothing here\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 1);
  EXPECT_NE(e.problem().find("no settings"), std::string::npos) << e.what();
}

TEST(HostConfigErrors, SecondYamlDocumentIsRejectedAtItsLine) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\n---\ntenants_dir: t\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "");
  EXPECT_NE(e.problem().find("second YAML document"), std::string::npos) << e.what();
}

// yaml-cpp 0.7's LoadAll loops forever on this (jbeder/yaml-cpp#1040); found by config_fuzz.
TEST(HostConfigErrors, StrayCommaIsAnErrorNotAnEndlessLoop) {
  TempDir dir;
  const auto file = dir.write("h.yaml", ",!a b#\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.key(), "");
}

// Content after a document end marker is a second document, as after `---`.
TEST(HostConfigErrors, SettingsAfterADocumentEndMarkerAreASecondDocument) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\n...\ntenants_dir: t\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(e.problem().find("second YAML document"), std::string::npos) << e.what();
}

// An indented top-level map ends at the first line indented less; what follows is not part
// of it and must not be dropped silently.
TEST(HostConfigErrors, LessIndentedLineAfterAnIndentedTopLevelMapIsNotIgnored) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "  plugin_dir: p\ntenants_dir: t\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 2);
}

}  // namespace
}  // namespace erpbridge::config
