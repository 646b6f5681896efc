# Check the streaming-core contract (DESIGN.md) for one file of src/stream/: it compiles on its own
# for a Cortex-M4 and references none of the heap, stdio or exit functions.
#   cmake -DCC=arm-none-eabi-gcc -DNM=arm-none-eabi-nm -DROOT=<repo> -DSRC=<file.c> -DOBJ=<out.o>
#         -P cmake/stream_cross.cmake
get_filename_component(_dir "${OBJ}" DIRECTORY)
file(MAKE_DIRECTORY "${_dir}")
execute_process(
  COMMAND "${CC}" -std=c11 -O2 -ffreestanding -mcpu=cortex-m4 -mthumb -mfloat-abi=hard
          -mfpu=fpv4-sp-d16 "-I${ROOT}/include" "-I${ROOT}/src" -c "${SRC}" -o "${OBJ}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SRC} does not compile freestanding for Cortex-M4")
endif()
execute_process(COMMAND "${NM}" -u "${OBJ}" OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${OBJ}")
endif()
set(bad "")
foreach(sym malloc calloc realloc free printf fprintf puts fputs fwrite sprintf snprintf abort exit fopen)
  if("\n${undefined}" MATCHES "\n[ \t]*U[ \t]+${sym}\n")
    list(APPEND bad ${sym})
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "${SRC} references ${bad}")
endif()
