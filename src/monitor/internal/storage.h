// The monitor's durable storage: the append-only log (framing, group commit, replay) and the
// record and segment encodings. docs/design/monitor-log.md describes the formats.
//
//   LogWriter log(fs, dir);
//   CPK_RETURN_IF_ERROR(log.Open(1));
//   uint64_t ticket = log.Add(RecordType::kBatch, payload);   // in apply order
//   CPK_RETURN_IF_ERROR(log.WaitDurable(ticket));             // group commit: one fsync for
//                                                              // every batch that waited
// Thread safety: LogWriter::Add must be called in the order the records are applied (the
// engine holds its lock); WaitDurable may be called concurrently from many threads.
// Failure contract: a failed write or fsync puts the writer in a failed state: every waiting
// and later batch gets the error (Unavailable); reopen the engine to recover from the log.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/monitoring.h"
#include "monitor/batch.h"
#include "monitor/file_system.h"
#include "monitor/internal/memory.h"
#include "monitor/internal/series.h"

namespace carbonpeak::monitor::internal {

/// Stored: append only.
enum class RecordType : uint8_t {
  kEnterprise = 1,
  kMeter = 2,
  kBatch = 3,
  kAlertAck = 4,
};

inline constexpr std::string_view kLogMagic = "CPKMLOG\x01";
inline constexpr std::string_view kSegmentMagic = "CPKMSEG\x01";
inline constexpr size_t kRecordHeaderSize = 4 + 4 + 1;  // length, crc, type

/// "wal-000012.log", "seg-000012.seg".
std::string LogFileName(uint64_t number);
std::string SegmentFileName(uint64_t number);
/// Parses a file name of either kind; false for other names.
bool ParseFileName(std::string_view name, std::string_view prefix, std::string_view suffix,
                   uint64_t& number);

// ----- record payloads

void EncodeEnterprise(const domain::Enterprise& e, std::string& out);
bool DecodeEnterprise(std::string_view bytes, domain::Enterprise& e);
void EncodeMeter(const domain::Meter& m, std::string& out);
bool DecodeMeter(std::string_view bytes, domain::Meter& m);
/// Rows in batch order; values divided by their common power of ten, consecutive rows of one
/// meter delta-coded. Large batches are encoded by `threads` (≤ 2) threads; the bytes are the
/// same.
void EncodeBatch(const std::vector<BatchRow>& rows, std::string& out, int threads = 1);
bool DecodeBatch(std::string_view bytes, std::vector<BatchRow>& rows);

/// Appends one framed record: length, CRC-32C of type and payload, type, payload.
void FrameRecord(RecordType type, std::string_view payload, std::string& out);

/// Reads the framed records of a log file's contents (after the magic) and calls f for each.
/// Stops at the first record that is cut short or fails its CRC (a torn tail) and returns the
/// length of the valid prefix; an error from f stops the scan and is returned in `status`.
size_t ScanLog(std::string_view contents,
               const std::function<Status(RecordType, std::string_view)>& f, Status& status);

// ----- group commit

class LogWriter {
 public:
  LogWriter(FileSystem& fs, std::string dir) : fs_(fs), dir_(std::move(dir)) {}

  /// Starts appending to log file `number` (created with its magic when new).
  Status Open(uint64_t number, bool fresh);
  /// Queues a record; returns the ticket to wait for.
  uint64_t Add(RecordType type, std::string_view payload);
  /// Queues a record whose payload `write` appends straight into the queue (no copy of a large
  /// batch).
  uint64_t AddWith(RecordType type, const std::function<void(std::string&)>& write);
  /// Returns once the record with `ticket` is on disk, or the write error.
  Status WaitDurable(uint64_t ticket);
  /// Flushes everything queued, then continues in a new log file `number`.
  Status Rotate(uint64_t number);
  uint64_t number() const { return number_; }
  /// Bytes queued but not yet written (for tests).
  size_t pending_bytes();

 private:
  Status FlushLocked(std::unique_lock<std::mutex>& lock);

  FileSystem& fs_;
  std::string dir_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<AppendFile> file_;
  uint64_t number_ = 0;
  std::string buffer_;
  uint64_t added_ = 0;
  uint64_t durable_ = 0;
  bool writing_ = false;
  Status failure_;
};

// ----- segments

/// Appends a framed section: type, 8-byte length, CRC-32C of the payload, payload.
void FrameSection(uint8_t type, std::string_view payload, std::string& out);
/// Splits a segment (after its magic) into sections; false and a reason when one is damaged.
bool ScanSections(std::string_view contents,
                  const std::function<bool(uint8_t, std::string_view)>& f, std::string& why);

/// Compact encoding of one meter's stored positions: runs of consecutive positions, runs of
/// equal flags, and values divided by their largest common power of ten (≤ 10^6) and coded as
/// zigzag varint differences. Typical 15-minute data takes 2–3 bytes per reading.
void EncodeSeries(const MeterSeries& series, std::string& out);
bool DecodeSeries(std::string_view bytes, MeterSeries& series);

void EncodeRevisions(const std::vector<Revision>& revisions, std::string& out);
bool DecodeRevisions(std::string_view bytes, std::vector<Revision>& revisions);

}  // namespace carbonpeak::monitor::internal
