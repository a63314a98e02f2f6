// Must NOT compile: a plugin built with erpbridge_add_adapter() sees sdk/ and nothing of core/,
// so it cannot come to depend on the host's internals (tests/boundary/CMakeLists.txt).
#include "config/host_config.hpp"
