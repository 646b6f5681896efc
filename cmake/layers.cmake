# The layers of src/ as libraries whose allowed calls the compiler enforces (DESIGN.md, "The
# pipeline"; docs/architecture.md draws them).
#
# Each layer is a static library bks_<layer> built from src/<layer>/*.c. It sees:
#   - its own private headers (src/<layer>/, included by bare name), and
#   - the public headers of its own layer and of the layers it links, and no others.
# The public headers all live in include/backstride/ (one place for readers and for installing),
# so the visibility is made per layer: build/layers/<layer>/backstride/ holds links to exactly
# that layer's headers, and that folder is the layer's include directory. A header of a layer that
# is not linked is simply not there: `#include "backstride/store.h"` in src/report/ fails to build.
#
# A dependency is PUBLIC when the layer's headers include the other layer's headers (whoever sees
# this layer must see those too) and PRIVATE when only its .c files use it: app links store
# PRIVATE, so report, web and cli, which link app, still cannot include store.h.

set(BKS_LAYER_ROOT "${CMAKE_BINARY_DIR}/layers")
set_property(GLOBAL PROPERTY BKS_LAYER_HEADERS "")

# bks_layer(NAME HEADERS h... [PUBLIC l...] [PRIVATE l...] [LIBS target...])
function(bks_layer name)
  cmake_parse_arguments(L "" "" "HEADERS;PUBLIC;PRIVATE;LIBS;EXCLUDE" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/${name}/*.c")
  foreach(ex ${L_EXCLUDE})
    list(FILTER srcs EXCLUDE REGEX "/src/${name}/${ex}$")
  endforeach()
  if(NOT srcs)
    message(FATAL_ERROR "layer ${name}: src/${name}/ has no .c files")
  endif()

  # the layer's view of include/backstride: links to its own headers only
  set(dir "${BKS_LAYER_ROOT}/${name}/backstride")
  file(REMOVE_RECURSE "${dir}")
  file(MAKE_DIRECTORY "${dir}")
  foreach(h ${L_HEADERS})
    set(src "${CMAKE_SOURCE_DIR}/include/backstride/${h}")
    if(NOT EXISTS "${src}")
      message(FATAL_ERROR "layer ${name}: include/backstride/${h} does not exist")
    endif()
    file(CREATE_LINK "${src}" "${dir}/${h}" SYMBOLIC)
    set_property(GLOBAL APPEND PROPERTY BKS_LAYER_HEADERS "${h}")
  endforeach()

  add_library(bks_${name} STATIC ${srcs})
  target_include_directories(bks_${name}
    PUBLIC "$<BUILD_INTERFACE:${BKS_LAYER_ROOT}/${name}>"
    PRIVATE "${CMAKE_SOURCE_DIR}/src/${name}")
  foreach(dep ${L_PUBLIC})
    target_link_libraries(bks_${name} PUBLIC bks_${dep})
  endforeach()
  foreach(dep ${L_PRIVATE})
    target_link_libraries(bks_${name} PRIVATE bks_${dep})
  endforeach()
  if(L_LIBS)
    target_link_libraries(bks_${name} PRIVATE ${L_LIBS})
  endif()
  set_property(GLOBAL APPEND PROPERTY BKS_LAYERS ${name})
endfunction()

# every public header belongs to exactly one layer (status.h excepted: see below)
function(bks_layers_check)
  get_property(assigned GLOBAL PROPERTY BKS_LAYER_HEADERS)
  file(GLOB all RELATIVE "${CMAKE_SOURCE_DIR}/include/backstride" CONFIGURE_DEPENDS
       "${CMAKE_SOURCE_DIR}/include/backstride/*.h")
  foreach(h ${all})
    list(FIND assigned "${h}" i)
    if(i LESS 0)
      message(FATAL_ERROR "include/backstride/${h} belongs to no layer: add it to a bks_layer() "
                          "in CMakeLists.txt")
    endif()
  endforeach()
  set(seen "")
  foreach(h ${assigned})
    list(FIND seen "${h}" i)
    if(i GREATER_EQUAL 0 AND NOT h STREQUAL "status.h")
      message(FATAL_ERROR "include/backstride/${h} is listed in two layers")
    endif()
    list(APPEND seen "${h}")
  endforeach()
endfunction()

# bks_layer_probe(LAYER FORBIDDEN ALLOWED): two objects compiled as LAYER's own sources are (same
# include paths, same links), one including backstride/ALLOWED (must build) and one including
# backstride/FORBIDDEN (must not); the CTest test layering.LAYER.FORBIDDEN builds both through
# cmake/layer_probe.cmake. LAYER "cli" is the command line.
function(bks_layer_probe layer forbidden allowed)
  string(REPLACE "." "_" fname "${forbidden}")
  set(dir "${CMAKE_BINARY_DIR}/layer-probes")
  file(WRITE "${dir}/${layer}_${fname}_bad.c"
       "// a ${layer} file that includes what it may not see\n#include \"backstride/${forbidden}\"\nint bks_probe_${layer}_${fname}_bad;\n")
  file(WRITE "${dir}/${layer}_${fname}_ok.c"
       "// the control: a ${layer} file that includes what it may see\n#include \"backstride/${allowed}\"\nint bks_probe_${layer}_${fname}_ok;\n")
  if(layer STREQUAL "cli")
    get_target_property(links backstride LINK_LIBRARIES)
  else()
    get_target_property(links bks_${layer} LINK_LIBRARIES)
    if(NOT links)
      set(links "")
    endif()
    list(APPEND links bks_${layer})
  endif()
  foreach(kind bad ok)
    set(t bks_probe_${layer}_${fname}_${kind})
    add_library(${t} OBJECT EXCLUDE_FROM_ALL "${dir}/${layer}_${fname}_${kind}.c")
    target_link_libraries(${t} PRIVATE ${links})
  endforeach()
  add_test(NAME layering.${layer}.${forbidden}
           COMMAND "${CMAKE_COMMAND}" "-DBUILD=${CMAKE_BINARY_DIR}"
                   "-DALLOWED=bks_probe_${layer}_${fname}_ok"
                   "-DFORBIDDEN=bks_probe_${layer}_${fname}_bad" "-DHEADER=${forbidden}"
                   -P "${CMAKE_SOURCE_DIR}/cmake/layer_probe.cmake")
  # the probes build in this build tree: one at a time
  set_tests_properties(layering.${layer}.${forbidden} PROPERTIES LABELS layering
                       RESOURCE_LOCK bks_build_tree TIMEOUT 300)
endfunction()
