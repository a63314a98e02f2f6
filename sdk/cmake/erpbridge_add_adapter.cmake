# erpbridge_add_adapter(<target> SOURCES <files...> [OUTPUT_DIRECTORY <dir>])
# Builds an adapter as a shared library the erpbridge host can load: C++20, hidden symbols and
# a version script (the entry point is the only exported symbol), no "lib" prefix, linked to
# the SDK.
function(erpbridge_add_adapter target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "erpbridge_add_adapter(${target}): SOURCES is required")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  # Beside this file, in the source tree and in an installed SDK alike.
  set(version_script ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/erpbridge_adapter.map)
  # erpbridge::sdk is the in-tree alias and the installed (exported) name alike.
  target_link_libraries(${target} PRIVATE erpbridge::sdk)
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Refuse undefined symbols at link time: a plugin links no host symbols.
  target_link_options(${target} PRIVATE "LINKER:--no-undefined"
                      "LINKER:--version-script=${version_script}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${version_script})
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  endif()
endfunction()
