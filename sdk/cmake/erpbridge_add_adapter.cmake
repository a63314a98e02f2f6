# erpbridge_add_adapter(<target> SOURCES <files...> [OUTPUT_DIRECTORY <dir>])
# Builds an adapter as a shared library the erpbridge host can load: C++20, hidden symbols
# (only the entry point is exported), no "lib" prefix, linked to the SDK.
function(erpbridge_add_adapter target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET erpbridge::sdk)
    target_link_libraries(${target} PRIVATE erpbridge::sdk)
  else()
    target_link_libraries(${target} PRIVATE erpbridge_sdk)
  endif()
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Refuse undefined symbols at link time: a plugin links no host symbols.
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  endif()
endfunction()
