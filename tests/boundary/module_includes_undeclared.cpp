// Must NOT compile: linked against erpbridge_events only, so config/ is not on the include path
// (tests/boundary/CMakeLists.txt). Before each core folder exported only its own root, any
// folder could include any other's headers without declaring the dependency.
#include "config/host_config.hpp"
#include "events/event.hpp"
