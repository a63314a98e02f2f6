// `erpbridge check-config` as an operator runs it on a new deployment: every reference of a
// file that does not resolve is listed in one run, not only the first.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <vector>

#include "support/child_process.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CheckConfig, ListsEveryUnresolvedReferenceOfATenantFile) {
  TempDir dir;
  fs::create_directories(dir.path() / "tenants");
  const fs::path tenant = dir.write("tenants/t.yaml", R"(tenant: t1
inbound:
  - type: bearer
    token: ${env:ERPB_CHECK_UNSET_INBOUND}
connector: rest
connection:
  base_url: http://127.0.0.1:${env:ERPB_CHECK_UNSET_PORT}
  auth: { type: bearer, token: "${file:absent_token}" }
settings:
  format: json
)");
  const fs::path host = dir.write(
      "erpbridge.yaml",
      "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
          "\ntenants_dir: tenants\nstore:\n  path: " + (dir.path() / "store.db").string() + "\n");

  const RunResult r =
      run_command({ERPBRIDGE_BINARY, "check-config", "--config", host.string()}, {});

  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0], tenant.string() +
                          ":4: inbound[0].token: environment variable ERPB_CHECK_UNSET_INBOUND "
                          "is not set");
  EXPECT_EQ(lines[1], tenant.string() +
                          ":7: connection.base_url: environment variable ERPB_CHECK_UNSET_PORT is "
                          "not set");
  EXPECT_EQ(
      lines[2].rfind(tenant.string() + ":8: connection.auth.token: cannot read secret file ", 0),
      0u)
      << lines[2];
  EXPECT_EQ(lines[3], "3 error(s)");
}

TEST(CheckConfig, ListSettingsPrintsWhatEachBundledPluginDeclares) {
  TempDir dir;
  fs::create_directories(dir.path() / "tenants");
  const fs::path host = dir.write(
      "erpbridge.yaml",
      "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
          "\ntenants_dir: tenants\nstore:\n  path: " + (dir.path() / "store.db").string() + "\n");

  const RunResult r = run_command(
      {ERPBRIDGE_BINARY, "check-config", "--config", host.string(), "--list-settings"}, {});

  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  auto has = [&](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  EXPECT_TRUE(has("tryton:")) << r.out;
  EXPECT_TRUE(
      has("  database  string, required  the Tryton database (1-64 of A-Z a-z 0-9 _ - .); "
          "the JSON-RPC path"))
      << r.out;
  EXPECT_TRUE(has("sap_xml:")) << r.out;
  EXPECT_TRUE(
      has("  overflow  string, default \"truncate\"  a value longer than its SAP field: "
          "truncate it, or refuse the event"))
      << r.out;
  EXPECT_TRUE(has("rest:")) << r.out;
  EXPECT_TRUE(
      has("  events  mapping  per event type: the request to send and how to read its "
          "reply"))
      << r.out;
  // Nested mappings list their own keys by dotted path; a mapping keyed by free names (event
  // types, feeds) shows where such a name goes in angle brackets.
  EXPECT_TRUE(
      has("  events.<event type>.lookup.id  string  JSON pointer or XPath of the found "
          "document's id"))
      << r.out;
  EXPECT_TRUE(
      has("  events.<event type>.line_ids.our  string, required  our line id, relative "
          "to a line"))
      << r.out;
  EXPECT_TRUE(has("  limits.memory_kb  integer  memory one connector's Lua state may use, in KiB"))
      << r.out;
  EXPECT_TRUE(
      has("  pull.<feed>.changes  string, required  Lua mapping: the ERP's reply -> "
          "changes, a cursor and `more`"))
      << r.out;
  EXPECT_TRUE(has("  push.<kind>.format  string  json or xml, over the top-level format")) << r.out;
  EXPECT_TRUE(has("  control.mandt  string, required  SAP client (MANDT)")) << r.out;
  EXPECT_TRUE(
      has("  messages.<event type>.mestyp  string  logical message type (DEBMAS, ORDERS, "
          "ORDCHG)"))
      << r.out;
  EXPECT_TRUE(has("  sales_area.sales_organization  string, required  VKORG")) << r.out;
  EXPECT_TRUE(
      has("  pull.stock_quantity  string, default \"forecast\"  quantity (done moves) or "
          "forecast (also planned moves)"))
      << r.out;
  EXPECT_TRUE(
      has("  workflow.confirm  boolean, default true  then confirm and process it "
          "(creates its invoice and shipment); needs quote"))
      << r.out;
}

}  // namespace
}  // namespace erpbridge::testing
