include(CMakeFindDependencyMacro)
find_dependency(Boost 1.81.0 EXACT CONFIG COMPONENTS json)
include(${CMAKE_CURRENT_LIST_DIR}/erpbridge_sdk_targets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/erpbridge_add_adapter.cmake)
