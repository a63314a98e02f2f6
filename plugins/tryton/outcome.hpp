// The Tryton adapter reports every failure on the request path as a value carrying its result
// class (DESIGN.md principle 8): the SDK's Expected<T> and Failure (class, message, HTTP status,
// Retry-After, excerpt). Exceptions are kept for settings validation.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/expected.hpp>

namespace erpbridge::tryton {

using sdk::Done;
using sdk::Expected;
using sdk::Failure;
using sdk::invalid;
using sdk::permanent;
using sdk::ResultClass;

}  // namespace erpbridge::tryton
