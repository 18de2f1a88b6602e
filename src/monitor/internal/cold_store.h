// The spill file of the monitor: reading blocks and rollup chunks older than the hot window are
// written here and leave memory; they are read back on demand (queries, revisions, a late
// correction). It is a cache of data the log and the segments hold durably, so it is an
// unnamed file that disappears with the process, is never synced, and is rebuilt from scratch
// on every start.
//
//   CPK_ASSIGN_OR_RETURN(std::unique_ptr<ColdStore> cold, ColdStore::Create(dir));
//   ColdRef ref = cold->Append(bytes);      // the writer (under the engine's exclusive lock)
//   std::string bytes_back;
//   cold->Read(ref, bytes_back);             // any thread
//
// Thread safety: Append from one thread at a time (the engine's writer); Read from any number
// of threads concurrently (pread). Failure contract: Create
// returns Unavailable; a failed write or read of the spill file stops the process with a
// message on stderr, as running out of memory would (the data it held cannot be produced any
// other way while the engine runs).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak::monitor::internal {

/// Where a spilled piece is: offset and length in the spill file. 0 means "not spilled".
struct ColdRef {
  uint64_t offset = 0;
  uint32_t length = 0;
  bool valid() const { return length != 0; }
};

class ColdStore {
 public:
  /// An unnamed spill file in `dir` (created when absent).
  static Result<std::unique_ptr<ColdStore>> Create(const std::string& dir);
  ~ColdStore();
  ColdStore(const ColdStore&) = delete;
  ColdStore& operator=(const ColdStore&) = delete;

  ColdRef Append(std::string_view bytes);
  /// Reads `ref` into `out` (resized).
  void Read(ColdRef ref, std::string& out) const;

  /// Bytes written so far.
  uint64_t size() const { return size_; }
  /// Unique over the process's lifetime (keys the per-thread caches).
  uint64_t id() const { return id_; }

 private:
  ColdStore(int fd, uint64_t id) : fd_(fd), id_(id) {}
  int fd_;
  uint64_t id_;
  uint64_t size_ = 8;  // offset 0 is never used, so a zero ColdRef means "none"
};

}  // namespace carbonpeak::monitor::internal
