// Exit codes of the erpbridge CLI, documented in docs/cli.md. Scripts branch on them, so they
// never change meaning.
#pragma once

#include "common/delivery_result.hpp"

namespace erpbridge::app {

enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,      // config, store or plugin error; the message says which
  kExitUsage = 2,      // bad command line or unreadable/invalid input file
  kExitInvalid = 3,    // the event is invalid (ResultClass::invalid)
  kExitRetryable = 4,  // the ERP can be retried later
  kExitPermanent = 5,  // the ERP refused the event
  kExitInDoubt = 6,    // the outcome is unknown
  kExitWaiting = 7,    // the event's parent has no ERP id yet
};

inline int exit_code_for(ResultClass c) {
  switch (c) {
    case ResultClass::ok:
      return kExitOk;
    case ResultClass::invalid:
      return kExitInvalid;
    case ResultClass::retryable:
      return kExitRetryable;
    case ResultClass::permanent:
      return kExitPermanent;
    case ResultClass::in_doubt:
      return kExitInDoubt;
  }
  return kExitError;
}

}  // namespace erpbridge::app
