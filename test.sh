#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UBSan and runs every test, plus the
# layering check and a release build with a short benchmark run.
set -euo pipefail
cd "$(dirname "$0")"
tools/install_deps.sh

echo "== format and layering"
tools/check_format.sh
tools/check_deps_test.sh
tools/check_deps

echo "== build (dev preset: Debug, ASan, UBSan)"
mkdir -p build/dev
if [ ! -f build/dev/build.ninja ]; then
  cmake --preset dev > build/dev/configure.log 2>&1 || { cat build/dev/configure.log; exit 1; }
fi
cmake --build --preset dev > build/dev/build.log 2>&1 || { tail -n 80 build/dev/build.log; exit 1; }

echo "== tests"
ctest --preset dev

if [ -d bench ] && ls bench/*_benchmark.cc > /dev/null 2>&1; then
  echo "== benchmarks (release build, smoke run)"
  mkdir -p build/release
  cmake --preset release > build/release/configure.log 2>&1 || { cat build/release/configure.log; exit 1; }
  cmake --build --preset release > build/release/build.log 2>&1 || { tail -n 80 build/release/build.log; exit 1; }
  for b in build/release/bench/*_benchmark; do
    [ -x "$b" ] && "$b" --benchmark_min_time=0.05 > "build/release/$(basename "$b").txt" 2>&1 \
      && echo "$(basename "$b"): ok" || { echo "$(basename "$b") failed"; cat "build/release/$(basename "$b").txt"; exit 1; }
  done
fi

echo "== fuzz (libFuzzer, clang, short runs over the committed corpora)"
CPK_WITH_FUZZ=1 tools/install_deps.sh
mkdir -p build/fuzz
if [ ! -f build/fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCPK_BUILD_FUZZERS=ON -DCPK_BUILD_BENCHMARKS=OFF > build/fuzz/configure.log 2>&1 \
    || { cat build/fuzz/configure.log; exit 1; }
fi
cmake --build build/fuzz -j2 --target plan_text_fuzzer monitor_batch_fuzzer \
  > build/fuzz/build.log 2>&1 || { tail -n 80 build/fuzz/build.log; exit 1; }
fuzz_seconds="${CPK_FUZZ_SECONDS:-45}"
for target in plan_text_fuzzer:tests/planimport:16384 monitor_batch_fuzzer:tests/fuzz/monitor_corpus:65536; do
  IFS=: read -r name corpus max_len <<< "$target"
  work="build/fuzz/corpus-$name"
  mkdir -p "$work"
  # New inputs go to the scratch folder; the committed corpus is only read.
  (cd build/fuzz && "tests/fuzz/$name" -max_total_time="$fuzz_seconds" -max_len="$max_len" -print_final_stats=1 \
      "corpus-$name" "../../$corpus" > "$name.log" 2>&1) \
    && echo "$name: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$name.log" | grep -o '[0-9]*$') runs in ${fuzz_seconds}s)" \
    || { echo "$name found a failure:"; tail -n 60 "build/fuzz/$name.log"; exit 1; }
done

echo "== web (npm ci, build, unit and browser tests in headless chromium)"
CPK_WITH_WEB=1 tools/install_deps.sh
if [ ! -x build/release/src/main/carbonpeak ]; then
  mkdir -p build/release
  [ -f build/release/build.ninja ] || cmake --preset release > build/release/configure.log 2>&1
  cmake --build build/release --target carbonpeak -j2 > build/release/build.log 2>&1 || { tail -n 80 build/release/build.log; exit 1; }
fi
cmake --build build/release --target carbonpeak -j2 > build/release/build.log 2>&1 || { tail -n 80 build/release/build.log; exit 1; }
web/test.sh "$PWD/build/release/src/main/carbonpeak"
