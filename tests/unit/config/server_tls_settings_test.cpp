// server.tls in the host file: plain HTTP without it, paths read relative to the file, and a
// missing certificate file reported with its line (so check-config names it before a start).
#include <gtest/gtest.h>

#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::TempDir;

constexpr const char* kHead = "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\nserver:\n";

TEST(HostConfigServerTls, AbsentMeansPlainHttp) {
  TempDir dir;
  EXPECT_FALSE(
      load_host_config(dir.write("h.yaml", kHead + std::string("  threads: 2\n"))).server.tls);
}

TEST(HostConfigServerTls, FilesResolveAgainstTheHostFilesFolder) {
  TempDir dir;
  dir.write("tls/cert.pem", "x");
  dir.write("tls/key.pem", "x");
  dir.write("tls/ca.pem", "x");
  const auto file = dir.write("h.yaml", kHead + std::string("  tls:\n    cert: tls/cert.pem\n"
                                                            "    key: tls/key.pem\n"
                                                            "    client_ca: tls/ca.pem\n"));
  const auto tls = load_host_config(file).server.tls;
  ASSERT_TRUE(tls);
  EXPECT_EQ(tls->cert, dir.path() / "tls/cert.pem");
  EXPECT_EQ(tls->key, dir.path() / "tls/key.pem");
  EXPECT_EQ(tls->client_ca, dir.path() / "tls/ca.pem");
}

TEST(HostConfigServerTls, WithoutClientCaNoClientCertificateIsAsked) {
  TempDir dir;
  dir.write("cert.pem", "x");
  dir.write("key.pem", "x");
  const auto file =
      dir.write("h.yaml", kHead + std::string("  tls:\n    cert: cert.pem\n    key: key.pem\n"));
  EXPECT_TRUE(load_host_config(file).server.tls->client_ca.empty());
}

TEST(HostConfigServerTls, AMissingKeyFileNamesItsLineAndKey) {
  TempDir dir;
  dir.write("cert.pem", "x");
  const auto file =
      dir.write("h.yaml", kHead + std::string("  tls:\n    cert: cert.pem\n    key: gone.pem\n"));
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "server.tls.key");
}

TEST(HostConfigServerTls, AnUnknownKeyIsRefused) {
  TempDir dir;
  dir.write("cert.pem", "x");
  dir.write("key.pem", "x");
  const auto file =
      dir.write("h.yaml", kHead + std::string("  tls:\n    cert: cert.pem\n    key: key.pem\n"
                                              "    min_version: \"1.0\"\n"));
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 8);
}

}  // namespace
}  // namespace erpbridge::config
