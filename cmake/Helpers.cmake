# Declarative helpers for carbonpeak targets, in the style of absl_cc_library.
#
#   cpk_library(NAME base SRCS a.cc b.cc DEPS fmt::fmt)
#     -> static library carbonpeak_base, alias carbonpeak::base, include root src/.
#   cpk_test(NAME base_tests SRCS a_test.cc DEPS carbonpeak::base)
#     -> gtest binary registered with ctest, label "unit" unless LABELS given.
#   cpk_benchmark(NAME accounting_benchmark SRCS ... DEPS ...)

set(CPK_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

function(cpk_apply_warnings target)
  target_compile_options(${target} PRIVATE ${CPK_WARNINGS})
  if(CPK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(cpk_library)
  cmake_parse_arguments(CPK "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target carbonpeak_${CPK_NAME})
  add_library(${target} STATIC ${CPK_SRCS})
  add_library(carbonpeak::${CPK_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(${target} PUBLIC ${CPK_DEPS} PRIVATE ${CPK_PRIVATE_DEPS})
  cpk_apply_warnings(${target})
endfunction()

function(cpk_test)
  cmake_parse_arguments(CPK "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT CPK_BUILD_TESTS)
    return()
  endif()
  add_executable(${CPK_NAME} ${CPK_SRCS})
  target_include_directories(${CPK_NAME} PRIVATE "${PROJECT_SOURCE_DIR}/src" "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${CPK_NAME} PRIVATE ${CPK_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${CPK_NAME} PRIVATE
    CPK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CPK_DATA_DIR="${CPK_SOURCE_DATA_DIR}")
  cpk_apply_warnings(${CPK_NAME})
  if(NOT CPK_LABELS)
    set(CPK_LABELS unit)
  endif()
  gtest_discover_tests(${CPK_NAME}
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    PROPERTIES LABELS "${CPK_LABELS}"
    DISCOVERY_TIMEOUT 60)
endfunction()

function(cpk_benchmark)
  cmake_parse_arguments(CPK "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT CPK_BUILD_BENCHMARKS)
    return()
  endif()
  add_executable(${CPK_NAME} ${CPK_SRCS})
  target_include_directories(${CPK_NAME} PRIVATE "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(${CPK_NAME} PRIVATE ${CPK_DEPS} benchmark::benchmark)
  target_compile_definitions(${CPK_NAME} PRIVATE CPK_DATA_DIR="${CPK_SOURCE_DATA_DIR}")
endfunction()
