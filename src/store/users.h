// Accounts: users with roles, login sessions, API tokens and security events, behind one
// interface that a store backend implements next to store::Store (the SQLite store does; get
// it with AccountsOf(store)).
//
//   store::AccountStore* accounts = store::AccountsOf(platform.store());
//   User user{.username = "fgj", .display_name = "区发改局", .role = Role::kDepartment,
//             .region_code = "430703", .unit = "区发展和改革局（区国动办）",
//             .password_hash = hash};
//   CPK_ASSIGN_OR_RETURN(int64_t id, accounts->CreateUser(user, {.author = "admin"}));
//
// Rules, as for every store: nothing is overwritten (a change to a user is a new revision; a
// logout or a revoked token is a new row), every write is in the audit log in the same
// transaction, and secrets are never stored in clear: password hashes come hashed (Argon2id,
// server/auth/), sessions and tokens are stored as hashes of the secret the client holds, and
// no hash ever goes into the audit log.
// Thread safety: as store::Store (each call atomic). Failure: kNotFound for unknown users,
// sessions and tokens; kAlreadyExists for a taken user name; kInvalidArgument for bad fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace carbonpeak::store {

/// What a user may do (checked by the server, server/auth/). Stored as text: append only.
enum class Role {
  kAdmin,       ///< Everything, including users and the audit log.
  kOffice,      ///< 领导小组办公室: reads all, reviews reports, revises targets.
  kDepartment,  ///< 责任单位: bound to a responsible unit; reports on that unit's tasks.
  kTownship,    ///< 乡镇/街道: bound to a region; reads.
  kEnterprise,  ///< 重点用能单位: bound to an enterprise; reads its own data.
  kViewer,      ///< Reads everything a county shows, writes nothing.
};
inline constexpr Role kAllRoles[] = {Role::kAdmin,    Role::kOffice,     Role::kDepartment,
                                     Role::kTownship, Role::kEnterprise, Role::kViewer};

/// "admin", "office", "department", "township", "enterprise", "viewer".
inline std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOffice:
      return "office";
    case Role::kDepartment:
      return "department";
    case Role::kTownship:
      return "township";
    case Role::kEnterprise:
      return "enterprise";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

inline std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : kAllRoles) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

struct User {
  int64_t id = 0;  ///< Assigned by the store.
  std::string username;
  std::string display_name;
  Role role = Role::kViewer;
  std::string region_code;  ///< County (or township) the user belongs to; empty = every region.
  std::string unit;         ///< Department: the responsible unit's canonical name.
  std::string enterprise;   ///< Enterprise: its id (credit code).
  bool disabled = false;
  std::string password_hash;  ///< Argon2id string as libsodium writes it.
  int64_t revision = 0;       ///< 1 when created, +1 per change.
  Timestamp created_at;
  Timestamp updated_at;  ///< Time of the revision in force.
};

struct Session {
  int64_t id = 0;
  std::string token_hash;  ///< Hash of the cookie value; the value itself is never stored.
  int64_t user_id = 0;
  Timestamp created_at;
  Timestamp expires_at;
  bool revoked = false;
  std::string remote_addr;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;        ///< What the token is for, e.g. "statistics upload script".
  std::string token_hash;  ///< Hash of the secret; the secret is shown once at creation.
  Timestamp created_at;
  std::optional<Timestamp> expires_at;
  bool revoked = false;
};

/// A security event that changes no data (a refused login, a 403) but must be in the audit
/// log: action "auth.login_failed", "auth.denied" …; entity "user:fgj", "task:17" ….
struct SecurityEvent {
  std::string action;
  std::string entity;
  std::string detail_json;  ///< Goes to after_json; "{}" when empty.
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  /// Creates a user (revision 1). kAlreadyExists when the user name is taken.
  virtual Result<int64_t> CreateUser(const User& user, const WriteContext& ctx) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  virtual Result<User> FindUser(const std::string& username) = 0;
  /// Every user at its latest revision, ordered by user name.
  virtual Result<std::vector<User>> ListUsers() = 0;
  /// Adds a revision with `user`'s display name, role, bindings, disabled flag and password
  /// hash (the user name and id are the identity and cannot change). Returns the new state.
  virtual Result<User> ReviseUser(const User& user, const WriteContext& ctx) = 0;

  /// Stores a session; returns its id.
  virtual Result<int64_t> CreateSession(const Session& session, const WriteContext& ctx) = 0;
  /// The session whose token hashes to `token_hash`; kNotFound when none.
  virtual Result<Session> FindSession(const std::string& token_hash) = 0;
  /// Ends a session (logout). Ending an ended session is OK.
  virtual Status RevokeSession(int64_t session_id, const WriteContext& ctx) = 0;

  virtual Result<int64_t> CreateToken(const ApiToken& token, const WriteContext& ctx) = 0;
  virtual Result<ApiToken> FindToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens(int64_t user_id) = 0;
  virtual Status RevokeToken(int64_t token_id, const WriteContext& ctx) = 0;

  /// Appends a security event to the audit log.
  virtual Status RecordEvent(const SecurityEvent& event, const WriteContext& ctx) = 0;
  /// Id of the newest audit entry (0 when empty). Every write adds one, so a changed value
  /// means the stored data may have changed: caches compare it.
  virtual Result<int64_t> LastAuditId() = 0;
};

/// The account interface of `store`, or nullptr when the backend has none.
inline AccountStore* AccountsOf(Store& store) { return dynamic_cast<AccountStore*>(&store); }

}  // namespace carbonpeak::store
