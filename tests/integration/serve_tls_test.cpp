// `erpbridge serve` with server.tls, checked with a real client (curl) against certificates
// the test makes with the openssl CLI: verification against the test CA, TLS 1.2+ only, client
// certificates when client_ca is set, certificates re-read on reload, and the same timeouts as
// plain HTTP: the handshake and a slow request bound by server.request_timeout_ms, an idle
// connection by server.keep_alive_timeout_ms (a blocking Asio TLS client stalls on purpose).
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include "raw_connection.hpp"
#include "serve_fixture.hpp"
#include "support/child_process.hpp"

namespace erpbridge::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// `name` as found on PATH (run_command does not search it).
std::string on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return name;
}

// A CA, and certificates it signs, in one folder, made with the openssl CLI.
class TestPki {
 public:
  explicit TestPki(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "2", "-subj", "/CN=erpbridge-test-ca", "-keyout", path("ca.key"), "-out",
             path("ca.pem")});
  }

  // `name`.pem and `name`.key, with subject CN=`cn`, valid for 127.0.0.1 and localhost.
  void issue(const std::string& name, const std::string& cn) {
    std::ofstream(dir_ / "san.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
             "/CN=" + cn, "-keyout", path(name + ".key"), "-out", path(name + ".csr")});
    openssl({"x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca.pem"), "-CAkey",
             path("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", path("san.ext"), "-out",
             path(name + ".pem")});
  }

  std::string path(const std::string& file) const { return (dir_ / file).string(); }

 private:
  static void openssl(std::vector<std::string> args) {
    args.insert(args.begin(), on_path("openssl"));
    const RunResult r = run_command(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  fs::path dir_;
};

// A TLS client that stops where a test says: after the handshake, or part-way through a
// request. Blocking; ctest's timeout bounds a server that never answers.
class StalledTlsClient {
 public:
  StalledTlsClient(int port, const std::string& ca)
      : context_(boost::asio::ssl::context::tls_client), stream_(io_, context_) {
    context_.load_verify_file(ca);
    context_.set_verify_mode(boost::asio::ssl::verify_peer);
    stream_.next_layer().connect(
        {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    stream_.handshake(boost::asio::ssl::stream_base::client);
  }
  void send(const std::string& bytes) { boost::asio::write(stream_, boost::asio::buffer(bytes)); }
  // Everything the server sends until it closes the connection.
  std::string read_until_closed() {
    std::string out;
    boost::system::error_code ec;
    boost::asio::read(stream_, boost::asio::dynamic_buffer(out), ec);
    return out;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ssl::context context_;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
};

class ServeTls : public ServeTest {
 protected:
  void start_with_tls(bool client_ca) {
    pki_ = std::make_unique<TestPki>(dir_.path() / "pki");
    pki_->issue("server", "erpbridge-first");
    pki_->issue("client", "commerceup-client");
    ServeSettings tls = settings_;  // SetUp started a plain one
    tls.request_timeout_ms = 1500;
    tls.keep_alive_timeout_ms = 6000;
    tls.tls_yaml = "    cert: " + pki_->path("server.pem") +
                   "\n    key: " + pki_->path("server.key") + "\n" +
                   (client_ca ? "    client_ca: " + pki_->path("ca.pem") + "\n" : "");
    restart_serve(tls);
  }

  // curl on https://127.0.0.1:PORT`target` with `options`; out is the HTTP status.
  RunResult curl(const std::vector<std::string>& options,
                 const std::string& target = "/healthz") const {
    std::vector<std::string> argv{on_path("curl"), "-sS",        "-o", "/dev/null", "-w",
                                  "%{http_code}",  "--max-time", "10"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("https://127.0.0.1:" + std::to_string(port()) + target);
    return run_command(argv);
  }

  std::string ca() const { return pki_->path("ca.pem"); }

  std::unique_ptr<TestPki> pki_;
};

TEST_F(ServeTls, ACurlTrustingTheCaGets200AndOneWithoutItRefusesTheCertificate) {
  start_with_tls(false);
  const RunResult trusted = curl({"--cacert", ca()});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_EQ(trusted.out, "200");
  const RunResult untrusted = curl({});
  EXPECT_EQ(untrusted.exit_code, 60) << untrusted.err;  // CURLE_PEER_FAILED_VERIFICATION
}

TEST_F(ServeTls, AKeptAliveTlsConnectionServesTheNextRequestToo) {
  start_with_tls(false);
  const std::string url = "https://127.0.0.1:" + std::to_string(port()) + "/healthz";
  const RunResult r = curl({"--cacert", ca(), "-v", "-o", "/dev/null", url});  // two URLs
  EXPECT_EQ(r.out, "200200") << r.err;
  EXPECT_NE(r.err.find("Re-using existing connection"), std::string::npos) << r.err;
}

TEST_F(ServeTls, PlainHttpOnTheTlsPortGetsNoHttpReply) {
  start_with_tls(false);
  const RunResult r =
      run_command({on_path("curl"), "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time",
                   "5", "http://127.0.0.1:" + std::to_string(port()) + "/healthz"});
  EXPECT_EQ(r.exit_code, 52) << r.err;  // CURLE_GOT_NOTHING: closed without an HTTP reply
}

TEST_F(ServeTls, Tls12IsAcceptedAndTls11IsRefusedByTheServer) {
  start_with_tls(false);
  const RunResult v12 = curl({"--cacert", ca(), "--tlsv1.2", "--tls-max", "1.2"});
  EXPECT_EQ(v12.exit_code, 0) << v12.err;
  EXPECT_EQ(v12.out, "200");
  // SECLEVEL=0 lets this client offer TLS 1.1, so the refusal is the server's.
  const RunResult v11 = curl({"--cacert", ca(), "--tlsv1.1", "--tls-max", "1.1", "--ciphers",
                              "DEFAULT:@SECLEVEL=0", "-v"});
  EXPECT_EQ(v11.exit_code, 35) << v11.err;  // CURLE_SSL_CONNECT_ERROR
  EXPECT_NE(v11.err.find("alert protocol version"), std::string::npos) << v11.err;
}

TEST_F(ServeTls, WithClientCaAClientWithoutACertificateIsRefusedAndOneWithItGets200) {
  start_with_tls(true);
  const RunResult anonymous = curl({"--cacert", ca()});
  EXPECT_NE(anonymous.exit_code, 0);
  EXPECT_NE(anonymous.out, "200");
  const RunResult with_cert = curl(
      {"--cacert", ca(), "--cert", pki_->path("client.pem"), "--key", pki_->path("client.key")});
  EXPECT_EQ(with_cert.exit_code, 0) << with_cert.err;
  EXPECT_EQ(with_cert.out, "200");
}

TEST_F(ServeTls, AfterTheFilesAreReplacedAndReloadedNewConnectionsSeeTheNewCertificate) {
  start_with_tls(false);
  const RunResult before = curl({"--cacert", ca(), "-v"});
  EXPECT_NE(before.err.find("CN=erpbridge-first"), std::string::npos) << before.err;
  pki_->issue("server", "erpbridge-renewed");  // over the files the host file names
  kill(serve_->pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] {
    return curl({"--cacert", ca(), "-v"}).err.find("CN=erpbridge-renewed") != std::string::npos;
  }));
  // The admin endpoint reloads them too, and says so.
  const RunResult over_http = curl({"--cacert", ca(), "--data", "", "-H",
                                    std::string("Authorization: Bearer ") + creds::kAdminToken},
                                   "/v1/admin/reload");
  EXPECT_EQ(over_http.out, "200") << over_http.err;
}

TEST_F(ServeTls, AReloadWithABrokenCertificateKeepsTheRunningOneAndSaysWhy) {
  start_with_tls(false);
  std::ofstream(pki_->path("server.pem"), std::ios::trunc) << "not a certificate\n";
  const RunResult r = curl({"--cacert", ca(), "--data", "", "-H",
                            std::string("Authorization: Bearer ") + creds::kAdminToken},
                           "/v1/admin/reload");
  EXPECT_EQ(r.out, "422") << r.err;
  const RunResult still = curl({"--cacert", ca(), "-v"});
  EXPECT_EQ(still.out, "200") << still.err;
  EXPECT_NE(still.err.find("CN=erpbridge-first"), std::string::npos) << still.err;
}

TEST_F(ServeTls, AHandshakeThatNeverCompletesIsClosedAtTheRequestTimeout) {
  start_with_tls(false);  // request_timeout_ms 1500, keep_alive_timeout_ms 6000
  RawConnection silent(port());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.closed_within(4000ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1000ms);

  RawConnection stalled(port());  // the first bytes of a ClientHello, then nothing
  ASSERT_TRUE(stalled.send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)));
  EXPECT_TRUE(stalled.closed_within(4000ms));
}

TEST_F(ServeTls, AnIdleTlsConnectionIsClosedAtTheKeepAliveTimeout) {
  start_with_tls(false);  // keep_alive_timeout_ms 6000, request_timeout_ms 1500
  StalledTlsClient idle(port(), ca());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(idle.read_until_closed(), "");
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 5000ms);  // the keep-alive timeout, not the request timeout
  EXPECT_LT(waited, 12000ms);
}

TEST_F(ServeTls, ASlowTlsRequestGets408AtTheRequestTimeout) {
  start_with_tls(false);
  StalledTlsClient slow(port(), ca());
  slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // and never the blank line
  const auto start = std::chrono::steady_clock::now();
  const std::string reply = slow.read_until_closed();
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  EXPECT_NE(reply.find("request_timeout"), std::string::npos) << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5000ms);
}

}  // namespace
}  // namespace erpbridge::testing
