#include "monitor/internal/storage.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <thread>

#include "monitor/internal/coding.h"

namespace carbonpeak::monitor::internal {
namespace {

/// Two's-complement addition: decoders add untrusted differences without signed overflow.
int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

std::string Numbered(std::string_view prefix, uint64_t number, std::string_view suffix) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%06" PRIu64, number);
  return std::string(prefix) + digits + std::string(suffix);
}

void PutOptional(std::string& out, const std::optional<double>& v) {
  out.push_back(v ? 1 : 0);
  if (v) PutDouble(out, *v);
}

bool GetOptional(Reader& r, std::optional<double>& v) {
  uint8_t has;
  if (!r.GetByte(has) || has > 1) return false;
  if (!has) {
    v.reset();
    return true;
  }
  double d;
  if (!r.GetDouble(d)) return false;
  v = d;
  return true;
}

}  // namespace

std::string LogFileName(uint64_t number) { return Numbered("wal-", number, ".log"); }
std::string SegmentFileName(uint64_t number) { return Numbered("seg-", number, ".seg"); }

bool ParseFileName(std::string_view name, std::string_view prefix, std::string_view suffix,
                   uint64_t& number) {
  if (name.size() <= prefix.size() + suffix.size() || name.substr(0, prefix.size()) != prefix ||
      name.substr(name.size() - suffix.size()) != suffix) {
    return false;
  }
  const std::string_view digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || number > (UINT64_MAX - 9) / 10) return false;
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// ----- records

void EncodeEnterprise(const domain::Enterprise& e, std::string& out) {
  PutString(out, e.credit_code);
  PutString(out, e.name);
  PutString(out, e.industry_code);
  PutString(out, e.township_code);
  PutString(out, e.county_code);
  out.push_back(e.key_unit ? 1 : 0);
  PutOptional(out, e.annual_energy_budget_tce);
  PutOptional(out, e.annual_carbon_budget_tco2);
}

bool DecodeEnterprise(std::string_view bytes, domain::Enterprise& e) {
  Reader r(bytes);
  uint8_t key_unit;
  if (!r.GetString(e.credit_code) || !r.GetString(e.name) || !r.GetString(e.industry_code) ||
      !r.GetString(e.township_code) || !r.GetString(e.county_code) || !r.GetByte(key_unit) ||
      key_unit > 1 || !GetOptional(r, e.annual_energy_budget_tce) ||
      !GetOptional(r, e.annual_carbon_budget_tco2)) {
    return false;
  }
  e.key_unit = key_unit == 1;
  return r.done();
}

void EncodeMeter(const domain::Meter& m, std::string& out) {
  PutString(out, m.enterprise);
  PutString(out, m.code);
  PutString(out, m.name);
  PutString(out, m.carrier);
  PutString(out, m.unit);
  PutDouble(out, m.multiplier);
  out.push_back(static_cast<char>(m.kind));
  out.push_back(static_cast<char>(m.interval));
  PutOptional(out, m.register_max);
}

bool DecodeMeter(std::string_view bytes, domain::Meter& m) {
  Reader r(bytes);
  uint8_t kind, interval;
  if (!r.GetString(m.enterprise) || !r.GetString(m.code) || !r.GetString(m.name) ||
      !r.GetString(m.carrier) || !r.GetString(m.unit) || !r.GetDouble(m.multiplier) ||
      !r.GetByte(kind) || kind > 1 || !r.GetByte(interval) || interval > 4 ||
      !GetOptional(r, m.register_max)) {
    return false;
  }
  m.kind = static_cast<domain::MeterKind>(kind);
  m.interval = static_cast<domain::MeterInterval>(interval);
  return r.done();
}

namespace {

/// The largest k ≤ 6 such that 10^k divides every value (meters send a fixed number of
/// decimals, so a value in millionths usually ends in zeros). Constant divisors keep it cheap.
int CommonScale(const BatchRow* begin, const BatchRow* end) {
  int scale = 6;
  for (const BatchRow* it = begin; it != end && scale > 0; ++it) {
    const int64_t v = it->value;
    while (scale > 0) {
      bool divides = false;
      switch (scale) {
        case 6:
          divides = v % 1000000 == 0;
          break;
        case 5:
          divides = v % 100000 == 0;
          break;
        case 4:
          divides = v % 10000 == 0;
          break;
        case 3:
          divides = v % 1000 == 0;
          break;
        case 2:
          divides = v % 100 == 0;
          break;
        default:
          divides = v % 10 == 0;
          break;
      }
      if (divides) break;
      --scale;
    }
  }
  return scale;
}

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/// Encodes rows [begin, end) continuing the differences from `prev` (the row before `begin`,
/// or all zeros at the start).
void EncodeRows(const BatchRow* begin, const BatchRow* end, const BatchRow* prev, int64_t divisor,
                std::string& out) {
  int64_t prev_meter = prev ? prev->meter : 0;
  int64_t prev_slot = prev ? prev->slot : 0;
  int64_t prev_value = prev ? prev->value / divisor : 0;
  char buffer[32];
  for (const BatchRow* it = begin; it != end; ++it) {
    const BatchRow& row = *it;
    const int64_t meter = row.meter;
    const int64_t value = row.value / divisor;
    const uint64_t attrs = row.statistics | (row.quality << 2);
    char* p = buffer;
    // Meter difference and the four attribute bits share one varint.
    p = EncodeVarint(p, (ZigZag(meter - prev_meter) << 4) | attrs);
    p = EncodeVarint(p, ZigZag(row.slot - prev_slot));
    // A run of one meter's readings codes value differences; a new meter starts afresh.
    p = EncodeVarint(p, ZigZag(meter == prev_meter ? value - prev_value : value));
    out.append(buffer, static_cast<size_t>(p - buffer));
    prev_meter = meter;
    prev_slot = row.slot;
    prev_value = value;
  }
}

}  // namespace

void EncodeBatch(const std::vector<BatchRow>& rows, std::string& out, int threads) {
  PutVarint(out, rows.size());
  const BatchRow* begin = rows.data();
  const BatchRow* end = rows.data() + rows.size();
  const bool parallel = threads >= 2 && rows.size() >= (size_t{1} << 20);
  const BatchRow* middle = begin + rows.size() / 2;
  int scale;
  if (parallel) {
    int second_scale = 0;
    std::thread worker([&] { second_scale = CommonScale(middle, end); });
    scale = CommonScale(begin, middle);
    worker.join();
    scale = std::min(scale, second_scale);
  } else {
    scale = CommonScale(begin, end);
  }
  out.push_back(static_cast<char>(scale));
  // About 5 bytes a row; the reservation is a hint (no zero-filling of a worst case).
  const size_t needed = out.size() + rows.size() * 6 + 64;
  if (out.capacity() < needed) {
    out.reserve(needed);
    AdviseHugePages(out.data(), out.capacity());
  }
  if (!parallel) {
    EncodeRows(begin, end, nullptr, kPow10[scale], out);
    return;
  }
  // Two halves in parallel; the second continues the differences from the first's last row,
  // so the bytes are exactly those of one pass.
  std::string second;
  second.reserve(static_cast<size_t>(end - middle) * 6 + 64);
  AdviseHugePages(second.data(), second.capacity());
  std::thread worker([&] { EncodeRows(middle, end, middle - 1, kPow10[scale], second); });
  EncodeRows(begin, middle, nullptr, kPow10[scale], out);
  worker.join();
  out.append(second);
}

bool DecodeBatch(std::string_view bytes, std::vector<BatchRow>& rows) {
  Reader r(bytes);
  uint64_t n;
  if (!r.GetVarint(n) || n > bytes.size()) return false;
  uint8_t scale;
  if (!r.GetByte(scale) || scale > 6) return false;
  const int64_t divisor = kPow10[scale];
  rows.clear();
  rows.reserve(n);
  int64_t prev_meter = 0, prev_slot = 0, prev_value = 0;
  for (uint64_t k = 0; k < n; ++k) {
    uint64_t head, slot, value;
    if (!r.GetVarint(head) || !r.GetVarint(slot) || !r.GetVarint(value)) return false;
    const int64_t meter = WrapAdd(prev_meter, UnZigZag(head >> 4));
    const int64_t s = WrapAdd(prev_slot, UnZigZag(slot));
    const int64_t v = meter == prev_meter ? WrapAdd(prev_value, UnZigZag(value)) : UnZigZag(value);
    if (meter < 0 || meter >= (1 << 24) || s < INT32_MIN || s > INT32_MAX) return false;
    int64_t micros;
    if (__builtin_mul_overflow(v, divisor, &micros)) return false;
    BatchRow row;
    row.value = micros;
    row.slot = static_cast<int32_t>(s);
    row.meter = static_cast<uint32_t>(meter) & 0xFFFFFFu;
    row.statistics = static_cast<uint32_t>(head & 3);
    row.quality = static_cast<uint32_t>((head >> 2) & 3);
    rows.push_back(row);
    prev_meter = meter;
    prev_slot = s;
    prev_value = v;
  }
  return r.done();
}

void FrameRecord(RecordType type, std::string_view payload, std::string& out) {
  const char type_byte = static_cast<char>(type);
  uint32_t crc = Crc32c(std::string_view(&type_byte, 1));
  crc = Crc32c(payload, crc);
  PutFixed32(out, static_cast<uint32_t>(payload.size()));
  PutFixed32(out, crc);
  out.push_back(type_byte);
  out.append(payload);
}

size_t ScanLog(std::string_view contents,
               const std::function<Status(RecordType, std::string_view)>& f, Status& status) {
  size_t pos = 0;
  while (contents.size() - pos >= kRecordHeaderSize) {
    const uint32_t length = DecodeFixed32(contents.data() + pos);
    const uint32_t crc = DecodeFixed32(contents.data() + pos + 4);
    if (length > contents.size() - pos - kRecordHeaderSize) break;  // cut short
    const std::string_view typed = contents.substr(pos + 8, 1 + length);
    if (Crc32c(typed) != crc) break;  // torn or damaged
    const auto type = static_cast<RecordType>(static_cast<uint8_t>(typed[0]));
    status = f(type, typed.substr(1));
    if (!status.ok()) return pos;
    pos += kRecordHeaderSize + length;
  }
  return pos;
}

// ----- group commit

Status LogWriter::Open(uint64_t number, bool fresh) {
  std::unique_lock lock(mu_);
  const std::string path = dir_ + "/" + LogFileName(number);
  CPK_ASSIGN_OR_RETURN(file_, fs_.OpenAppend(path));
  number_ = number;
  if (fresh) {
    CPK_RETURN_IF_ERROR(file_->Append(kLogMagic));
    CPK_RETURN_IF_ERROR(file_->Sync());
    CPK_RETURN_IF_ERROR(fs_.SyncDir(dir_));
  }
  return Status::Ok();
}

uint64_t LogWriter::Add(RecordType type, std::string_view payload) {
  std::unique_lock lock(mu_);
  FrameRecord(type, payload, buffer_);
  return ++added_;
}

uint64_t LogWriter::AddWith(RecordType type, const std::function<void(std::string&)>& write) {
  std::unique_lock lock(mu_);
  const size_t start = buffer_.size();
  buffer_.append(kRecordHeaderSize, '\0');
  write(buffer_);
  const size_t length = buffer_.size() - start - kRecordHeaderSize;
  buffer_[start + 8] = static_cast<char>(type);
  const uint32_t crc = Crc32c(std::string_view(buffer_).substr(start + 8, 1 + length));
  std::string header;
  PutFixed32(header, static_cast<uint32_t>(length));
  PutFixed32(header, crc);
  buffer_.replace(start, 8, header);
  return ++added_;
}

Status LogWriter::FlushLocked(std::unique_lock<std::mutex>& lock) {
  // Called with the lock held and writing_ false; returns with the lock held.
  writing_ = true;
  std::string batch;
  batch.swap(buffer_);
  const uint64_t upto = added_;
  lock.unlock();
  Status s = batch.empty() ? Status::Ok() : file_->Append(batch);
  if (s.ok() && !batch.empty()) s = file_->Sync();
  lock.lock();
  writing_ = false;
  if (!s.ok()) {
    failure_ = s.WithContext("the monitoring log could not be written; nothing after batch " +
                             std::to_string(durable_) + " is acknowledged: ");
  } else {
    durable_ = upto;
  }
  cv_.notify_all();
  return failure_;
}

Status LogWriter::WaitDurable(uint64_t ticket) {
  std::unique_lock lock(mu_);
  while (durable_ < ticket && failure_.ok()) {
    if (writing_) {
      cv_.wait(lock);  // a leader is writing; it may take this record along
    } else {
      (void)FlushLocked(lock);  // become the leader for everything queued so far
    }
  }
  return durable_ >= ticket ? Status::Ok() : failure_;
}

Status LogWriter::Rotate(uint64_t number) {
  std::unique_lock lock(mu_);
  while (writing_) cv_.wait(lock);
  if (!buffer_.empty()) CPK_RETURN_IF_ERROR(FlushLocked(lock));
  CPK_RETURN_IF_ERROR(failure_);
  CPK_RETURN_IF_ERROR(file_->Close());
  const std::string path = dir_ + "/" + LogFileName(number);
  CPK_ASSIGN_OR_RETURN(file_, fs_.OpenAppend(path));
  number_ = number;
  CPK_RETURN_IF_ERROR(file_->Append(kLogMagic));
  CPK_RETURN_IF_ERROR(file_->Sync());
  return fs_.SyncDir(dir_);
}

size_t LogWriter::pending_bytes() {
  std::unique_lock lock(mu_);
  return buffer_.size();
}

// ----- segments

void FrameSection(uint8_t type, std::string_view payload, std::string& out) {
  out.push_back(static_cast<char>(type));
  PutFixed64(out, payload.size());
  PutFixed32(out, Crc32c(payload));
  out.append(payload);
}

bool ScanSections(std::string_view contents,
                  const std::function<bool(uint8_t, std::string_view)>& f, std::string& why) {
  Reader r(contents);
  while (!r.done()) {
    uint8_t type;
    uint64_t length;
    uint32_t crc;
    std::string_view payload;
    if (!r.GetByte(type) || !r.GetFixed64(length) || !r.GetFixed32(crc) ||
        !r.GetBytes(static_cast<size_t>(length), payload)) {
      why = "a section is cut short";
      return false;
    }
    if (Crc32c(payload) != crc) {
      why = "a section of type " + std::to_string(type) + " fails its checksum";
      return false;
    }
    if (!f(type, payload)) {
      why = "a section of type " + std::to_string(type) + " cannot be decoded";
      return false;
    }
  }
  return true;
}

void EncodeSeries(const MeterSeries& series, std::string& out) {
  // Gather the stored positions once.
  std::vector<int64_t> positions;
  std::vector<int64_t> values;
  std::vector<uint8_t> flags;
  positions.reserve(series.count());
  values.reserve(series.count());
  flags.reserve(series.count());
  series.ForEach(series.min_position(), series.max_position(),
                 [&](int64_t position, int64_t value, uint8_t f) {
                   positions.push_back(position);
                   values.push_back(value);
                   flags.push_back(f);
                 });
  PutVarint(out, positions.size());
  if (positions.empty()) return;
  // Largest power of ten (up to 10^6) dividing every value.
  int scale = 6;
  int64_t divisor = 1000000;
  for (int64_t v : values) {
    while (scale > 0 && v % divisor != 0) {
      --scale;
      divisor /= 10;
    }
    if (scale == 0) break;
  }
  out.push_back(static_cast<char>(scale));
  // Runs of consecutive positions.
  std::string runs;
  size_t run_count = 0;
  int64_t prev_end = 0;
  for (size_t k = 0; k < positions.size();) {
    size_t j = k + 1;
    while (j < positions.size() && positions[j] == positions[j - 1] + 1) ++j;
    PutSigned(runs, positions[k] - prev_end);
    PutVarint(runs, j - k);
    prev_end = positions[j - 1] + 1;
    ++run_count;
    k = j;
  }
  PutVarint(out, run_count);
  out += runs;
  // Runs of equal flags.
  std::string flag_runs;
  size_t flag_run_count = 0;
  for (size_t k = 0; k < flags.size();) {
    size_t j = k + 1;
    while (j < flags.size() && flags[j] == flags[k]) ++j;
    flag_runs.push_back(static_cast<char>(flags[k]));
    PutVarint(flag_runs, j - k);
    ++flag_run_count;
    k = j;
  }
  PutVarint(out, flag_run_count);
  out += flag_runs;
  // Values: differences of the scaled values.
  const size_t start = out.size();
  out.resize(start + values.size() * 10);
  char* p = out.data() + start;
  int64_t prev = 0;
  for (int64_t v : values) {
    const int64_t scaled = v / divisor;
    p = EncodeVarint(p, ZigZag(scaled - prev));
    prev = scaled;
  }
  out.resize(static_cast<size_t>(p - out.data()));
}

bool DecodeSeries(std::string_view bytes, MeterSeries& series) {
  Reader r(bytes);
  uint64_t n;
  if (!r.GetVarint(n) || n > bytes.size() * 8) return false;
  if (n == 0) return r.done();
  uint8_t scale;
  if (!r.GetByte(scale) || scale > 6) return false;
  int64_t divisor = 1;
  for (int k = 0; k < scale; ++k) divisor *= 10;
  std::vector<int64_t> positions;
  positions.reserve(n);
  uint64_t run_count;
  if (!r.GetVarint(run_count) || run_count > n) return false;
  int64_t prev_end = 0;
  for (uint64_t k = 0; k < run_count; ++k) {
    int64_t gap;
    uint64_t length;
    if (!r.GetSigned(gap) || !r.GetVarint(length) || length == 0 || length > n - positions.size()) {
      return false;
    }
    const int64_t start = WrapAdd(prev_end, gap);
    if (start < -(int64_t{1} << 40) || start > (int64_t{1} << 40)) return false;
    for (uint64_t j = 0; j < length; ++j) positions.push_back(start + static_cast<int64_t>(j));
    prev_end = start + static_cast<int64_t>(length);
  }
  if (positions.size() != n) return false;
  std::vector<uint8_t> flags;
  flags.reserve(n);
  uint64_t flag_run_count;
  if (!r.GetVarint(flag_run_count) || flag_run_count > n) return false;
  for (uint64_t k = 0; k < flag_run_count; ++k) {
    uint8_t f;
    uint64_t length;
    if (!r.GetByte(f) || !r.GetVarint(length) || length == 0 || length > n - flags.size()) {
      return false;
    }
    flags.insert(flags.end(), length, f);
  }
  if (flags.size() != n) return false;
  int64_t prev = 0;
  for (uint64_t k = 0; k < n; ++k) {
    int64_t delta;
    if (!r.GetSigned(delta)) return false;
    prev = WrapAdd(prev, delta);
    int64_t value;
    if (__builtin_mul_overflow(prev, divisor, &value)) return false;
    if (!(flags[k] & kFlagPresent)) return false;
    series.Restore(positions[k], value, flags[k]);
  }
  return r.done();
}

void EncodeRevisions(const std::vector<Revision>& revisions, std::string& out) {
  PutVarint(out, revisions.size());
  for (const Revision& r : revisions) {
    PutSigned(out, r.position);
    PutSigned(out, r.value);
    out.push_back(static_cast<char>(r.flags));
    out.push_back(static_cast<char>(r.kind));
    PutVarint(out, r.batch);
  }
}

bool DecodeRevisions(std::string_view bytes, std::vector<Revision>& revisions) {
  Reader r(bytes);
  uint64_t n;
  if (!r.GetVarint(n) || n > bytes.size()) return false;
  revisions.clear();
  revisions.reserve(n);
  for (uint64_t k = 0; k < n; ++k) {
    Revision rev;
    uint8_t kind;
    if (!r.GetSigned(rev.position) || !r.GetSigned(rev.value) || !r.GetByte(rev.flags) ||
        !r.GetByte(kind) || kind > 1 || !r.GetVarint(rev.batch)) {
      return false;
    }
    rev.kind = static_cast<Revision::Kind>(kind);
    revisions.push_back(rev);
  }
  return r.done();
}

}  // namespace carbonpeak::monitor::internal
