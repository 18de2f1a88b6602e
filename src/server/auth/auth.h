// Authentication for the HTTP server: Argon2id password hashes (libsodium), login sessions in
// an HttpOnly SameSite=Strict cookie with a CSRF token for state-changing requests, API tokens
// for machine clients (Authorization: Bearer …), and login rate limiting. The only place that
// includes sodium.h. Permission rules (who may do what) are in server/auth/permissions.h.
//
//   auth::Authenticator authn(*store::AccountsOf(platform.store()), clock);
//   CPK_ASSIGN_OR_RETURN(auth::LoginResult login, authn.Login("fgj", "secret", "127.0.0.1"));
//   // send auth::SessionCookie(login.session_token, …) and login.csrf_token to the browser
//   auth::AuthOutcome who = authn.Authenticate(request);   // on every request
//   if (!who.ok()) return who.http_status;                  // 401, 403 or 429 with a message
//
// Secrets: the session cookie value and API tokens are 256-bit random strings; only their
// BLAKE2b hashes are stored. The CSRF token is derived from the session secret (keyed BLAKE2b),
// so it needs no storage and a forged one never matches. Refused attempts are written to the
// audit log (auth.login_failed, auth.login_throttled, auth.refused).
// Thread safety: Authenticator is safe to share between threads (the rate limiter has its own
// mutex; the store serialises its calls). Failure: values, never exceptions.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"
#include "base/status.h"
#include "server/http/http.h"
#include "store/users.h"

namespace carbonpeak::server::auth {

/// Argon2id cost. kInteractive is libsodium's interactive level (64 MiB, 2 passes) for real
/// use; kMinimum (8 KiB, 1 pass) only makes tests fast and must not be used for real accounts.
enum class HashCost { kInteractive, kMinimum };

/// Argon2id hash string of `password` ("$argon2id$v=19$m=…"). kInvalidArgument when the
/// password is too weak (fewer than 10 characters or on the small list of common passwords).
Result<std::string> HashPassword(std::string_view password, HashCost cost = HashCost::kInteractive);
/// True when `password` matches `hash` (constant-time in libsodium).
bool VerifyPassword(std::string_view hash, std::string_view password);
/// Why a new password is not acceptable, or OK.
Status CheckPasswordStrength(std::string_view password);

/// 43 URL-safe characters from 32 random bytes.
std::string RandomSecret();
/// A password that passes CheckPasswordStrength: 16 URL-safe random characters.
std::string RandomPassword();
/// Hex BLAKE2b-256 of a secret, as stored.
std::string HashSecret(std::string_view secret);
/// The CSRF token that belongs to a session secret.
std::string CsrfTokenFor(std::string_view session_secret);
/// Hex SHA-256 of `bytes` (evidence files).
std::string Sha256Hex(std::string_view bytes);
/// Constant-time comparison.
bool SecretsEqual(std::string_view a, std::string_view b);

inline constexpr std::string_view kSessionCookie = "cpk_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

/// Set-Cookie value for a session (HttpOnly, SameSite=Strict, Path=/, Max-Age).
std::string SessionCookie(std::string_view secret, std::chrono::seconds max_age, bool secure);
/// Set-Cookie value that removes the session cookie.
std::string ClearedSessionCookie(bool secure);
/// The value of cookie `name` in a Cookie header, or empty.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

struct Principal {
  store::User user;
  enum class Method { kSession, kToken } method = Method::kSession;
  int64_t session_id = 0;  ///< For kSession.
  int64_t token_id = 0;    ///< For kToken.
  std::string csrf_token;  ///< For kSession.
};

/// Result of authenticating a request: a principal, or the HTTP status and Status to send.
struct AuthOutcome {
  std::optional<Principal> principal;
  int http_status = 200;
  Status status;
  bool ok() const { return principal.has_value(); }
};

struct LoginResult {
  std::string session_token;  ///< Goes into the cookie; never stored.
  std::string csrf_token;
  Timestamp expires_at;
  store::User user;
};

struct AuthOptions {
  std::chrono::seconds session_lifetime = std::chrono::hours(8);
  /// Failed logins allowed per user name, and per client address, within `window`; after that
  /// logins are refused (HTTP 429) until the window has passed.
  int max_failures_per_user = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds window = std::chrono::minutes(15);
};

/// Counts failures per key within a sliding window. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(const Clock& clock, int max_failures, std::chrono::seconds window)
      : clock_(clock), max_failures_(max_failures), window_(window) {}
  /// Seconds until `key` may try again, or 0 when it may try now.
  int64_t RetryAfter(const std::string& key);
  void RecordFailure(const std::string& key);
  void Reset(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    Timestamp first;
  };
  const Clock& clock_;
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
};

class Authenticator {
 public:
  Authenticator(store::AccountStore& accounts, const Clock& clock, AuthOptions options = {});

  /// Checks the password and starts a session. Refusals: 401 (kUnauthenticated) for an unknown
  /// user, a wrong password or a disabled account — with one message for all three, so the
  /// answer does not reveal which user names exist — and kUnavailable (HTTP 429) when rate
  /// limited. Every refusal goes to the audit log.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& remote_addr);
  /// Who sent `request`: a Bearer token, else the session cookie (with the CSRF header on
  /// POST, PUT, PATCH and DELETE). Missing credentials give 401 without an audit entry;
  /// wrong, expired, revoked or disabled ones give 401 and an audit entry; a missing or forged
  /// CSRF token gives 403 and an audit entry.
  AuthOutcome Authenticate(const http::Request& request);
  /// Ends the principal's session (no-op for tokens).
  Status Logout(const Principal& principal);
  /// Creates an API token for `user` and returns the secret (shown once).
  Result<std::pair<int64_t, std::string>> CreateToken(const store::User& user,
                                                      const std::string& name,
                                                      std::optional<Timestamp> expires_at,
                                                      const std::string& author);
  /// Writes a refused request to the audit log (failures to write are ignored: the refusal
  /// stands either way).
  void RecordRefusal(std::string_view action, const std::string& actor, const std::string& entity,
                     const http::Request& request, const Status& why);

  const AuthOptions& options() const { return options_; }

 private:
  AuthOutcome Refuse(int http_status, Status status, const http::Request& request,
                     const std::string& actor, bool audit);
  /// A principal checked before, still valid: same newest audit entry (so no user, session or
  /// token changed since — every change writes one) and not expired.
  std::optional<Principal> Cached(const std::string& secret_hash, int64_t audit_id, Timestamp now);
  void Remember(const std::string& secret_hash, const Principal& principal, int64_t audit_id,
                Timestamp expires_at);

  store::AccountStore& accounts_;
  const Clock& clock_;
  AuthOptions options_;
  RateLimiter per_user_;
  RateLimiter per_address_;

  struct CacheEntry {
    Principal principal;
    int64_t audit_id = 0;
    Timestamp expires_at;
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CacheEntry> cache_;  // guarded by cache_mutex_
};

}  // namespace carbonpeak::server::auth
