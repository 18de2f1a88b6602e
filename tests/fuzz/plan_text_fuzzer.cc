// libFuzzer target over the text path of the plan document importer: decoding (UTF-8/GB18030
// detection), traditional-character detection, layout, extraction and the review JSON. Any
// crash, sanitizer report or exception is a bug; errors must come back as Status values.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "planimport/document.h"
#include "refdata/refdata.h"

namespace {
const carbonpeak::refdata::RefData& Ref() {
  static const carbonpeak::refdata::RefData ref = [] {
    auto loaded = carbonpeak::refdata::LoadRefData(CPK_DATA_DIR);
    return loaded.ok() ? std::move(*loaded) : carbonpeak::refdata::RefData{};
  }();
  return ref;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  carbonpeak::planimport::DocumentImportOptions options;
  options.max_bytes = 1u << 20;
  auto doc = carbonpeak::planimport::ImportPlanText(bytes, Ref(), options);
  if (!doc.ok() && doc.status().code() == carbonpeak::StatusCode::kInternal) {
    std::fprintf(stderr, "%s\n", doc.status().ToString().c_str());
    std::abort();  // an exception inside the importer: a bug
  }
  if (doc.ok()) {
    std::string json = carbonpeak::planimport::DocumentImportToJson(*doc);
    (void)json;
  }
  return 0;
}
