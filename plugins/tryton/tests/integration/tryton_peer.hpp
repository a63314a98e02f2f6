// The real Tryton of tests/peers/tryton, started on a free loopback port for one test process,
// and a small JSON-RPC client of its own (Poco; independent of the adapter's code) to read back
// what the adapter did.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace erpbridge::testing {

class TrytonPeer {
 public:
  static constexpr const char* kLogin = "admin";
  static constexpr const char* kPassword = "erpbridge-Tryton-1";  // prepare_database.py

  // Starts the peer; the first run on a machine installs packages and prepares the cached
  // database, so it may take minutes. Throws if the peer does not come up.
  TrytonPeer();
  ~TrytonPeer();

  int port() const { return port_; }
  const std::string& database() const { return database_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // model.<model>.<method> with `params` and the context {"company": 1}; throws on an error.
  boost::json::value call(const std::string& model, const std::string& method,
                          boost::json::array params) const;
  // The same with `context` (it should carry "company") instead of the default one.
  boost::json::value call(const std::string& model, const std::string& method,
                          boost::json::array params, boost::json::object context) const;
  std::vector<boost::json::object> search_read(const std::string& model, boost::json::array domain,
                                               boost::json::array fields) const;
  boost::json::object read(const std::string& model, std::int64_t id,
                           boost::json::array fields) const;
  std::int64_t count(const std::string& model, boost::json::array domain) const;

 private:
  boost::json::value rpc(const std::string& method, boost::json::array params) const;

  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
  std::string database_;
  std::string authorization_;
};

// True when ERPBRIDGE_SKIP_TRYTON=1: the suites against a real Tryton skip (the only way they
// skip; CI runs them).
bool tryton_tests_skipped();

// The id of a Tryton record as an ERP id string ("12") or a JSON value.
std::int64_t as_id(const boost::json::value& v);
std::int64_t as_id(const std::string& erp_id);

// A fixture (deriving from `Base`) whose suite shares one TrytonPeer, which takes seconds to
// start: started before the suite's first test, unless the Tryton suites are skipped, and
// stopped after its last. The fixture's SetUp() still skips each test when they are.
template <typename Base = ::testing::Test>
class WithTrytonPeer : public Base {
 protected:
  static void SetUpTestSuite() {
    if (!tryton_tests_skipped()) peer_ = new TrytonPeer();
  }
  static void TearDownTestSuite() {
    delete peer_;
    peer_ = nullptr;
  }

  static inline TrytonPeer* peer_ = nullptr;
};

}  // namespace erpbridge::testing
