// A thin RAII layer over the SQLite C API used by the repositories: one connection with a
// cache of prepared statements, typed binding and reading, and transactions that roll back
// unless committed. Internal to store/sqlite; the only header that includes sqlite3.h.
//
// Thread safety: none. The owner (SqliteStore) serialises every use behind its mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace carbonpeak::store::sqlite {

class Connection;

/// A prepared statement borrowed from the connection's cache; reset when it goes out of scope.
/// Parameters and columns are numbered as in SQLite: parameters from 1, columns from 0.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& BindInt(int param, int64_t value);
  Statement& BindDouble(int param, double value);
  Statement& BindText(int param, std::string_view value);
  Statement& BindNull(int param);
  /// Binds bytes as a BLOB (read back with Text()).
  Statement& BindBlob(int param, std::string_view bytes);
  Statement& BindOptDouble(int param, const std::optional<double>& value);
  Statement& BindOptInt(int param, const std::optional<int>& value);

  /// Advances: true when a row is available, false when done.
  Result<bool> Step();
  /// Steps to completion, for statements that return no rows.
  Status Run();

  int64_t Int(int column) const;
  int IntNarrow(int column) const;  // for columns holding ints (years, lines, positions)
  double Double(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  std::optional<double> OptDouble(int column) const;
  std::optional<int> OptInt(int column) const;

 private:
  friend class Connection;
  /// `in_use` points at the cache entry's flag, or is null for an uncached statement.
  Statement(const Connection* connection, sqlite3_stmt* stmt, bool* in_use)
      : connection_(connection), stmt_(stmt), in_use_(in_use) {}

  const Connection* connection_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
};

class Connection {
 public:
  /// Opens read-write, creating the file when missing. `path` may be ":memory:".
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without parameters.
  Status Exec(std::string_view sql);
  /// A cached prepared statement for `sql` (a fresh one if the cached one is in use).
  Result<Statement> Prepare(std::string_view sql);
  /// A single integer from a query such as "PRAGMA user_version".
  Result<int64_t> QueryInt(std::string_view sql);

  Status SetBusyTimeout(int milliseconds);
  int64_t LastInsertRowid() const;
  const std::string& path() const { return path_; }

  /// A Status for the connection's last error: "<what>: <sqlite message>" with a code that
  /// fits the SQLite result code (busy → kUnavailable, corrupt → kDataLoss, constraint →
  /// kInvalidArgument, otherwise kInternal).
  Status LastError(int rc, std::string_view what) const;

 private:
  friend class Statement;
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, CachedStatement> cache_;
};

/// BEGIN … COMMIT; the destructor rolls back when Commit() was not reached.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };  // kWrite takes the write lock at once (BEGIN IMMEDIATE)

  static Result<Transaction> Begin(Connection& connection, Mode mode);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;  // null once committed or rolled back
};

}  // namespace carbonpeak::store::sqlite
