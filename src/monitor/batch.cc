#include "monitor/batch.h"

#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "base/text.h"
#include "base/units.h"
#include "monitor/internal/decimal.h"
#include "monitor/internal/json_reader.h"
#include "monitor/internal/memory.h"
#include "monitor/internal/time_slots.h"

namespace carbonpeak::monitor {
namespace {

using domain::ReadingQuality;
using domain::StatisticsType;
using internal::DecimalStatus;

// Period starts before this are refused as typing errors (2000-01-01T00:00 local).
constexpr int64_t kEarliestLocalSeconds = 946684800;

/// Shows a piece of input in a message: at most 40 characters, control characters and invalid
/// UTF-8 replaced by '?'.
std::string Quote(std::string_view s) {
  std::string out = "'";
  const bool valid = text::IsValidUtf8(s);
  size_t shown = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if (shown >= 40 && (c & 0xC0) != 0x80) {
      out += "…";
      break;
    }
    if (c < 0x20 || c == 0x7F || (!valid && c >= 0x80)) {
      out.push_back('?');
    } else {
      out.push_back(static_cast<char>(c));
    }
    if ((c & 0xC0) != 0x80) ++shown;
  }
  out.push_back('\'');
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

/// The fields of a row as text, before checking. Empty views mean "not given".
enum Field : int {
  kEnterprise,
  kMeter,
  kStatistics,
  kPeriodStart,
  kValue,
  kUnit,
  kQuality,
  kFieldCount
};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "enterprise", "meter", "statistics", "period_start", "value", "unit", "quality"};

struct RowText {
  std::array<std::string_view, kFieldCount> field{};
  std::array<bool, kFieldCount> present{};  // the key/column exists (JSON: key given)
};

struct FieldError {
  Field field = kMeter;
  std::string message;
};

/// Checks one row against the registry, the clock and the meter's unit and interval. Holds
/// small caches for inputs that repeat row after row (same meter, same period start).
class RowChecker {
 public:
  explicit RowChecker(const DecodeOptions& options)
      : options_(options), registry_(*options.registry) {
    zone_.offset_seconds = options.utc_offset_seconds;
    now_local_ = zone_.LocalSeconds(options.now.micros);
  }

  /// Fills `row` or `error`. `default_enterprise` applies when the row has none.
  bool Check(const RowText& in, std::string_view default_enterprise, BatchRow& row,
             FieldError& error, bool& rounded) {
    // --- meter
    std::string_view enterprise = in.field[kEnterprise];
    if (enterprise.empty()) enterprise = default_enterprise;
    const std::string_view code = in.field[kMeter];
    if (code.empty()) return Fail(error, kMeter, "meter code is missing; give the data-item code");
    MeterId meter_id;
    if (have_meter_ && code == last_code_ && enterprise == last_enterprise_) {
      meter_id = last_meter_;
    } else {
      if (!LookUpMeter(enterprise, code, meter_id, error)) return false;
      last_code_.assign(code);
      last_enterprise_.assign(enterprise);
      last_meter_ = meter_id;
      have_meter_ = true;
    }
    const MeterEntry& meter = registry_.meter(meter_id);
    if (!options_.scope_enterprise.empty() && meter.def.enterprise != options_.scope_enterprise) {
      return Fail(error, kMeter,
                  "meter " + Quote(code) + " belongs to enterprise " + meter.def.enterprise +
                      "; this sender may write only the meters of " + options_.scope_enterprise);
    }

    // --- statistics type
    StatisticsType statistics = meter.native;
    if (!in.field[kStatistics].empty()) {
      std::optional<StatisticsType> parsed = domain::ParseStatisticsType(in.field[kStatistics]);
      if (!parsed) {
        return Fail(error, kStatistics,
                    Quote(in.field[kStatistics]) +
                        " is not a statistics type; use interval, "
                        "day or month");
      }
      statistics = *parsed;
      if (static_cast<int>(statistics) < static_cast<int>(meter.native)) {
        return Fail(error, kStatistics,
                    "meter " + meter.def.code + " reports " +
                        std::string(domain::MeterIntervalName(meter.def.interval)) + " values; a " +
                        std::string(domain::StatisticsTypeName(statistics)) +
                        " value is finer than that. Send " +
                        std::string(domain::StatisticsTypeName(meter.native)) + " or coarser");
      }
    }

    // --- period start
    const std::string_view when = in.field[kPeriodStart];
    if (when.empty()) {
      return Fail(error, kPeriodStart,
                  "period start is missing; give the start of the period, e.g. "
                  "2024-03-27T08:15:00+08:00");
    }
    int64_t local;
    if (when == last_time_text_ && have_time_) {
      local = last_time_.local_seconds;
      if (last_time_.fractional) return Misaligned(error, meter, statistics, when);
    } else {
      internal::ParsedTime parsed;
      if (!internal::ParseLocalTimestamp(when, zone_, parsed, &date_cache_)) {
        return Fail(error, kPeriodStart,
                    Quote(when) +
                        " is not a date and time; write e.g. 2024-03-27T08:15:00+08:00 "
                        "or 2024-03-27 08:15 (local time)");
      }
      last_time_text_.assign(when);
      last_time_ = parsed;
      have_time_ = true;
      local = parsed.local_seconds;
      if (parsed.fractional) return Misaligned(error, meter, statistics, when);
    }
    if (local < kEarliestLocalSeconds) {
      return Fail(error, kPeriodStart, Quote(when) + " is before the year 2000; check the year");
    }
    if (local > now_local_ + options_.max_future_seconds) {
      return Fail(error, kPeriodStart,
                  Quote(when) + " is in the future (the server's clock says " +
                      FormatTimestamp(options_.now) +
                      "); check the collector's clock and time zone");
    }
    if (!Aligned(local, meter, statistics)) return Misaligned(error, meter, statistics, when);

    // --- value
    const std::string_view value_text = in.field[kValue];
    if (value_text.empty()) {
      return Fail(error, kValue, "value is missing; send the reading's number");
    }
    int64_t micros;
    switch (internal::ParseMicros(value_text, micros)) {
      case DecimalStatus::kOk:
        break;
      case DecimalStatus::kRounded:
        rounded = true;
        break;
      case DecimalStatus::kSyntax:
        return Fail(error, kValue,
                    Quote(value_text) +
                        " is not a number; write digits with a '.' for decimals, "
                        "without thousands separators or units");
      case DecimalStatus::kTooLarge:
        return Fail(error, kValue,
                    Quote(value_text) + " is too large (more than 9×10^12); check the unit");
    }
    if (micros < 0) {
      return Fail(error, kValue,
                  Quote(value_text) +
                      " is negative; meters report use or a register reading, "
                      "both at least 0");
    }

    // --- unit
    const std::string_view unit = in.field[kUnit];
    if (!unit.empty() && unit != meter.def.unit) {
      std::optional<double> factor = UnitFactor(unit, meter.def.unit);
      if (!factor) {
        return Fail(error, kUnit,
                    "unit " + Quote(unit) + " cannot be converted to the meter's unit " +
                        meter.def.unit + "; send values in " + meter.def.unit +
                        " or a unit of the same kind");
      }
      const double scaled = static_cast<double>(micros) * *factor;
      if (!(std::fabs(scaled) <= static_cast<double>(internal::kMaxMicros))) {
        return Fail(error, kValue,
                    Quote(value_text) + " " + std::string(unit) +
                        " is too large once converted to " + meter.def.unit);
      }
      const int64_t converted = std::llround(scaled);
      if (static_cast<double>(converted) != scaled) rounded = true;
      micros = converted;
    }

    // --- quality
    ReadingQuality quality = ReadingQuality::kGood;
    if (!in.field[kQuality].empty()) {
      std::optional<ReadingQuality> parsed = domain::ParseReadingQuality(in.field[kQuality]);
      if (!parsed) {
        return Fail(error, kQuality,
                    Quote(in.field[kQuality]) +
                        " is not a quality flag; use good, estimated, suspect or invalid (or "
                        "0-3)");
      }
      quality = *parsed;
    }

    row.value = micros;
    row.slot = static_cast<int32_t>(internal::FloorDiv(local, internal::kSecondsPerSlot));
    row.meter = meter_id & 0xFFFFFFu;
    row.statistics = static_cast<uint32_t>(statistics) & 3u;
    row.quality = static_cast<uint32_t>(quality) & 3u;
    return true;
  }

 private:
  static bool Fail(FieldError& error, Field field, std::string message) {
    error.field = field;
    error.message = std::move(message);
    return false;
  }

  bool LookUpMeter(std::string_view enterprise, std::string_view code, MeterId& id,
                   FieldError& error) {
    if (enterprise.empty()) {
      MeterLookup found = registry_.FindMeter({}, code);
      if (found.ambiguous) {
        return Fail(error, kMeter,
                    "meter code " + Quote(code) +
                        " is used by several enterprises; give the enterprise's credit code too");
      }
      if (!found.id) {
        return Fail(error, kMeter,
                    "meter " + Quote(code) +
                        " is not registered; register it first or check "
                        "the code");
      }
      id = *found.id;
      return true;
    }
    key_.assign(enterprise);
    key_.push_back('\x1f');
    key_.append(code);
    std::optional<MeterId> found = registry_.FindMeterByKey(key_);
    if (!found) {
      if (!registry_.FindEnterprise(enterprise)) {
        return Fail(error, kEnterprise,
                    "enterprise " + Quote(enterprise) +
                        " is not registered; check the 统一社会信用代码 or register it first");
      }
      return Fail(error, kMeter,
                  "meter " + Quote(code) + " is not registered for enterprise " +
                      std::string(enterprise) + "; register it first or check the code");
    }
    id = *found;
    return true;
  }

  bool Aligned(int64_t local, const MeterEntry& meter, StatisticsType statistics) const {
    switch (statistics) {
      case StatisticsType::kInterval:
        return local % (meter.interval_slots * internal::kSecondsPerSlot) == 0;
      case StatisticsType::kDay:
        return local % 86400 == 0;
      case StatisticsType::kMonth:
        return local % 86400 == 0 && internal::CivilFromDays(local / 86400).day == 1;
    }
    return false;
  }

  bool Misaligned(FieldError& error, const MeterEntry& meter, StatisticsType statistics,
                  std::string_view when) {
    std::string expected;
    switch (statistics) {
      case StatisticsType::kInterval:
        expected = "a " + std::string(domain::MeterIntervalName(meter.def.interval)) +
                   " boundary of local time (the start of the period, seconds 00)";
        break;
      case StatisticsType::kDay:
        expected = "local midnight (a daily value is filed under the start of its day)";
        break;
      case StatisticsType::kMonth:
        expected =
            "local midnight of the 1st (a monthly value is filed under the start of its "
            "month)";
        break;
    }
    return Fail(error, kPeriodStart,
                Quote(when) + " is not on " + expected + " for meter " + meter.def.code);
  }

  std::optional<double> UnitFactor(std::string_view from, const std::string& to) {
    std::string key(from);
    key.push_back('\x1f');
    key.append(to);
    auto it = unit_cache_.find(key);
    if (it != unit_cache_.end()) return it->second;
    std::optional<double> factor;
    Result<double> converted = ConvertValue(1.0, from, to);
    if (converted.ok() && std::isfinite(*converted) && *converted > 0) factor = *converted;
    unit_cache_.emplace(std::move(key), factor);
    return factor;
  }

  const DecodeOptions& options_;
  const Registry& registry_;
  internal::LocalZone zone_;
  int64_t now_local_ = 0;
  std::string key_;
  std::string last_code_, last_enterprise_;
  MeterId last_meter_ = 0;
  bool have_meter_ = false;
  std::string last_time_text_;
  internal::ParsedTime last_time_;
  bool have_time_ = false;
  internal::DateCache date_cache_;
  std::unordered_map<std::string, std::optional<double>> unit_cache_;
};

void AddError(DecodedBatch& batch, const DecodeOptions& options, RowError error) {
  ++batch.error_count;
  if (batch.errors.size() < options.max_errors) {
    error.source = options.source_name;
    batch.errors.push_back(std::move(error));
  }
}

DecodedBatch RejectWhole(const DecodeOptions& options, std::string message) {
  DecodedBatch batch;
  AddError(batch, options, RowError{0, 0, 0, "", std::move(message), ""});
  return batch;
}

// ---------------------------------------------------------------------------------------------
// CSV

std::optional<Field> HeaderField(std::string_view name) {
  for (int f = 0; f < kFieldCount; ++f) {
    if (kFieldNames[static_cast<size_t>(f)] == name) return static_cast<Field>(f);
  }
  // Chinese headers as statistics offices write them.
  static constexpr std::pair<std::string_view, Field> kAliases[] = {
      {"统一社会信用代码", kEnterprise},
      {"企业", kEnterprise},
      {"计量点", kMeter},
      {"数据项", kMeter},
      {"数据项编码", kMeter},
      {"统计类型", kStatistics},
      {"时间", kPeriodStart},
      {"开始时间", kPeriodStart},
      {"数值", kValue},
      {"单位", kUnit},
      {"质量", kQuality},
      {"质量标志", kQuality},
      {"period start", kPeriodStart},
      {"timestamp", kPeriodStart}};
  for (const auto& [alias, field] : kAliases) {
    if (alias == name) return field;
  }
  return std::nullopt;
}

/// Splits CSV text into rows of cells without allocating per cell: unquoted cells are views into
/// the text; quoted cells are unescaped into a reusable buffer.
class CsvCursor {
 public:
  explicit CsvCursor(std::string_view text, int first_line = 1)
      : text_(text), next_line_(first_line) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  /// Bytes consumed so far (the start of the next row).
  size_t position() const { return pos_; }

  /// Reads the next non-blank row into `cells`. False at the end of the text or on a quoting
  /// error (then error() is set and the cursor skips to the next line).
  bool Next(std::vector<std::string_view>& cells) {
    // Fast path: a line without quotes or carriage returns (other than its CRLF ending) is split
    // on commas in one pass.
    while (pos_ < text_.size()) {
      const char* start = text_.data() + pos_;
      const size_t left = text_.size() - pos_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', left));
      size_t length = newline ? static_cast<size_t>(newline - start) : left;
      const size_t consumed = newline ? length + 1 : length;
      if (length > 0 && start[length - 1] == '\r') --length;
      cells.clear();
      size_t cell_start = 0;
      bool general = false;
      for (size_t k = 0; k < length; ++k) {
        const char c = start[k];
        if (c == ',') {
          cells.emplace_back(start + cell_start, k - cell_start);
          cell_start = k + 1;
        } else if (c == '"' || c == '\r') {
          general = true;
          break;
        }
      }
      if (general) break;  // quoted cells or a lone CR: the general path below
      cells.emplace_back(start + cell_start, length - cell_start);
      error_.clear();
      line_ = next_line_++;
      pos_ += consumed;
      bool blank = cells.size() == 1;
      for (std::string_view& cell : cells) {
        if (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t' || cell.back() == ' ' ||
                              cell.back() == '\t')) {
          cell = TrimAscii(cell);
        }
        if (!cell.empty()) blank = false;
      }
      if (blank) continue;  // an empty or all-space line
      return true;
    }
    return NextGeneral(cells);
  }

 private:
  bool NextGeneral(std::vector<std::string_view>& cells) {
    for (;;) {
      cells.clear();
      error_.clear();
      if (pos_ >= text_.size()) return false;
      line_ = next_line_;
      quoted_used_ = 0;
      size_t pos = pos_;
      bool blank = true;
      for (;;) {
        // One cell.
        size_t start = pos;
        while (start < text_.size() && (text_[start] == ' ' || text_[start] == '\t')) ++start;
        if (start < text_.size() && text_[start] == '"') {
          std::string_view cell;
          if (!ReadQuoted(start, pos, cell)) {
            SkipLine(pos);
            return true;  // error_ set; caller reports it
          }
          cells.push_back(cell);
          blank = false;
          while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t')) ++pos;
        } else {
          size_t end = start;
          while (end < text_.size() && text_[end] != ',' && text_[end] != '\n' &&
                 text_[end] != '\r') {
            ++end;
          }
          const std::string_view cell = TrimAscii(text_.substr(start, end - start));
          if (!cell.empty()) blank = false;
          cells.push_back(cell);
          pos = end;
        }
        if (pos < text_.size() && text_[pos] == ',') {
          ++pos;
          blank = false;
          continue;
        }
        // End of row: CRLF, LF, CR or end of text (spaces after a quoted cell allowed).
        while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t')) ++pos;
        if (pos < text_.size() && text_[pos] != '\n' && text_[pos] != '\r') {
          error_ = "unexpected text after a closing quote; put the whole cell in quotes";
          SkipLine(pos);
          return true;
        }
        break;
      }
      SkipLineEnd(pos);
      if (blank && cells.size() == 1) continue;
      return true;
    }
  }

 public:
  int line() const { return line_; }
  const std::string& error() const { return error_; }

 private:
  bool ReadQuoted(size_t start, size_t& pos, std::string_view& cell) {
    // Reuse one of a few buffers so that several quoted cells of one row stay valid.
    if (quoted_used_ >= buffers_.size()) buffers_.emplace_back();
    std::string& buffer = buffers_[quoted_used_++];
    buffer.clear();
    size_t k = start + 1;
    int extra_lines = 0;
    for (;;) {
      if (k >= text_.size()) {
        error_ = "a quoted cell is not closed; add the closing '\"'";
        pos = k;
        return false;
      }
      const char c = text_[k];
      if (c == '"') {
        if (k + 1 < text_.size() && text_[k + 1] == '"') {
          buffer.push_back('"');
          k += 2;
          continue;
        }
        ++k;
        break;
      }
      if (c == '\n') ++extra_lines;
      if (c == '\r' && k + 1 < text_.size() && text_[k + 1] == '\n') {
        ++k;
        continue;
      }
      buffer.push_back(c == '\r' ? '\n' : c);
      ++k;
    }
    next_line_ += extra_lines;
    pos = k;
    cell = TrimAscii(buffer);
    return true;
  }

  void SkipLine(size_t pos) {
    while (pos < text_.size() && text_[pos] != '\n' && text_[pos] != '\r') ++pos;
    SkipLineEnd(pos);
  }

  void SkipLineEnd(size_t pos) {
    if (pos < text_.size() && text_[pos] == '\r') ++pos;
    if (pos < text_.size() && text_[pos] == '\n') ++pos;
    pos_ = pos;
    ++next_line_;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 0;
  int next_line_;
  std::string error_;
  std::deque<std::string> buffers_;  // a deque: views into earlier buffers stay valid
  size_t quoted_used_ = 0;
};

}  // namespace

std::string RowError::ToString() const {
  std::string out = source;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += message;
  return out;
}

namespace {

/// Decodes the data rows of `body` (which starts at line `first_line`) into `out`: rows, errors,
/// counts. Row numbers start at 1 within `body`.
void DecodeCsvRows(std::string_view body, int first_line, size_t width,
                   const std::array<int, kFieldCount>& column_of, const DecodeOptions& options,
                   DecodedBatch& out) {
  CsvCursor cursor(body, first_line);
  std::vector<std::string_view> cells;
  RowChecker checker(options);
  RowText row_text;
  for (int f = 0; f < kFieldCount; ++f) row_text.present[f] = column_of[f] >= 0;
  FieldError field_error;
  size_t row_number = 0;
  while (cursor.Next(cells)) {
    ++row_number;
    if (!cursor.error().empty()) {
      AddError(out, options, RowError{row_number, cursor.line(), 0, "", cursor.error(), ""});
      continue;
    }
    if (cells.size() != width) {
      AddError(out, options,
               RowError{row_number, cursor.line(), 0, "",
                        "the row has " + std::to_string(cells.size()) + " cells but the header " +
                            std::to_string(width) +
                            "; check for a missing or extra comma (quote cells that contain one)",
                        ""});
      continue;
    }
    for (int f = 0; f < kFieldCount; ++f) {
      row_text.field[f] =
          column_of[f] >= 0 ? cells[static_cast<size_t>(column_of[f])] : std::string_view();
    }
    BatchRow row;
    bool rounded = false;
    if (checker.Check(row_text, {}, row, field_error, rounded)) {
      if (out.error_count == 0) out.rows.push_back(row);
      if (rounded) ++out.rounded_count;
    } else {
      AddError(out, options,
               RowError{row_number, cursor.line(), column_of[field_error.field] + 1,
                        std::string(kFieldNames[field_error.field]), std::move(field_error.message),
                        ""});
    }
  }
  out.data_rows += row_number;
}

}  // namespace

DecodedBatch DecodeCsvBatch(std::string_view text, const DecodeOptions& options) {
  if (options.registry == nullptr) return RejectWhole(options, "no registry given (a bug)");
  CsvCursor cursor(text);
  std::vector<std::string_view> cells;
  if (!cursor.Next(cells)) {
    return RejectWhole(options,
                       "the file is empty; the first line must be the header, e.g. "
                       "enterprise,meter,period_start,value,unit");
  }
  DecodedBatch batch;
  std::array<int, kFieldCount> column_of;
  column_of.fill(-1);
  if (!cursor.error().empty()) {
    AddError(batch, options, RowError{0, cursor.line(), 0, "header", cursor.error(), ""});
    return batch;
  }
  for (size_t c = 0; c < cells.size(); ++c) {
    std::optional<Field> field = HeaderField(cells[c]);
    if (!field) {
      AddError(batch, options,
               RowError{0, cursor.line(), static_cast<int>(c + 1), "header",
                        "unknown column " + Quote(cells[c]) +
                            "; the columns are enterprise, meter, statistics, period_start, "
                            "value, unit and quality",
                        ""});
      continue;
    }
    if (column_of[*field] >= 0) {
      AddError(batch, options,
               RowError{0, cursor.line(), static_cast<int>(c + 1), "header",
                        "column " + std::string(kFieldNames[*field]) + " appears twice", ""});
      continue;
    }
    column_of[*field] = static_cast<int>(c);
  }
  for (Field required : {kMeter, kPeriodStart, kValue}) {
    if (column_of[required] < 0) {
      AddError(batch, options,
               RowError{0, cursor.line(), 0, "header",
                        "the header has no " + std::string(kFieldNames[required]) +
                            " column; it needs at least meter, period_start and value",
                        ""});
    }
  }
  if (!batch.ok()) return batch;
  const size_t width = cells.size();
  const std::string_view body = text.substr(cursor.position());
  const int first_line = cursor.line() + 1;

  // Room for one row per 15 bytes (the shortest possible row) is reserved: only the part that
  // is written gets memory, and big inputs get huge-page advice (fresh pages are costly to fault
  // in one by one).
  const size_t capacity = body.size() / 15 + 16;
  batch.rows.reserve(capacity);
  internal::AdviseHugePages(batch.rows.data(), capacity * sizeof(BatchRow));
  const char* split = nullptr;  // a line start near the middle, for a second worker
  if (body.size() >= 2) {
    const char* middle = body.data() + body.size() / 2;
    const char* newline = static_cast<const char*>(
        std::memchr(middle, '\n', static_cast<size_t>(body.data() + body.size() - middle)));
    if (newline != nullptr && newline + 1 < body.data() + body.size()) split = newline + 1;
  }

  // Large inputs without quotes (a quoted cell may hold a line break, so a split could fall
  // inside it) are decoded by two threads, each from its own half of the lines.
  const bool parallel = body.size() >= (size_t{8} << 20) && split != nullptr &&
                        split < body.data() + body.size() &&
                        std::memchr(body.data(), '"', body.size()) == nullptr;
  if (!parallel) {
    DecodeCsvRows(body, first_line, width, column_of, options, batch);
  } else {
    const size_t head = static_cast<size_t>(split - body.data());
    DecodedBatch second;
    const size_t second_capacity = (body.size() - head) / 15 + 16;
    second.rows.reserve(second_capacity);
    internal::AdviseHugePages(second.rows.data(), second_capacity * sizeof(BatchRow));
    // The second half numbers its lines from 1; they are shifted once the first half's line
    // count is known (only needed when it has errors).
    std::thread worker(
        [&] { DecodeCsvRows(body.substr(head), 1, width, column_of, options, second); });
    DecodeCsvRows(body.substr(0, head), first_line, width, column_of, options, batch);
    worker.join();
    if (!second.errors.empty()) {
      int lines_before = 0;
      for (const char* p = body.data(); p < split; ++p) lines_before += *p == '\n';
      for (RowError& e : second.errors) {
        e.row += batch.data_rows;
        if (e.line > 0) e.line += first_line - 1 + lines_before;
      }
    }
    batch.data_rows += second.data_rows;
    batch.rounded_count += second.rounded_count;
    for (RowError& e : second.errors) {
      if (batch.errors.size() < options.max_errors) batch.errors.push_back(std::move(e));
    }
    batch.error_count += second.error_count;
    if (batch.ok()) batch.rows.insert(batch.rows.end(), second.rows.begin(), second.rows.end());
  }
  if (batch.data_rows == 0) {
    AddError(batch, options, RowError{0, 0, 0, "", "the file has a header but no readings", ""});
  }
  if (!batch.ok()) batch.rows.clear();
  return batch;
}

// ---------------------------------------------------------------------------------------------
// JSON

namespace {

constexpr std::string_view kBatchKeys = "format, version, batch_id, enterprise, readings";

class JsonBatchDecoder {
 public:
  JsonBatchDecoder(std::string_view text, const DecodeOptions& options)
      : reader_(text), options_(options), checker_(options) {}

  DecodedBatch Decode() {
    if (!reader_.BeginObject()) return Syntax();
    bool first = true;
    std::string_view key;
    bool have_version = false, have_readings = false;
    // The readings may come before "enterprise"; keep their text positions and check them
    // after the whole object has been read.
    while (reader_.NextKey(first, key)) {
      const size_t key_offset = reader_.offset();
      if (key == "format") {
        std::string_view format;
        if (!reader_.ReadString(format, scratch_)) return Syntax();
        if (format != "carbonpeak.monitoring.batch") {
          Error(0, key_offset, "format",
                "is " + Quote(format) + "; expected \"carbonpeak.monitoring.batch\"");
        }
      } else if (key == "version") {
        std::string_view number;
        if (!reader_.ReadNumber(number)) return Syntax();
        have_version = true;
        if (number != "1") {
          Error(0, key_offset, "version",
                "is " + std::string(number) + "; this server reads version 1 batches");
        }
      } else if (key == "batch_id") {
        std::string_view id;
        if (!reader_.ReadString(id, scratch_)) return Syntax();
        batch_.batch_id.assign(id.substr(0, 128));
      } else if (key == "enterprise") {
        std::string_view enterprise;
        if (!reader_.ReadString(enterprise, scratch_)) return Syntax();
        batch_.enterprise.assign(enterprise);
      } else if (key == "readings") {
        have_readings = true;
        if (!ReadReadings()) return Syntax();
      } else {
        Error(0, key_offset, std::string(key.substr(0, 40)),
              "unknown field; a batch has " + std::string(kBatchKeys));
        if (!reader_.SkipValue()) return Syntax();
      }
    }
    if (!reader_.ok()) return Syntax();
    if (!reader_.AtEnd()) {
      reader_.Fail("unexpected text after the batch object");
      return Syntax();
    }
    if (!have_version) Error(0, 0, "version", "is missing; add \"version\": 1");
    if (!have_readings) Error(0, 0, "readings", "is missing; add the array of readings");
    bool enterprise_ok = true;
    if (!batch_.enterprise.empty() && !options_.registry->FindEnterprise(batch_.enterprise)) {
      enterprise_ok = false;
      Error(0, 0, "enterprise",
            Quote(batch_.enterprise) +
                " is not registered; check the 统一社会信用代码 or register it first");
    }
    if (!options_.scope_enterprise.empty() && !batch_.enterprise.empty() &&
        batch_.enterprise != options_.scope_enterprise) {
      enterprise_ok = false;
      Error(0, 0, "enterprise",
            "this sender may write only enterprise " + options_.scope_enterprise);
    }
    // Rows are checked even when the batch has other problems, so that one answer lists them
    // all; a batch-level enterprise that is unknown would only repeat itself on every row.
    if (enterprise_ok) CheckRows();
    if (have_readings && pending_.empty() && batch_.error_count == 0) {
      Error(0, 0, "readings", "is empty; a batch needs at least one reading");
    }
    if (!batch_.ok()) batch_.rows.clear();
    return std::move(batch_);
  }

 private:
  struct PendingRow {
    RowText text;
    std::array<size_t, kFieldCount> offset{};
    size_t row_offset = 0;
  };

  bool ReadReadings() {
    if (!reader_.BeginArray()) return false;
    bool first = true;
    while (reader_.NextElement(first)) {
      PendingRow& row = pending_.emplace_back();
      row.row_offset = reader_.offset();
      const size_t index = pending_.size() - 1;
      if (!reader_.BeginObject()) return false;
      bool first_key = true;
      std::string_view key;
      while (reader_.NextKey(first_key, key)) {
        const size_t value_offset = reader_.offset();
        int field = -1;
        for (int f = 0; f < kFieldCount; ++f) {
          if (kFieldNames[static_cast<size_t>(f)] == key) field = f;
        }
        if (field < 0) {
          Error(index + 1, value_offset, Path(index, std::string(key.substr(0, 40))),
                "unknown field; a reading has enterprise, meter, statistics, period_start, value, "
                "unit and quality");
          if (!reader_.SkipValue()) return false;
          continue;
        }
        row.offset[field] = value_offset;
        row.text.present[field] = true;
        std::string_view value;
        const char next = reader_.Peek();
        if (field == kValue && next != '"') {
          if (next == 'n') {
            std::string_view word;
            if (!reader_.ReadLiteral(word)) return false;
            value = {};  // null: reported as missing below
          } else if (!reader_.ReadNumber(value)) {
            return false;
          }
        } else if (next == '"') {
          if (!reader_.ReadString(value, scratch_)) return false;
          if (value.data() == scratch_.data()) value = owned_.emplace_back(scratch_);
          if (field == kValue) value = TrimAscii(value);
        } else if (next == 'n') {
          std::string_view word;
          if (!reader_.ReadLiteral(word)) return false;
          if (word != "null") {
            Error(index + 1, value_offset, Path(index, kFieldNames[field]),
                  "must be a string in quotes");
          }
        } else {
          Error(index + 1, value_offset, Path(index, kFieldNames[field]),
                "must be a string in quotes");
          if (!reader_.SkipValue()) return false;
        }
        row.text.field[field] = value;
      }
      if (!reader_.ok()) return false;
    }
    return reader_.ok();
  }

  void CheckRows() {
    batch_.rows.reserve(pending_.size());
    FieldError field_error;
    for (size_t index = 0; index < pending_.size(); ++index) {
      const PendingRow& pending = pending_[index];
      BatchRow row;
      bool rounded = false;
      if (checker_.Check(pending.text, batch_.enterprise, row, field_error, rounded)) {
        if (batch_.error_count == 0) batch_.rows.push_back(row);
        if (rounded) ++batch_.rounded_count;
      } else {
        const size_t offset = pending.text.present[field_error.field]
                                  ? pending.offset[field_error.field]
                                  : pending.row_offset;
        Error(index + 1, offset, Path(index, kFieldNames[field_error.field]),
              std::move(field_error.message));
      }
    }
  }

  static std::string Path(size_t index, std::string_view field) {
    return "readings[" + std::to_string(index) + "]." + std::string(field);
  }

  void Error(size_t row, size_t offset, std::string field, std::string message) {
    int line = 0, column = 0;
    if (offset > 0) reader_.LineColumn(offset, line, column);
    AddError(batch_, options_,
             RowError{row, line, column, std::move(field), std::move(message), ""});
  }

  DecodedBatch Syntax() {
    int line, column;
    reader_.LineColumn(reader_.error_offset(), line, column);
    DecodedBatch failed;
    AddError(failed, options_,
             RowError{0, line, column, "",
                      "the batch is not valid JSON: " + reader_.error() +
                          " (fix the text at this position; docs/formats/monitoring.md shows a "
                          "complete batch)",
                      ""});
    return failed;
  }

  internal::JsonReader reader_;
  const DecodeOptions& options_;
  RowChecker checker_;
  DecodedBatch batch_;
  std::deque<PendingRow> pending_;  // a deque: rows keep their address while more are read
  std::deque<std::string> owned_;   // unescaped strings the rows point into
  std::string scratch_;
};

}  // namespace

DecodedBatch DecodeJsonBatch(std::string_view text, const DecodeOptions& options) {
  if (options.registry == nullptr) return RejectWhole(options, "no registry given (a bug)");
  JsonBatchDecoder decoder(text, options);
  return decoder.Decode();
}

}  // namespace carbonpeak::monitor
