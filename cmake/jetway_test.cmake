# jetway_test(NAME source... LIBS lib...) builds one GoogleTest binary and registers its cases with CTest.
# A binary linking jetway_store_testing opens a test database (SQLite, or PostgreSQL with JETWAY_TEST_POSTGRES, which
# only that library reads): its cases are labelled `unit-database`, the others `unit` (`ctest -L unit` runs both), and
# only the first run again in scripts/test.sh's PostgreSQL pass. One label each: gtest_discover_tests (CMake 3.25)
# flattens a list of labels into separate arguments.
include(GoogleTest)
function(jetway_test name)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main GTest::gmock)
  set(label unit)
  if(jetway_store_testing IN_LIST ARG_LIBS)
    set(label unit-database)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${label})
endfunction()
