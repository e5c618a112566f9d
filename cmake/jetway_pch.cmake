# Precompiled headers. Most of a translation unit's compile time went to parsing the same headers: the standard
# library, fmt and date (src/admin/fare_pages.cpp: 3.7 s of its 10.4 s in parsing, date/tz.h alone 1.7 s). They are
# compiled once per build into jetway_pch (and, with GoogleTest, jetway_test_pch) and every other target reuses that.
# A target whose flags differ from the header's (a -D or -std of its own) silently falls back to parsing the headers,
# which is only slower; -Winvalid-pch says so in the build log.
set(JETWAY_PCH_HEADERS
    <algorithm> <array> <atomic> <chrono> <cstddef> <cstdint> <exception> <filesystem> <fstream> <functional>
    <map> <memory> <mutex> <optional> <set> <span> <sstream> <stdexcept> <string> <string_view> <thread>
    <utility> <vector> <fmt/core.h> <date/date.h> <date/tz.h>)
add_library(jetway_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch.cpp)
target_link_libraries(jetway_pch PUBLIC fmt::fmt date::date-tz)
target_precompile_headers(jetway_pch PRIVATE ${JETWAY_PCH_HEADERS})
add_library(jetway_test_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch.cpp)
target_link_libraries(jetway_test_pch PUBLIC fmt::fmt date::date-tz GTest::gtest GTest::gmock)
target_precompile_headers(jetway_test_pch PRIVATE ${JETWAY_PCH_HEADERS} <gtest/gtest.h> <gmock/gmock.h>)
# Tests' own sources compile at -O1 (after the build type's -O2, so it wins): they took 40 % of a build's compile
# time, -O1 cuts that by a third, and what they test is the libraries, which keep the build type's flags (and its
# hardening, which -O1 would weaken: _FORTIFY_SOURCE finds fewer sizes to check). Not in the fuzzing build, which
# keeps its own level. In the sanitizer build they are not instrumented (-fno-sanitize=all, after the sanitizers'
# flags, so it wins; the executables still link the sanitizers' runtimes): the sanitizers are there for the
# libraries' code, which stays instrumented, and instrumenting the tests' large functions doubled their compile time
# (booking_service_test.cpp: 36.4 s instead of 17.1 s), a third of the sanitizer build that CI waits for.
set(JETWAY_TEST_FLAGS "")
if(JETWAY_SANITIZE)
  set(JETWAY_TEST_FLAGS -fno-sanitize=all)
elseif(NOT JETWAY_FUZZ)
  set(JETWAY_TEST_FLAGS -O1)
endif()
target_compile_options(jetway_test_pch PRIVATE ${JETWAY_TEST_FLAGS})
add_compile_options(-Winvalid-pch -Wno-error=invalid-pch)

# Every library and executable under `directory`, reusing the header set that suits it.
function(jetway_use_pch directory)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    # fmt's and date's definitions are part of the headers' flags, so every target carries them.
    target_link_libraries(${target} PRIVATE fmt::fmt date::date-tz)
    get_target_property(libraries ${target} LINK_LIBRARIES)
    if("GTest::gtest_main" IN_LIST libraries)
      target_precompile_headers(${target} REUSE_FROM jetway_test_pch)
      target_compile_options(${target} PRIVATE ${JETWAY_TEST_FLAGS})
    else()
      target_precompile_headers(${target} REUSE_FROM jetway_pch)
    endif()
  endforeach()
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    jetway_use_pch(${subdirectory})
  endforeach()
endfunction()
