// Driver for the fuzz targets when libFuzzer is not available (gcc, or a clang too old for the
// code base): runs every file given (or every file of a folder given), then a fixed number of
// deterministic mutations of them (byte flips, truncations, splices, inserted separators).
// Build it with sanitizers to catch memory errors. Usage:
//   plan_text_fuzzer [-runs=N] FILE_OR_DIR...
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 2000;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "-runs=", 6) == 0) {
      runs = std::strtol(argv[i] + 6, nullptr, 10);
      continue;
    }
    if (argv[i][0] == '-') continue;  // libFuzzer flags are ignored here
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p)) {
        if (e.is_regular_file()) corpus.push_back(Read(e.path()));
      }
    } else if (std::filesystem::exists(p)) {
      corpus.push_back(Read(p));
    }
  }
  if (corpus.empty()) corpus.push_back("一、主要目标\n到2025年，森林覆盖率达到60%。\n");
  for (const std::string& c : corpus) Run(c);
  std::mt19937_64 rng(20240521);
  const char* pieces[] = {
      "\n",   "\n\n",           "\t",   "（",     "）", "、",   "到2025年", "%", "万千瓦",
      "以上", "完成市下达指标", "一、", "（一）", "1.", "\xE5", "\xFF"};
  for (long r = 0; r < runs; ++r) {
    std::string s = corpus[rng() % corpus.size()];
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t pos = rng() % s.size();
      switch (rng() % 5) {
        case 0:
          s[pos] = static_cast<char>(rng() & 0xFF);
          break;
        case 1:
          s.resize(pos);
          break;
        case 2:
          s.insert(pos, pieces[rng() % (sizeof pieces / sizeof *pieces)]);
          break;
        case 3:
          s.erase(pos, rng() % 64);
          break;
        default: {
          const std::string& other = corpus[rng() % corpus.size()];
          size_t from = rng() % (other.size() + 1);
          s.insert(pos, other.substr(from, rng() % 256));
        }
      }
    }
    Run(s);
  }
  std::printf("plan_text_fuzzer: %zu corpus inputs and %ld mutations ran without a crash\n",
              corpus.size(), runs);
  return 0;
}
