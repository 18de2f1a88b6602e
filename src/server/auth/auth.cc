#include "server/auth/auth.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <limits>
#include <string>

namespace carbonpeak::server::auth {
namespace {

constexpr size_t kMinPasswordLength = 10;
constexpr size_t kMaxPasswordLength = 256;

// A few passwords every guessing tool tries first; refusing them costs nothing.
constexpr std::string_view kCommonPasswords[] = {
    "1234567890",    "0123456789", "password123", "qwertyuiop",  "1qaz2wsx3edc",
    "administrator", "abcdefghij", "1111111111",  "12345678910", "password1234"};

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; it fails only when no randomness source exists,
  // in which case no secret could be made at all.
  static const int kInit = sodium_init();
  CPK_CHECK(kInit >= 0);
}

std::string ToHex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

std::string Base64Url(const unsigned char* bytes, size_t size) {
  const size_t length = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(length, '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Status::InvalidArgument(
        "the password is too short: use at least 10 characters (a short sentence is easy to "
        "remember)");
  }
  if (password.size() > kMaxPasswordLength) {
    return Status::InvalidArgument("the password is longer than 256 characters");
  }
  std::string lower = Lower(password);
  for (std::string_view common : kCommonPasswords) {
    if (lower == common) {
      return Status::InvalidArgument(
          "this password is among the first ones attackers try; choose another");
    }
  }
  if (std::all_of(password.begin(), password.end(),
                  [&](char c) { return c == password.front(); })) {
    return Status::InvalidArgument("the password repeats one character; choose another");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password, HashCost cost) {
  EnsureSodium();
  CPK_RETURN_IF_ERROR(CheckPasswordStrength(password));
  std::array<char, crypto_pwhash_STRBYTES> out{};
  unsigned long long ops = cost == HashCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                          : crypto_pwhash_OPSLIMIT_MIN;
  size_t mem = cost == HashCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                                              : crypto_pwhash_MEMLIMIT_MIN;
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable(
        "not enough memory to hash the password (Argon2id needs 64 MiB); try again");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kMaxPasswordLength) return false;
  std::array<char, crypto_pwhash_STRBYTES> str{};
  std::copy(hash.begin(), hash.end(), str.begin());
  return crypto_pwhash_str_verify(str.data(), password.data(), password.size()) == 0;
}

std::string RandomSecret() {
  EnsureSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return Base64Url(bytes.data(), bytes.size());
}

std::string RandomPassword() {
  EnsureSodium();
  std::array<unsigned char, 12> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return Base64Url(bytes.data(), bytes.size());  // 16 characters
}

std::string HashSecret(std::string_view secret) {
  EnsureSodium();
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  return ToHex(digest.data(), digest.size());
}

std::string CsrfTokenFor(std::string_view session_secret) {
  EnsureSodium();
  // Keyed BLAKE2b with a key derived from the session secret: knowing the hash stored in the
  // database does not give the CSRF token, and the token says nothing about the secret.
  std::array<unsigned char, crypto_generichash_KEYBYTES> key{};
  crypto_generichash(
      key.data(), key.size(), reinterpret_cast<const unsigned char*>(session_secret.data()),
      session_secret.size(), reinterpret_cast<const unsigned char*>("cpk-csrf-key"), 12);
  constexpr std::string_view kLabel = "carbonpeak csrf v1";
  std::array<unsigned char, 24> mac{};
  crypto_generichash(mac.data(), mac.size(), reinterpret_cast<const unsigned char*>(kLabel.data()),
                     kLabel.size(), key.data(), key.size());
  return Base64Url(mac.data(), mac.size());
}

std::string Sha256Hex(std::string_view bytes) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return ToHex(digest.data(), digest.size());
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string SessionCookie(std::string_view secret, std::chrono::seconds max_age, bool secure) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + std::string(secret) +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age.count());
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string ClearedSessionCookie(bool secure) {
  std::string cookie =
      std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return "";
}

// ----------------------------------------------------------------------------- RateLimiter

int64_t RateLimiter::RetryAfter(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  int64_t window_us = std::chrono::duration_cast<std::chrono::microseconds>(window_).count();
  int64_t elapsed = clock_.Now().micros - it->second.first.micros;
  if (elapsed >= window_us || elapsed < 0) {
    entries_.erase(it);
    return 0;
  }
  if (it->second.failures < max_failures_) return 0;
  return (window_us - elapsed + 999999) / 1000000;
}

void RateLimiter::RecordFailure(const std::string& key) {
  std::lock_guard lock(mutex_);
  Timestamp now = clock_.Now();
  Entry& entry = entries_[key];
  int64_t window_us = std::chrono::duration_cast<std::chrono::microseconds>(window_).count();
  if (entry.failures == 0 || now.micros - entry.first.micros >= window_us) {
    entry = Entry{0, now};
  }
  ++entry.failures;
  // Bound the memory an attacker can make us use with many user names.
  if (entries_.size() > 100000) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now.micros - it->second.first.micros >= window_us ? entries_.erase(it) : std::next(it);
    }
  }
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

// ----------------------------------------------------------------------------- Authenticator

Authenticator::Authenticator(store::AccountStore& accounts, const Clock& clock, AuthOptions options)
    : accounts_(accounts),
      clock_(clock),
      options_(options),
      per_user_(clock, options.max_failures_per_user, options.window),
      per_address_(clock, options.max_failures_per_address, options.window) {
  EnsureSodium();
}

Result<LoginResult> Authenticator::Login(const std::string& username, const std::string& password,
                                         const std::string& remote_addr) {
  const std::string user_key = Lower(username);
  const std::string address_key = remote_addr;
  int64_t wait = std::max(per_user_.RetryAfter(user_key), per_address_.RetryAfter(address_key));
  auto event_detail = [&](std::string_view why) {
    return "{\"remote_addr\":\"" + JsonEscape(remote_addr) + "\",\"why\":\"" + JsonEscape(why) +
           "\"}";
  };
  if (wait > 0) {
    (void)accounts_.RecordEvent(
        store::SecurityEvent{"auth.login_throttled", "user:" + username,
                             event_detail("too many failed logins")},
        store::WriteContext{username.empty() ? "anonymous" : username, "POST /api/v1/session",
                            "login refused: rate limit"});
    return Status::Unavailable("too many failed logins; wait " + std::to_string((wait + 59) / 60) +
                               " minute(s) and try again, or ask the administrator to reset "
                               "the password");
  }
  static const Status kWrong = Status::Unauthenticated(
      "the user name or password is wrong, or the account is disabled; check both and try "
      "again");
  auto fail = [&](std::string_view why) -> Status {
    per_user_.RecordFailure(user_key);
    per_address_.RecordFailure(address_key);
    (void)accounts_.RecordEvent(
        store::SecurityEvent{"auth.login_failed", "user:" + username, event_detail(why)},
        store::WriteContext{username.empty() ? "anonymous" : username, "POST /api/v1/session",
                            "login refused"});
    return kWrong;
  };
  auto user = accounts_.FindUser(username);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    // Hash anyway so that a missing user takes as long as a wrong password.
    static const std::string kDummyHash =
        HashPassword("no-such-user-timing-guard").value_or(std::string());
    (void)VerifyPassword(kDummyHash, password);
    return fail("unknown user");
  }
  if (!VerifyPassword(user->password_hash, password)) return fail("wrong password");
  if (user->disabled) return fail("account disabled");
  per_user_.Reset(user_key);

  LoginResult result;
  result.session_token = RandomSecret();
  result.csrf_token = CsrfTokenFor(result.session_token);
  result.expires_at = Timestamp{
      clock_.Now().micros +
      std::chrono::duration_cast<std::chrono::microseconds>(options_.session_lifetime).count()};
  result.user = *user;
  store::Session session;
  session.token_hash = HashSecret(result.session_token);
  session.user_id = user->id;
  session.expires_at = result.expires_at;
  session.remote_addr = remote_addr;
  CPK_RETURN_IF_ERROR(
      accounts_
          .CreateSession(session,
                         store::WriteContext{user->username, "POST /api/v1/session", "login"})
          .status());
  return result;
}

AuthOutcome Authenticator::Refuse(int http_status, Status status, const http::Request& request,
                                  const std::string& actor, bool audit) {
  if (audit)
    RecordRefusal("auth.refused", actor, request.method + " " + request.path, request, status);
  AuthOutcome out;
  out.http_status = http_status;
  out.status = std::move(status);
  return out;
}

void Authenticator::RecordRefusal(std::string_view action, const std::string& actor,
                                  const std::string& entity, const http::Request& request,
                                  const Status& why) {
  std::string detail =
      "{\"method\":\"" + JsonEscape(request.method) + "\",\"path\":\"" + JsonEscape(request.path) +
      "\",\"remote_addr\":\"" + JsonEscape(request.remote_addr) + "\",\"code\":\"" +
      std::string(StatusCodeName(why.code())) + "\",\"why\":\"" + JsonEscape(why.message()) + "\"}";
  (void)accounts_.RecordEvent(
      store::SecurityEvent{std::string(action), entity, detail},
      store::WriteContext{actor.empty() ? "anonymous" : actor, request.method + " " + request.path,
                          "request refused"});
}

std::optional<Principal> Authenticator::Cached(const std::string& secret_hash, int64_t audit_id,
                                               Timestamp now) {
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(secret_hash);
  if (it == cache_.end()) return std::nullopt;
  if (it->second.audit_id != audit_id || it->second.expires_at <= now) {
    cache_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void Authenticator::Remember(const std::string& secret_hash, const Principal& principal,
                             int64_t audit_id, Timestamp expires_at) {
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() > 10000) cache_.clear();  // bounded; entries are cheap to rebuild
  cache_[secret_hash] = CacheEntry{principal, audit_id, expires_at};
}

AuthOutcome Authenticator::Authenticate(const http::Request& request) {
  const Timestamp now = clock_.Now();
  // Every change to a user, session or token adds an audit entry, so an unchanged newest entry
  // means a principal checked before is still valid (up to its expiry).
  const int64_t audit_id = accounts_.LastAuditId().value_or(-1);
  std::string authorization = request.Header("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.rfind(kBearer, 0) != 0) {
      return Refuse(401,
                    Status::Unauthenticated("the Authorization header must be \"Bearer <API "
                                            "token>\""),
                    request, "", true);
    }
    std::string secret = authorization.substr(kBearer.size());
    const std::string hash = HashSecret(secret);
    if (audit_id >= 0) {
      if (auto cached = Cached(hash, audit_id, now)) {
        AuthOutcome out;
        out.principal = std::move(cached);
        return out;
      }
    }
    auto token = accounts_.FindToken(hash);
    if (!token.ok()) {
      return Refuse(401,
                    Status::Unauthenticated("the API token is not valid; ask the administrator "
                                            "for a new one"),
                    request, "", true);
    }
    auto user = accounts_.GetUser(token->user_id);
    if (!user.ok()) return Refuse(500, user.status(), request, "", false);
    if (token->revoked) {
      return Refuse(401, Status::Unauthenticated("this API token was revoked; create a new one"),
                    request, user->username, true);
    }
    if (token->expires_at && *token->expires_at <= now) {
      return Refuse(401, Status::Unauthenticated("this API token has expired; create a new one"),
                    request, user->username, true);
    }
    if (user->disabled) {
      return Refuse(401,
                    Status::Unauthenticated("the account of this API token is disabled; ask the "
                                            "administrator"),
                    request, user->username, true);
    }
    AuthOutcome out;
    out.principal = Principal{*user, Principal::Method::kToken, 0, token->id, ""};
    if (audit_id >= 0) {
      Remember(hash, *out.principal, audit_id,
               token->expires_at.value_or(Timestamp{std::numeric_limits<int64_t>::max()}));
    }
    return out;
  }

  std::string secret = CookieValue(request.Header("Cookie"), kSessionCookie);
  if (secret.empty()) {
    // Only anonymous traffic: no audit entry for each page view by someone not logged in, which
    // would let anyone fill the log. Refusals with credentials are always logged.
    return Refuse(401, Status::Unauthenticated("log in first (POST /api/v1/session)"), request, "",
                  false);
  }
  const std::string hash = HashSecret(secret);
  std::optional<Principal> principal = audit_id >= 0 ? Cached(hash, audit_id, now) : std::nullopt;
  if (!principal) {
    auto session = accounts_.FindSession(hash);
    if (!session.ok()) {
      return Refuse(401, Status::Unauthenticated("your session is not valid; log in again"),
                    request, "", true);
    }
    auto user = accounts_.GetUser(session->user_id);
    if (!user.ok()) return Refuse(500, user.status(), request, "", false);
    if (session->revoked) {
      return Refuse(401, Status::Unauthenticated("you have logged out; log in again"), request,
                    user->username, true);
    }
    if (session->expires_at <= now) {
      return Refuse(401, Status::Unauthenticated("your session has expired; log in again"), request,
                    user->username, true);
    }
    if (user->disabled) {
      return Refuse(401, Status::Unauthenticated("your account is disabled; ask the administrator"),
                    request, user->username, true);
    }
    principal = Principal{*user, Principal::Method::kSession, session->id, 0, CsrfTokenFor(secret)};
    if (audit_id >= 0) Remember(hash, *principal, audit_id, session->expires_at);
  }
  if (IsStateChanging(request.method)) {
    std::string sent = request.Header(std::string(kCsrfHeader));
    if (sent.empty()) {
      return Refuse(403,
                    Status::PermissionDenied("the request has no CSRF token (header X-CSRF-Token); "
                                             "reload the page and try again"),
                    request, principal->user.username, true);
    }
    if (!SecretsEqual(sent, principal->csrf_token)) {
      return Refuse(403,
                    Status::PermissionDenied("the CSRF token does not match your session; reload "
                                             "the page and try again"),
                    request, principal->user.username, true);
    }
  }
  AuthOutcome out;
  out.principal = std::move(principal);
  return out;
}

Status Authenticator::Logout(const Principal& principal) {
  if (principal.method != Principal::Method::kSession) return Status::Ok();
  return accounts_.RevokeSession(
      principal.session_id,
      store::WriteContext{principal.user.username, "DELETE /api/v1/session", "logout"});
}

Result<std::pair<int64_t, std::string>> Authenticator::CreateToken(
    const store::User& user, const std::string& name, std::optional<Timestamp> expires_at,
    const std::string& author) {
  std::string secret = "cpk_" + RandomSecret();
  store::ApiToken token;
  token.user_id = user.id;
  token.name = name;
  token.token_hash = HashSecret(secret);
  token.expires_at = expires_at;
  CPK_ASSIGN_OR_RETURN(int64_t id,
                       accounts_.CreateToken(token, store::WriteContext{author, "API", "token"}));
  return std::make_pair(id, secret);
}

}  // namespace carbonpeak::server::auth
