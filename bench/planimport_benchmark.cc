// Speed of the plan document importer on text: bytes per second through decoding, layout and
// extraction (goal: at least 5 MB/s on one core, a 70 KB plan in under 15 ms). Uses the seed
// plans of ../shared/seeds when present, else the synthetic plans of tests/planimport.
//
//   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCPK_BUILD_BENCHMARKS=ON
//   cmake --build build/bench --target planimport_benchmark &&
//   build/bench/bench/planimport_benchmark
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/file.h"
#include "planimport/document.h"
#include "refdata/refdata.h"

namespace {

using carbonpeak::planimport::DocumentImport;
using carbonpeak::planimport::ImportPlanDocument;

const carbonpeak::refdata::RefData& Ref() {
  static const carbonpeak::refdata::RefData ref = [] {
    auto loaded = carbonpeak::refdata::LoadRefData(CPK_DATA_DIR);
    if (!loaded.ok()) return carbonpeak::refdata::RefData{};
    return std::move(*loaded);
  }();
  return ref;
}

std::vector<std::string> Documents() {
  std::vector<std::string> out;
  const std::string shared = CPK_SOURCE_DIR "/../shared/seeds/";
  for (const char* seed : {"dingcheng_430703.txt", "hecheng_431202.txt", "anhua_430923.txt"}) {
    auto text = carbonpeak::ReadFile(shared + seed);
    if (text.ok()) out.push_back(std::move(*text));
  }
  if (out.empty()) {
    for (const char* f : {"synthetic_plan_a.txt", "synthetic_plan_b.txt"}) {
      auto text = carbonpeak::ReadFile(CPK_SOURCE_DIR "/tests/planimport/" + std::string(f));
      if (text.ok()) out.push_back(std::move(*text));
    }
  }
  return out;
}

void BM_ImportPlanText(benchmark::State& state) {
  const std::vector<std::string> docs = Documents();
  if (docs.empty()) {
    state.SkipWithError("no plan documents found");
    return;
  }
  size_t bytes = 0;
  size_t targets = 0;
  for (auto _ : state) {
    for (const std::string& d : docs) {
      auto doc = ImportPlanDocument(d, "plan.txt", Ref(), {});
      if (doc.ok()) targets = doc->AllTargets().size();
      benchmark::DoNotOptimize(targets);
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["docs"] = static_cast<double>(docs.size());
}
BENCHMARK(BM_ImportPlanText)->Unit(benchmark::kMillisecond);

// A long document (the seeds repeated to about 2 MB): the importer stays linear.
void BM_ImportLongText(benchmark::State& state) {
  const std::vector<std::string> docs = Documents();
  std::string big;
  while (!docs.empty() && big.size() < 2u * 1024u * 1024u) {
    for (const std::string& d : docs) big += d + "\n";
  }
  for (auto _ : state) {
    auto doc = ImportPlanDocument(big, "long.txt", Ref(), {});
    benchmark::DoNotOptimize(doc.ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(big.size()));
}
BENCHMARK(BM_ImportLongText)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
