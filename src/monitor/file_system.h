// The monitor's only door to the disk: a small file interface for its durable log and its
// segments (leveldb's Env, ninja's DiskInterface), so that tests can fake the disk and inject
// failures. PosixFileSystem() is the real one.
//
//   monitor::FileSystem& fs = monitor::PosixFileSystem();
//   CPK_ASSIGN_OR_RETURN(std::unique_ptr<monitor::AppendFile> log, fs.OpenAppend(path));
//   CPK_RETURN_IF_ERROR(log->Append(bytes));
//   CPK_RETURN_IF_ERROR(log->Sync());       // durable once this returns OK
//
// Thread safety: FileSystem methods may be called concurrently; one AppendFile is used by one
// thread at a time. Failure contract: errors are returned as Status (Unavailable for I/O
// errors, NotFound for missing files), naming the path and the system's reason.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace carbonpeak::monitor {

/// A file opened for appending.
class AppendFile {
 public:
  virtual ~AppendFile() = default;
  virtual Status Append(std::string_view bytes) = 0;
  /// Flushes everything appended so far to stable storage (fdatasync).
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// Opens `path` for appending, creating it when absent.
  virtual Result<std::unique_ptr<AppendFile>> OpenAppend(const std::string& path) = 0;
  virtual Result<std::string> ReadAll(const std::string& path) = 0;
  /// Names (not paths) of the entries of `dir`.
  virtual Result<std::vector<std::string>> List(const std::string& dir) = 0;
  virtual Status CreateDir(const std::string& dir) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  virtual Status Remove(const std::string& path) = 0;
  /// Cuts `path` to `size` bytes (drops a torn tail).
  virtual Status Truncate(const std::string& path, uint64_t size) = 0;
  /// Makes renames and creations in `dir` durable.
  virtual Status SyncDir(const std::string& dir) = 0;
};

/// The operating system's file system.
FileSystem& PosixFileSystem();

/// A whole input file mapped read-only into memory (bulk CSV loads): no copy, and the pages come
/// from the page cache instead of being faulted into fresh memory one by one.
///
///   CPK_ASSIGN_OR_RETURN(monitor::MappedFile file, monitor::MappedFile::Open("readings.csv"));
///   engine->IngestCsv(file.contents(), {.source_name = "readings.csv"});
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path);
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view contents() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace carbonpeak::monitor
