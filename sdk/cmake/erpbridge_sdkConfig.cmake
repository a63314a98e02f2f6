include(CMakeFindDependencyMacro)
# Exactly the host's Boost: a plugin's Boost.JSON symbols resolve against the libboost_json the
# host already loaded, so a different version would mix two ABIs in one process. CONFIG: Boost's
# own package files know their dependencies; CMake's FindBoost would warn that it does not.
find_dependency(Boost 1.81.0 EXACT CONFIG COMPONENTS json)
# Only adapters that use <erpbridge/xml.hpp> (erpbridge::sdk_xml) need libxml2; without it the
# rest of the SDK still works.
find_package(LibXml2 QUIET)
include(${CMAKE_CURRENT_LIST_DIR}/erpbridge_sdk_targets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/erpbridge_add_adapter.cmake)
