// An EventIntake that forwards to a real one, for tests that need to watch or hold up accepts.
#pragma once

#include "store/roles.hpp"

namespace erpbridge::service::testing {

class ForwardingIntake : public store::EventIntake {
 public:
  explicit ForwardingIntake(store::EventIntake& inner) : inner_(inner) {}

  std::vector<store::AcceptResult> accept(const std::vector<store::NewEvent>& b) override {
    return inner_.accept(b);
  }
  std::vector<store::AcceptResult> accept_with_cursor(const std::vector<store::NewEvent>& b,
                                                      const std::string& t,
                                                      const std::string& cursor) override {
    return inner_.accept_with_cursor(b, t, cursor);
  }

 private:
  store::EventIntake& inner_;
};

}  // namespace erpbridge::service::testing
