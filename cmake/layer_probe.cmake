# CTest driver for the layering tests (CMakeLists.txt, "layering.*"): a file that includes a
# header its layer may not see must fail to build, and fail for that reason; a file that includes
# a header the layer may see must build (so the test cannot pass because the probe is broken).
#   cmake -DBUILD=dir -DALLOWED=target -DFORBIDDEN=target -DHEADER=name.h -P layer_probe.cmake
foreach(v BUILD ALLOWED FORBIDDEN HEADER)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "layer_probe.cmake needs -D${v}=...")
  endif()
endforeach()

execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD}" --target "${ALLOWED}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the control probe ${ALLOWED} does not build, so the test proves nothing:\n${out}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD}" --target "${FORBIDDEN}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${FORBIDDEN} built: its layer can include backstride/${HEADER}, which the "
                      "layer rules forbid")
endif()
string(FIND "${out}" "${HEADER}" at)
if(at LESS 0)
  message(FATAL_ERROR "${FORBIDDEN} failed to build, but not because backstride/${HEADER} is "
                      "out of reach:\n${out}")
endif()
message(STATUS "${FORBIDDEN}: backstride/${HEADER} is out of reach, as it should be")
