// libFuzzer target over the monitor's batch decoders (CSV and JSON) and its log and segment
// decoders. The first byte picks the decoder; the rest is the input. Any crash, sanitizer
// report or broken invariant is a bug: bad input must come back as RowErrors or a false return.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/batch.h"
#include "monitor/internal/storage.h"
#include "monitor/registry.h"

namespace {

using carbonpeak::monitor::BatchRow;
using carbonpeak::monitor::DecodedBatch;
using carbonpeak::monitor::DecodeOptions;
using carbonpeak::monitor::Registry;

std::string CreditCode(int n) {
  constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string code = "91430703MA4L0000" + std::to_string(n % 10);
  int sum = 0, weight = 1;
  for (char c : code) {
    sum += static_cast<int>(kChars.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return code + kChars[static_cast<size_t>(check)];
}

const Registry& TestRegistry() {
  static const Registry registry = [] {
    Registry r;
    for (int e = 0; e < 2; ++e) {
      carbonpeak::domain::Enterprise ent;
      ent.credit_code = CreditCode(e);
      ent.name = "E";
      ent.industry_code = "C3011";
      ent.township_code = "430703100";
      ent.county_code = "430703";
      if (!r.AddEnterprise(ent).ok()) std::abort();
      for (const char* code : {"E01", "NG1", "D1"}) {
        carbonpeak::domain::Meter m;
        m.enterprise = ent.credit_code;
        m.code = code;
        m.unit = code[0] == 'N' ? "m³" : "kWh";
        m.interval = code[0] == 'D' ? carbonpeak::domain::MeterInterval::kDay
                                    : carbonpeak::domain::MeterInterval::k15Min;
        if (!r.AddMeter(m).ok()) std::abort();
      }
    }
    return r;
  }();
  return registry;
}

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

void CheckBatch(const DecodedBatch& batch) {
  Check(batch.ok() == (batch.error_count == 0), "ok() agrees with error_count");
  Check(batch.errors.size() <= batch.error_count, "kept errors <= counted errors");
  Check(batch.ok() || batch.rows.empty(), "a refused batch keeps no rows");
  for (const BatchRow& row : batch.rows) {
    Check(row.meter < TestRegistry().meter_count(), "rows name registered meters");
    Check(row.value >= 0, "values are not negative");
  }
  // Accepted rows survive the log encoding.
  std::string bytes;
  carbonpeak::monitor::internal::EncodeBatch(batch.rows, bytes);
  std::vector<BatchRow> back;
  Check(carbonpeak::monitor::internal::DecodeBatch(bytes, back), "encoded rows decode");
  Check(back.size() == batch.rows.size(), "row count survives the log encoding");
  for (size_t k = 0; k < back.size(); ++k) {
    Check(back[k].value == batch.rows[k].value && back[k].slot == batch.rows[k].slot &&
              back[k].meter == batch.rows[k].meter,
          "rows survive the log encoding");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  DecodeOptions options;
  options.registry = &TestRegistry();
  options.now = carbonpeak::Timestamp{1735689600LL * 1000000};  // 2025-01-01
  options.max_errors = 5;
  switch (data[0] % 5) {
    case 0:
      CheckBatch(carbonpeak::monitor::DecodeCsvBatch(input, options));
      break;
    case 1:
      CheckBatch(carbonpeak::monitor::DecodeJsonBatch(input, options));
      break;
    case 2: {
      std::vector<BatchRow> rows;
      (void)carbonpeak::monitor::internal::DecodeBatch(input, rows);
      break;
    }
    case 3: {
      carbonpeak::monitor::internal::Arena arena;
      carbonpeak::monitor::internal::MeterSeries series;
      series.set_arena(&arena);
      (void)carbonpeak::monitor::internal::DecodeSeries(input, series);
      std::vector<carbonpeak::monitor::internal::Revision> revisions;
      (void)carbonpeak::monitor::internal::DecodeRevisions(input, revisions);
      break;
    }
    default: {
      carbonpeak::Status status;
      (void)carbonpeak::monitor::internal::ScanLog(
          input,
          [](carbonpeak::monitor::internal::RecordType, std::string_view payload) {
            carbonpeak::domain::Enterprise e;
            carbonpeak::domain::Meter m;
            (void)carbonpeak::monitor::internal::DecodeEnterprise(payload, e);
            (void)carbonpeak::monitor::internal::DecodeMeter(payload, m);
            return carbonpeak::Status::Ok();
          },
          status);
      std::string why;
      (void)carbonpeak::monitor::internal::ScanSections(
          input, [](uint8_t, std::string_view) { return true; }, why);
      break;
    }
  }
  return 0;
}
