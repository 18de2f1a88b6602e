#include "store/sqlite/connection.h"

#include <utility>

namespace carbonpeak::store::sqlite {

// ----------------------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_), stmt_(other.stmt_), in_use_(other.in_use_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

// Binding fails only on a wrong parameter index or out of memory: both are bugs or fatal.
Statement& Statement::BindInt(int param, int64_t value) {
  CPK_CHECK(sqlite3_bind_int64(stmt_, param, value) == SQLITE_OK);
  return *this;
}

Statement& Statement::BindDouble(int param, double value) {
  CPK_CHECK(sqlite3_bind_double(stmt_, param, value) == SQLITE_OK);
  return *this;
}

Statement& Statement::BindText(int param, std::string_view value) {
  CPK_CHECK(sqlite3_bind_text64(stmt_, param, value.data(), value.size(), SQLITE_TRANSIENT,
                                SQLITE_UTF8) == SQLITE_OK);
  return *this;
}

Statement& Statement::BindBlob(int param, std::string_view bytes) {
  CPK_CHECK(sqlite3_bind_blob64(stmt_, param, bytes.data(), bytes.size(), SQLITE_TRANSIENT) ==
            SQLITE_OK);
  return *this;
}

Statement& Statement::BindNull(int param) {
  CPK_CHECK(sqlite3_bind_null(stmt_, param) == SQLITE_OK);
  return *this;
}

Statement& Statement::BindOptDouble(int param, const std::optional<double>& value) {
  return value ? BindDouble(param, *value) : BindNull(param);
}

Statement& Statement::BindOptInt(int param, const std::optional<int>& value) {
  return value ? BindInt(param, *value) : BindNull(param);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return connection_->LastError(rc, "database statement failed");
}

Status Statement::Run() {
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

int Statement::IntNarrow(int column) const { return sqlite3_column_int(stmt_, column); }

double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<double> Statement::OptDouble(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Double(column);
}

std::optional<int> Statement::OptInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return IntNarrow(column);
}

// ----------------------------------------------------------------------------- Connection

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::FailedPrecondition(
        "cannot open the database " + path + ": " + detail +
        ". Check that the folder exists and that the program may write to it.");
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db, path));
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    Status status = LastError(rc, "database command failed");
    return Status(status.code(), "database command failed: " + message);
  }
  return Status::Ok();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  // Elements of an unordered_map keep their address, so Statement may hold &entry.in_use.
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(this, it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError(rc, "cannot prepare database statement");
  if (it == cache_.end()) {
    auto entry =
        cache_.emplace(std::string(sql), CachedStatement{.stmt = stmt, .in_use = true}).first;
    return Statement(this, stmt, &entry->second.in_use);
  }
  return Statement(this, stmt, nullptr);  // the cached one is busy (nested use)
}

Result<int64_t> Connection::QueryInt(std::string_view sql) {
  CPK_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal("query returned no row: " + std::string(sql));
  return stmt.Int(0);
}

Status Connection::SetBusyTimeout(int milliseconds) {
  int rc = sqlite3_busy_timeout(db_, milliseconds);
  if (rc != SQLITE_OK) return LastError(rc, "cannot set the busy timeout");
  return Status::Ok();
}

int64_t Connection::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

Status Connection::LastError(int rc, std::string_view what) const {
  std::string message = std::string(what) + " (" + path_ + "): " + sqlite3_errmsg(db_);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(message +
                                 ". Another program is writing to the database; "
                                 "try again in a moment.");
    case SQLITE_FULL:
      return Status::Unavailable(message + ". The disk is full; free space and try again.");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Status::Unavailable(message + ". Check the disk and the file permissions.");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(message +
                              ". The database file is damaged; restore it from a "
                              "backup.");
    case SQLITE_CONSTRAINT:
      // A trigger refusing an UPDATE/DELETE means our own code tried to overwrite history.
      if (rc == SQLITE_CONSTRAINT_TRIGGER) return Status::Internal(message);
      return Status::InvalidArgument(message);
    default:
      return Status::Internal(message);
  }
}

// ----------------------------------------------------------------------------- Transaction

Result<Transaction> Transaction::Begin(Connection& connection, Mode mode) {
  CPK_RETURN_IF_ERROR(connection.Exec(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
  other.connection_ = nullptr;
}

Transaction::~Transaction() {
  if (connection_ != nullptr) {
    // Nothing useful to do if ROLLBACK itself fails: SQLite then rolls back on close.
    (void)connection_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  CPK_CHECK(connection_ != nullptr);  // Commit() is called once per transaction.
  Status status = connection_->Exec("COMMIT");
  if (status.ok()) connection_ = nullptr;
  return status;
}

}  // namespace carbonpeak::store::sqlite
