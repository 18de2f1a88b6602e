#include "server/auth/auth.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "server/auth/permissions.h"
#include "store/sqlite/sqlite_store.h"
#include "store/users.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::server::auth {
namespace {

TEST(PasswordTest, HashVerifiesOnlyTheRightPassword) {
  auto hash = HashPassword("correct horse battery", HashCost::kMinimum);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  // Two hashes of one password differ (random salt).
  EXPECT_NE(*hash, *HashPassword("correct horse battery", HashCost::kMinimum));
}

TEST(PasswordTest, WeakPasswordsAreRefused) {
  EXPECT_EQ(HashPassword("short").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HashPassword("1234567890").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HashPassword("aaaaaaaaaaaa").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckPasswordStrength("demo-office-2030").ok());
  EXPECT_TRUE(CheckPasswordStrength(RandomPassword()).ok());
}

TEST(SecretTest, SecretsAreRandomAndHashesStable) {
  std::string a = RandomSecret(), b = RandomSecret();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(HashSecret(a), HashSecret(a));
  EXPECT_NE(HashSecret(a), HashSecret(b));
  EXPECT_EQ(HashSecret(a).size(), 64u);
  EXPECT_EQ(CsrfTokenFor(a), CsrfTokenFor(a));
  EXPECT_NE(CsrfTokenFor(a), CsrfTokenFor(b));
  EXPECT_TRUE(SecretsEqual("abc", "abc"));
  EXPECT_FALSE(SecretsEqual("abc", "abd"));
  EXPECT_FALSE(SecretsEqual("abc", "abcd"));
  // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CookieTest, SessionCookieAttributesAndParsing) {
  std::string cookie = SessionCookie("s3cret", std::chrono::hours(8), false);
  EXPECT_NE(cookie.find("cpk_session=s3cret"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=28800"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(SessionCookie("x", std::chrono::hours(1), true).find("; Secure"), std::string::npos);
  EXPECT_EQ(CookieValue("a=1; cpk_session=xyz; b=2", "cpk_session"), "xyz");
  EXPECT_EQ(CookieValue("cpk_session=xyz", "cpk_session"), "xyz");
  EXPECT_EQ(CookieValue("xcpk_session=1", "cpk_session"), "");
  EXPECT_EQ(CookieValue("", "cpk_session"), "");
}

TEST(RateLimiterTest, LocksAfterMaxFailuresUntilTheWindowPasses) {
  FakeClock clock;
  RateLimiter limiter(clock, 3, std::chrono::minutes(15));
  for (int idx = 0; idx < 3; ++idx) {
    EXPECT_EQ(limiter.RetryAfter("fgj"), 0);
    limiter.RecordFailure("fgj");
  }
  EXPECT_GT(limiter.RetryAfter("fgj"), 0);
  EXPECT_LE(limiter.RetryAfter("fgj"), 15 * 60);
  EXPECT_EQ(limiter.RetryAfter("other"), 0);
  clock.Advance(std::chrono::minutes(16));
  EXPECT_EQ(limiter.RetryAfter("fgj"), 0);
  limiter.RecordFailure("fgj");
  limiter.Reset("fgj");
  EXPECT_EQ(limiter.RetryAfter("fgj"), 0);
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::OpenStore(":memory:", clock_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    accounts_ = store::AccountsOf(*store_);
    ASSERT_NE(accounts_, nullptr);
    store::User user;
    user.username = "office";
    user.role = store::Role::kOffice;
    user.password_hash = *HashPassword("office-password", HashCost::kMinimum);
    auto id = accounts_->CreateUser(user, {"test", "test", ""});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    authn_ = std::make_unique<Authenticator>(*accounts_, clock_);
  }

  http::Request Get(const std::string& cookie) {
    http::Request req;
    req.method = "GET";
    req.path = "/api/v1/plans";
    req.remote_addr = "127.0.0.1";
    if (!cookie.empty()) req.headers["cookie"] = "cpk_session=" + cookie;
    return req;
  }

  int AuditCount(const std::string& action) {
    auto entries = store_->audit().List(store::AuditQuery{"", 0, 1000});
    int n = 0;
    for (const auto& e : *entries) n += e.action == action ? 1 : 0;
    return n;
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  store::AccountStore* accounts_ = nullptr;
  std::unique_ptr<Authenticator> authn_;
};

TEST_F(AuthenticatorTest, LoginThenSessionAuthenticatesUntilExpiry) {
  auto login = authn_->Login("office", "office-password", "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->csrf_token, CsrfTokenFor(login->session_token));
  AuthOutcome who = authn_->Authenticate(Get(login->session_token));
  ASSERT_TRUE(who.ok()) << who.status.ToString();
  EXPECT_EQ(who.principal->user.username, "office");
  EXPECT_EQ(who.principal->csrf_token, login->csrf_token);

  clock_.Advance(std::chrono::hours(8) + std::chrono::seconds(1));
  AuthOutcome expired = authn_->Authenticate(Get(login->session_token));
  EXPECT_FALSE(expired.ok());
  EXPECT_EQ(expired.http_status, 401);
  EXPECT_NE(expired.status.message().find("expired"), std::string::npos);
  EXPECT_EQ(AuditCount("auth.refused"), 1);
}

TEST_F(AuthenticatorTest, WrongPasswordUnknownUserAndDisabledLookAlike) {
  auto wrong = authn_->Login("office", "not-the-password", "10.0.0.1");
  auto unknown = authn_->Login("nobody", "office-password", "10.0.0.1");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  auto user = accounts_->FindUser("office");
  user->disabled = true;
  ASSERT_TRUE(accounts_->ReviseUser(*user, {"test", "test", "left the office"}).ok());
  auto disabled = authn_->Login("office", "office-password", "10.0.0.2");
  ASSERT_FALSE(disabled.ok());
  EXPECT_EQ(disabled.status().message(), wrong.status().message());
  EXPECT_EQ(AuditCount("auth.login_failed"), 3);
  EXPECT_EQ(AuditCount("session.create"), 0);
}

TEST_F(AuthenticatorTest, RateLimitRefusesEvenTheRightPassword) {
  for (int idx = 0; idx < 5; ++idx) {
    EXPECT_EQ(authn_->Login("office", "guess-" + std::to_string(idx), "10.0.0.9").status().code(),
              StatusCode::kUnauthenticated);
  }
  auto locked = authn_->Login("office", "office-password", "10.0.0.9");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(AuditCount("auth.login_throttled"), 1);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_TRUE(authn_->Login("office", "office-password", "10.0.0.9").ok());
}

TEST_F(AuthenticatorTest, LogoutEndsTheSession) {
  auto login = authn_->Login("office", "office-password", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  AuthOutcome who = authn_->Authenticate(Get(login->session_token));
  ASSERT_TRUE(who.ok());
  ASSERT_TRUE(authn_->Logout(*who.principal).ok());
  AuthOutcome after = authn_->Authenticate(Get(login->session_token));
  EXPECT_FALSE(after.ok());
  EXPECT_EQ(after.http_status, 401);
}

TEST_F(AuthenticatorTest, CsrfIsRequiredOnWritesWithACookie) {
  auto login = authn_->Login("office", "office-password", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  http::Request post = Get(login->session_token);
  post.method = "POST";
  AuthOutcome missing = authn_->Authenticate(post);
  EXPECT_EQ(missing.http_status, 403);
  post.headers["x-csrf-token"] = CsrfTokenFor(RandomSecret());
  AuthOutcome forged = authn_->Authenticate(post);
  EXPECT_EQ(forged.http_status, 403);
  post.headers["x-csrf-token"] = login->csrf_token;
  EXPECT_TRUE(authn_->Authenticate(post).ok());
  EXPECT_EQ(AuditCount("auth.refused"), 2);
}

TEST_F(AuthenticatorTest, TokensStopWorkingForDisabledUsersAndWhenRevoked) {
  auto user = accounts_->FindUser("office");
  auto token = authn_->CreateToken(*user, "upload script", std::nullopt, "office");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  http::Request req = Get("");
  req.method = "POST";  // tokens need no CSRF header
  req.headers["authorization"] = "Bearer " + token->second;
  ASSERT_TRUE(authn_->Authenticate(req).ok());
  user->disabled = true;
  ASSERT_TRUE(accounts_->ReviseUser(*user, {"admin", "test", "left"}).ok());
  AuthOutcome disabled = authn_->Authenticate(req);
  EXPECT_EQ(disabled.http_status, 401);
  EXPECT_NE(disabled.status.message().find("disabled"), std::string::npos);
  user = accounts_->FindUser("office");
  user->disabled = false;
  ASSERT_TRUE(accounts_->ReviseUser(*user, {"admin", "test", "back"}).ok());
  ASSERT_TRUE(authn_->Authenticate(req).ok());
  ASSERT_TRUE(accounts_->RevokeToken(token->first, {"admin", "test", ""}).ok());
  EXPECT_EQ(authn_->Authenticate(req).http_status, 401);
  req.headers["authorization"] = "Bearer cpk_made_up";
  EXPECT_EQ(authn_->Authenticate(req).http_status, 401);
}

TEST(PermissionsTest, DepartmentsReportOnlyOnTheirOwnTasks) {
  Principal dept;
  dept.user.username = "gxj";
  dept.user.role = store::Role::kDepartment;
  dept.user.region_code = "430703";
  dept.user.unit = "区工业和信息化局";
  store::TaskInfo own;
  own.id = 1;
  own.region_code = "430703";
  own.number = "1";
  own.title = "t";
  own.lead_units = {"区工业和信息化局"};
  store::TaskInfo cooperating = own;
  cooperating.lead_units = {"区发展和改革局"};
  cooperating.cooperating_units = {"区工业和信息化局"};
  store::TaskInfo other = own;
  other.lead_units = {"区林业局"};
  store::TaskInfo other_county = own;
  other_county.region_code = "431202";
  Scope scope = ScopeOf(dept, "");
  EXPECT_TRUE(CanReportOnTask(dept, scope, own).ok());
  EXPECT_TRUE(CanReportOnTask(dept, scope, cooperating).ok());
  EXPECT_EQ(CanReportOnTask(dept, scope, other).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(CanReportOnTask(dept, scope, other_county).code(), StatusCode::kPermissionDenied);

  Principal office = dept;
  office.user.role = store::Role::kOffice;
  EXPECT_EQ(CanReportOnTask(office, scope, own).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(CanReview(office, scope, own).ok());
  EXPECT_EQ(CanReview(dept, scope, own).code(), StatusCode::kPermissionDenied);

  store::ProgressReport mine;
  mine.unit = "区工业和信息化局";
  store::ProgressReport theirs;
  theirs.unit = "区林业局";
  EXPECT_TRUE(CanReadReport(dept, scope, own, mine).ok());
  EXPECT_EQ(CanReadReport(dept, scope, own, theirs).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(CanReadReport(office, scope, own, theirs).ok());
}

TEST(PermissionsTest, EnterprisesReadOnlyThemselves) {
  Principal ent;
  ent.user.role = store::Role::kEnterprise;
  ent.user.enterprise = "E1";
  EXPECT_TRUE(CanReadEnterprise(ent, "E1").ok());
  EXPECT_EQ(CanReadEnterprise(ent, "E2").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(CanReadCounty(ent, Scope{}, "430703").code(), StatusCode::kPermissionDenied);
  Principal township;
  township.user.role = store::Role::kTownship;
  township.user.region_code = "430703100";
  Scope scope = ScopeOf(township, "430703");
  EXPECT_TRUE(CanReadCounty(township, scope, "430703").ok());
  EXPECT_EQ(CanReadCounty(township, scope, "431202").code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace carbonpeak::server::auth
