// SQLite AccountStore: users (identity + revisions), sessions, API tokens, security events.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sqlite/accounts_progress.h"

namespace carbonpeak::store::sqlite {
namespace {

using nlohmann::json;

constexpr const char* kUserColumns =
    "u.id, u.username, u.created_at, r.revision, r.display_name, r.role, r.region_code, r.unit, "
    "r.enterprise, r.disabled, r.password_hash, r.recorded_at";
constexpr const char* kLatestUserRevision =
    "r.revision = (SELECT max(r2.revision) FROM user_revisions r2 WHERE r2.user_id = u.id)";

Result<User> ReadUser(const Statement& stmt) {
  User user;
  user.id = stmt.Int(0);
  user.username = stmt.Text(1);
  user.created_at = Timestamp{stmt.Int(2)};
  user.revision = stmt.Int(3);
  user.display_name = stmt.Text(4);
  std::string role = stmt.Text(5);
  std::optional<Role> parsed = ParseRole(role);
  if (!parsed) {
    return Status::DataLoss(fmt::format(
        "user {} has the unknown role \"{}\" in the database; this program may be older than "
        "the database",
        user.username, role));
  }
  user.role = *parsed;
  user.region_code = stmt.Text(6);
  user.unit = stmt.Text(7);
  user.enterprise = stmt.Text(8);
  user.disabled = stmt.Int(9) != 0;
  user.password_hash = stmt.Text(10);
  user.updated_at = Timestamp{stmt.Int(11)};
  return user;
}

/// The user as the audit log shows it: never the password hash.
std::string UserAuditJson(const User& user, bool password_changed) {
  json j{{"id", user.id},
         {"username", user.username},
         {"display_name", user.display_name},
         {"role", std::string(RoleName(user.role))},
         {"region_code", user.region_code},
         {"unit", user.unit},
         {"enterprise", user.enterprise},
         {"disabled", user.disabled},
         {"revision", user.revision}};
  if (password_changed) j["password_changed"] = true;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool ValidUsername(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status CheckUserFields(const User& user, std::string_view what) {
  if (user.password_hash.empty()) {
    return Status::InvalidArgument(fmt::format("{}: the password hash is missing", what));
  }
  if (user.role == Role::kDepartment && IsBlank(user.unit)) {
    return Status::InvalidArgument(fmt::format(
        "{}: a department user must be bound to a responsible unit (--unit, the unit's name "
        "as the plan lists it, e.g. 区发展和改革局)",
        what));
  }
  if (user.role == Role::kTownship && IsBlank(user.region_code)) {
    return Status::InvalidArgument(
        fmt::format("{}: a township user must be bound to a region (--region, its code)", what));
  }
  if (user.role == Role::kEnterprise && IsBlank(user.enterprise)) {
    return Status::InvalidArgument(fmt::format(
        "{}: an enterprise user must be bound to an enterprise (--enterprise, its id)", what));
  }
  return Status::Ok();
}

Status InsertUserRevision(Connection& db, const User& user, const WriteContext& ctx,
                          Timestamp now) {
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO user_revisions (user_id, revision, display_name, role, region_code, "
                 "unit, enterprise, disabled, password_hash, author, recorded_at, reason) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  stmt.BindInt(1, user.id)
      .BindInt(2, user.revision)
      .BindText(3, user.display_name)
      .BindText(4, RoleName(user.role))
      .BindText(5, user.region_code)
      .BindText(6, user.unit)
      .BindText(7, user.enterprise)
      .BindInt(8, user.disabled ? 1 : 0)
      .BindText(9, user.password_hash)
      .BindText(10, ctx.author)
      .BindInt(11, now.micros)
      .BindText(12, ctx.reason);
  return stmt.Run();
}

}  // namespace

Result<User> SqliteAccountsAndProgress::LoadUser(Connection& db, int64_t id) {
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(fmt::format("SELECT {} FROM users u JOIN user_revisions r ON r.user_id = u.id "
                             "WHERE u.id = ?1 AND {}",
                             kUserColumns, kLatestUserRevision)));
  stmt.BindInt(1, id);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return Status::NotFound(fmt::format("there is no user with id {}", id));
  return ReadUser(stmt);
}

Result<int64_t> SqliteAccountsAndProgress::CreateUser(const User& user, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  std::string what = fmt::format("adding user {}", user.username);
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, what, /*reason_required=*/false));
  if (!ValidUsername(user.username)) {
    return Status::InvalidArgument(fmt::format(
        "{}: a user name has 1 to 64 letters, digits, '.', '_' or '-' (no spaces or Chinese "
        "characters), e.g. fgj or zhang.san",
        what));
  }
  CPK_RETURN_IF_ERROR(CheckUserFields(user, what));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  {
    CPK_ASSIGN_OR_RETURN(Statement existing, db.Prepare("SELECT 1 FROM users WHERE username = ?1"));
    existing.BindText(1, user.username);
    CPK_ASSIGN_OR_RETURN(bool taken, existing.Step());
    if (taken) {
      return Status::AlreadyExists(fmt::format(
          "{}: the user name is taken; choose another or change the existing user", what));
    }
  }
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO users (username, created_at, created_by) VALUES (?1, ?2, ?3)"));
    stmt.BindText(1, user.username).BindInt(2, now.micros).BindText(3, ctx.author);
    CPK_RETURN_IF_ERROR(stmt.Run());
  }
  User stored = user;
  stored.id = db.LastInsertRowid();
  stored.revision = 1;
  CPK_RETURN_IF_ERROR(InsertUserRevision(db, stored, ctx, now));
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "user.create",
                                              .entity = fmt::format("user:{}", user.username),
                                              .before = "",
                                              .after = UserAuditJson(stored, false),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return stored.id;
}

Result<User> SqliteAccountsAndProgress::GetUser(int64_t id) {
  std::lock_guard lock(state_->mutex);
  return LoadUser(*state_->connection, id);
}

Result<User> SqliteAccountsAndProgress::FindUser(const std::string& username) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(fmt::format("SELECT {} FROM users u JOIN user_revisions r ON r.user_id = u.id "
                             "WHERE u.username = ?1 AND {}",
                             kUserColumns, kLatestUserRevision)));
  stmt.BindText(1, username);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return Status::NotFound(fmt::format("there is no user named \"{}\"", username));
  }
  return ReadUser(stmt);
}

Result<std::vector<User>> SqliteAccountsAndProgress::ListUsers() {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(fmt::format("SELECT {} FROM users u JOIN user_revisions r ON r.user_id = u.id "
                             "WHERE {} ORDER BY u.username",
                             kUserColumns, kLatestUserRevision)));
  std::vector<User> users;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CPK_ASSIGN_OR_RETURN(User user, ReadUser(stmt));
    users.push_back(std::move(user));
  }
  return users;
}

Result<User> SqliteAccountsAndProgress::ReviseUser(const User& user, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  std::string what = fmt::format("changing user {}", user.username);
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, what, /*reason_required=*/true));
  CPK_RETURN_IF_ERROR(CheckUserFields(user, what));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(User before, LoadUser(db, user.id));
  if (before.username != user.username) {
    return Status::InvalidArgument(fmt::format(
        "{}: user {} is named \"{}\"; a user name cannot change (add a new user instead)", what,
        user.id, before.username));
  }
  User after = user;
  after.created_at = before.created_at;
  after.revision = before.revision + 1;
  after.updated_at = now;
  CPK_RETURN_IF_ERROR(InsertUserRevision(db, after, ctx, now));
  bool password_changed = before.password_hash != after.password_hash;
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "user.revise",
                                              .entity = fmt::format("user:{}", user.username),
                                              .before = UserAuditJson(before, false),
                                              .after = UserAuditJson(after, password_changed),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return after;
}

Result<int64_t> SqliteAccountsAndProgress::CreateSession(const Session& session,
                                                         const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "starting a session", false));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(User user, LoadUser(db, session.user_id));
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, remote_addr) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)"));
  stmt.BindText(1, session.token_hash)
      .BindInt(2, session.user_id)
      .BindInt(3, now.micros)
      .BindInt(4, session.expires_at.micros)
      .BindText(5, session.remote_addr);
  CPK_RETURN_IF_ERROR(stmt.Run());
  int64_t id = db.LastInsertRowid();
  json after{{"session", id},
             {"user", user.username},
             {"expires_at", FormatTimestamp(session.expires_at)},
             {"remote_addr", session.remote_addr}};
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "session.create",
                                              .entity = fmt::format("user:{}", user.username),
                                              .before = "",
                                              .after = after.dump(),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<Session> SqliteAccountsAndProgress::FindSession(const std::string& token_hash) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT s.id, s.token_hash, s.user_id, s.created_at, s.expires_at, "
                 "s.remote_addr, v.session_id IS NOT NULL FROM sessions s "
                 "LEFT JOIN session_revocations v ON v.session_id = s.id WHERE s.token_hash = ?1"));
  stmt.BindText(1, token_hash);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return Status::NotFound("no such session; log in again");
  return Session{.id = stmt.Int(0),
                 .token_hash = stmt.Text(1),
                 .user_id = stmt.Int(2),
                 .created_at = Timestamp{stmt.Int(3)},
                 .expires_at = Timestamp{stmt.Int(4)},
                 .revoked = stmt.Int(6) != 0,
                 .remote_addr = stmt.Text(5)};
}

Status SqliteAccountsAndProgress::RevokeSession(int64_t session_id, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "ending a session", false));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  {
    CPK_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT (SELECT count(*) FROM sessions WHERE id = ?1), "
                                    "(SELECT count(*) FROM session_revocations WHERE "
                                    "session_id = ?1)"));
    stmt.BindInt(1, session_id);
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    CPK_CHECK(row);  // an aggregate query always returns one row
    if (stmt.Int(0) == 0) return Status::NotFound(fmt::format("no session {}", session_id));
    if (stmt.Int(1) != 0) return tx.Commit();
  }
  CPK_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("INSERT INTO session_revocations (session_id, revoked_at, "
                                  "revoked_by) VALUES (?1, ?2, ?3)"));
  stmt.BindInt(1, session_id).BindInt(2, now.micros).BindText(3, ctx.author);
  CPK_RETURN_IF_ERROR(stmt.Run());
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "session.revoke",
                                              .entity = fmt::format("session:{}", session_id),
                                              .before = "",
                                              .after = "{}",
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  return tx.Commit();
}

Result<int64_t> SqliteAccountsAndProgress::CreateToken(const ApiToken& token,
                                                       const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "creating an API token", false));
  if (IsBlank(token.name)) {
    return Status::InvalidArgument(
        "creating an API token: give it a name that says what it is for, e.g. \"meter upload\"");
  }
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(User user, LoadUser(db, token.user_id));
  CPK_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("INSERT INTO api_tokens (user_id, name, token_hash, created_at, "
                                  "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  stmt.BindInt(1, token.user_id)
      .BindText(2, token.name)
      .BindText(3, token.token_hash)
      .BindInt(4, now.micros);
  if (token.expires_at) {
    stmt.BindInt(5, token.expires_at->micros);
  } else {
    stmt.BindNull(5);
  }
  CPK_RETURN_IF_ERROR(stmt.Run());
  int64_t id = db.LastInsertRowid();
  json after{{"token", id}, {"user", user.username}, {"name", token.name}};
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "token.create",
                                              .entity = fmt::format("token:{}", id),
                                              .before = "",
                                              .after = after.dump(),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return id;
}

namespace {
constexpr const char* kTokenSelect =
    "SELECT t.id, t.user_id, t.name, t.token_hash, t.created_at, t.expires_at, "
    "v.token_id IS NOT NULL FROM api_tokens t LEFT JOIN api_token_revocations v "
    "ON v.token_id = t.id ";

ApiToken ReadToken(const Statement& stmt) {
  ApiToken token;
  token.id = stmt.Int(0);
  token.user_id = stmt.Int(1);
  token.name = stmt.Text(2);
  token.token_hash = stmt.Text(3);
  token.created_at = Timestamp{stmt.Int(4)};
  if (!stmt.IsNull(5)) token.expires_at = Timestamp{stmt.Int(5)};
  token.revoked = stmt.Int(6) != 0;
  return token;
}
}  // namespace

Result<ApiToken> SqliteAccountsAndProgress::FindToken(const std::string& token_hash) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(Statement stmt, state_->connection->Prepare(std::string(kTokenSelect) +
                                                                   "WHERE t.token_hash = ?1"));
  stmt.BindText(1, token_hash);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return Status::NotFound("no such API token");
  return ReadToken(stmt);
}

Result<std::vector<ApiToken>> SqliteAccountsAndProgress::ListTokens(int64_t user_id) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(Statement stmt,
                       state_->connection->Prepare(std::string(kTokenSelect) +
                                                   "WHERE t.user_id = ?1 ORDER BY t.id"));
  stmt.BindInt(1, user_id);
  std::vector<ApiToken> tokens;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    tokens.push_back(ReadToken(stmt));
  }
  return tokens;
}

Status SqliteAccountsAndProgress::RevokeToken(int64_t token_id, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "revoking an API token", false));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  {
    CPK_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT (SELECT count(*) FROM api_tokens WHERE id = ?1), "
                                    "(SELECT count(*) FROM api_token_revocations WHERE "
                                    "token_id = ?1)"));
    stmt.BindInt(1, token_id);
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    CPK_CHECK(row);  // an aggregate query always returns one row
    if (stmt.Int(0) == 0) return Status::NotFound(fmt::format("no API token {}", token_id));
    if (stmt.Int(1) != 0) return tx.Commit();
  }
  CPK_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("INSERT INTO api_token_revocations (token_id, revoked_at, "
                                  "revoked_by) VALUES (?1, ?2, ?3)"));
  stmt.BindInt(1, token_id).BindInt(2, now.micros).BindText(3, ctx.author);
  CPK_RETURN_IF_ERROR(stmt.Run());
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "token.revoke",
                                              .entity = fmt::format("token:{}", token_id),
                                              .before = "",
                                              .after = "{}",
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  return tx.Commit();
}

Status SqliteAccountsAndProgress::RecordEvent(const SecurityEvent& event, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  WriteContext effective = ctx;
  if (IsBlank(effective.author)) effective.author = "anonymous";
  if (event.action.empty()) {
    return Status::InvalidArgument("a security event needs an action, e.g. auth.denied");
  }
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_RETURN_IF_ERROR(AppendAudit(
      db, effective,
      AuditRecord{.time = now,
                  .action = event.action,
                  .entity = event.entity,
                  .before = "",
                  .after = event.detail_json.empty() ? std::string("{}") : event.detail_json,
                  .source = effective.source,
                  .reason = effective.reason}));
  return tx.Commit();
}

Result<int64_t> SqliteAccountsAndProgress::LastAuditId() {
  std::lock_guard lock(state_->mutex);
  return state_->connection->QueryInt("SELECT ifnull(max(id), 0) FROM audit_log");
}

}  // namespace carbonpeak::store::sqlite
