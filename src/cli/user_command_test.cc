#include "cli/user_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "app/users.h"
#include "server/auth/auth.h"
#include "store/users.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::cli {
namespace {
namespace fs = std::filesystem;

class UserCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cpk_user_cmd_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs `carbonpeak <args>` with only the user command registered.
  Status Run(std::vector<std::string> args, const std::string& stdin_text = "") {
    CLI::App app{"test"};
    bool json = false;
    app.add_flag("--json", json);
    Status result;
    std::istringstream in(stdin_text);
    out_.str("");
    AddUserCommands(app, UserCommandEnv{[this]() { return Open(); }, &out_, &json, &result, &in});
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& e) {
      return Status::InvalidArgument(std::string("usage: ") + e.what());
    }
    return result;
  }

  Result<std::unique_ptr<app::Platform>> Open() {
    app::Options options;
    options.data_dir = dir_.string();
    options.resource_dir = CPK_DATA_DIR;
    return app::Platform::Open(options, clock_);
  }

  FakeClock clock_;
  fs::path dir_;
  std::ostringstream out_;
};

TEST_F(UserCommandTest, AddListDisableAndResetPassword) {
  Status added = Run({"user", "add", "chief", "--role", "admin"});
  ASSERT_TRUE(added.ok()) << added.ToString();
  std::string printed = out_.str();
  size_t at = printed.find("password: ");
  ASSERT_NE(at, std::string::npos) << printed;
  std::string password = printed.substr(at + 10, 16);

  ASSERT_TRUE(Run({"user", "list"}).ok());
  EXPECT_NE(out_.str().find("chief"), std::string::npos);
  EXPECT_EQ(out_.str().find(password), std::string::npos);  // never listed again

  {
    auto p = Open();
    ASSERT_TRUE(p.ok());
    auto user = store::AccountsOf((*p)->store())->FindUser("chief");
    ASSERT_TRUE(user.ok());
    EXPECT_TRUE(server::auth::VerifyPassword(user->password_hash, password));
  }
  ASSERT_TRUE(
      Run({"user", "reset-password", "chief", "--password-stdin"}, "a new long passphrase\n").ok());
  ASSERT_TRUE(Run({"user", "disable", "chief", "--reason", "left"}).ok());
  auto p = Open();
  ASSERT_TRUE(p.ok());
  auto user = store::AccountsOf((*p)->store())->FindUser("chief");
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE(user->disabled);
  EXPECT_EQ(user->revision, 3);
  EXPECT_TRUE(server::auth::VerifyPassword(user->password_hash, "a new long passphrase"));
}

TEST_F(UserCommandTest, RefusesBadInput) {
  EXPECT_EQ(Run({"user", "add", "x", "--role", "king"}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Run({"user", "add", "张三"}).code(), StatusCode::kInvalidArgument);
  // A department must name a unit the county's plan lists (no plan stored: region unknown here).
  EXPECT_EQ(Run({"user", "add", "d1", "--role", "department"}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Run({"user", "add", "weak", "--password-stdin"}, "short\n").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Run({"user", "disable", "nobody"}).code(), StatusCode::kNotFound);
  ASSERT_TRUE(Run({"user", "add", "twice"}).ok());
  EXPECT_EQ(Run({"user", "add", "twice"}).code(), StatusCode::kAlreadyExists);
}

TEST_F(UserCommandTest, DemoUsersCanLogIn) {
  auto p = Open();
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE((*p)->LoadDemo().ok());
  std::ostringstream out;
  ASSERT_TRUE(CreateDemoUsers(**p, out).ok());
  ASSERT_TRUE(CreateDemoUsers(**p, out).ok());  // idempotent
  for (const auto& demo : app::DemoAccounts()) {
    EXPECT_NE(out.str().find(demo.password), std::string::npos);
    auto user = store::AccountsOf((*p)->store())->FindUser(demo.user.username);
    ASSERT_TRUE(user.ok()) << demo.user.username;
    EXPECT_TRUE(server::auth::VerifyPassword(user->password_hash, demo.password));
  }
}

}  // namespace
}  // namespace carbonpeak::cli
