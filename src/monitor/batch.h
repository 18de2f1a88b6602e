// Decoding meter-reading batches — JSON (the HTTP API) and CSV (bulk files) — into validated
// rows in the engine's terms. The formats are specified in docs/formats/monitoring.md.
//
//   monitor::DecodeOptions options{.registry = &registry, .now = clock.Now(),
//                                  .source_name = "upload.csv"};
//   monitor::DecodedBatch batch = monitor::DecodeCsvBatch(csv_text, options);
//   if (!batch.ok()) {
//     for (const monitor::RowError& e : batch.errors) std::cerr << e.ToString() << "\n";
//   }
//
// A batch is accepted or rejected as a whole: every row is checked (meter registered and
// writable by the sender, period start a valid time on the meter's period boundary and not in
// the future, value a number that is not negative, unit convertible to the meter's unit, quality
// and statistics type known), and each failing row gets a reason with its position
// ("upload.csv:17:4: column 'period_start': ..." or "batch.json:3:120: readings[2].value: ...").
// Only the first `max_errors` reasons are kept; error_count counts them all.
//
// Values are converted to the meter's registered unit and kept as exact int64 millionths of
// that unit (before the meter's multiplier). Period starts become 15-minute slots of local time.
//
// Thread safety: the decoders are pure functions of their inputs; run them concurrently as long
// as the registry is not being written. A large CSV input (8 MiB or more, without quotes) is
// decoded by two threads, each taking half of the lines; the result is the same. Failure contract:
// never throws and never crashes on any input (fuzzed: tests/fuzz/monitor_batch_fuzzer.cc);
// problems are RowErrors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "domain/monitoring.h"
#include "monitor/registry.h"

namespace carbonpeak::monitor {

/// One validated reading. 16 bytes; batches of millions are kept in memory while they are
/// checked, so the layout is compact.
struct BatchRow {
  int64_t value = 0;  ///< Millionths of the meter's unit, before the multiplier.
  int32_t slot = 0;   ///< 15-minute slot of the period start, local time.
  uint32_t meter : 24 = 0;
  uint32_t statistics : 2 = 0;  ///< domain::StatisticsType
  uint32_t quality : 2 = 0;     ///< domain::ReadingQuality
  uint32_t reserved : 4 = 0;

  domain::StatisticsType statistics_type() const {
    return static_cast<domain::StatisticsType>(statistics);
  }
  domain::ReadingQuality quality_flag() const {
    return static_cast<domain::ReadingQuality>(quality);
  }
};
static_assert(sizeof(BatchRow) == 16);

/// Why a row (or the whole input, when row == 0) was refused.
struct RowError {
  size_t row = 0;     ///< 1-based data row (CSV: excluding the header; JSON: index + 1).
  int line = 0;       ///< 1-based line in the input, 0 when unknown.
  int column = 0;     ///< CSV: 1-based cell; JSON: 1-based character column.
  std::string field;  ///< CSV column name or JSON path ("readings[2].value").
  std::string message;
  std::string source;  ///< The input's name.

  /// "source:line:column: field: message".
  std::string ToString() const;
};

struct DecodedBatch {
  std::vector<BatchRow> rows;
  std::vector<RowError> errors;  ///< The first DecodeOptions::max_errors problems.
  size_t error_count = 0;        ///< All problems found.
  size_t rounded_count = 0;      ///< Values with digits below one millionth (rounded).
  size_t data_rows = 0;          ///< Rows read (accepted or not), blank lines excluded.
  std::string enterprise;        ///< JSON: the batch's enterprise, if given.
  std::string batch_id;          ///< JSON: the sender's batch id, if given.

  bool ok() const { return error_count == 0; }
};

struct DecodeOptions {
  const Registry* registry = nullptr;  ///< Required.
  /// Offset of local time from UTC in seconds (China Standard Time: +8 h). Timestamps written
  /// without an offset are in local time; days and months are local.
  int32_t utc_offset_seconds = 8 * 3600;
  Timestamp now;  ///< From the injected Clock; period starts after now + max_future are refused.
  int64_t max_future_seconds = 3600;
  /// When not empty, only meters of this enterprise (credit code) may be written: the scope of
  /// the sender's API token.
  std::string scope_enterprise;
  std::string source_name = "batch";
  size_t max_errors = 100;
};

/// Decodes a CSV batch (header row; columns enterprise, meter, statistics, period_start, value,
/// unit, quality in any order; enterprise, statistics, unit and quality optional).
DecodedBatch DecodeCsvBatch(std::string_view text, const DecodeOptions& options);

/// Decodes a JSON batch (docs/formats/monitoring.md).
DecodedBatch DecodeJsonBatch(std::string_view text, const DecodeOptions& options);

}  // namespace carbonpeak::monitor
