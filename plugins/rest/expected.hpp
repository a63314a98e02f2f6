// The REST adapter's request path reports failures as values (DESIGN.md principle 8) with the
// SDK's Expected<T>; exceptions are kept for settings validation.
#pragma once

#include <erpbridge/expected.hpp>

namespace erpbridge::rest {

using sdk::Expected;
using sdk::Failure;

}  // namespace erpbridge::rest
