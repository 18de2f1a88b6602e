#include "cli/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/testing/fake_clock.h"

namespace carbonpeak::cli {
namespace {
namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cpk_cli_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int Cli(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    std::vector<std::string> full = {"carbonpeak", "--data", dir_.string(), "--resources",
                                     CPK_DATA_DIR};
    full.insert(full.end(), args.begin(), args.end());
    return cli::Run(full, out_, err_, clock_);
  }

  std::string DemoFile(const std::string& name) {
    return (fs::path(CPK_DATA_DIR) / "demo" / name).string();
  }

  fs::path dir_;
  FakeClock clock_;
  std::ostringstream out_, err_;
};

TEST_F(CliTest, ImportListShowExport) {
  ASSERT_EQ(Cli({"plan", "import-json", DemoFile("dingcheng_430703.json")}), 0) << err_.str();
  EXPECT_NE(out_.str().find("imported plan 1"), std::string::npos) << out_.str();

  ASSERT_EQ(Cli({"plan", "list"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("430703 鼎城区"), std::string::npos) << out_.str();

  ASSERT_EQ(Cli({"plan", "show", "430703"}), 0) << err_.str();
  const std::string show = out_.str();
  EXPECT_NE(show.find("非化石能源消费比重"), std::string::npos) << show;
  EXPECT_NE(show.find("≈23"), std::string::npos) << show;
  EXPECT_NE(show.find("≥58"), std::string::npos) << show;
  EXPECT_NE(show.find("万千瓦"), std::string::npos) << show;

  fs::path exported = dir_ / "out.json";
  ASSERT_EQ(Cli({"plan", "export", "1", "-o", exported.string()}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(exported));
  // Re-import of the same region and status is refused with exit code 5.
  EXPECT_EQ(Cli({"plan", "import-json", exported.string()}), 5);
  EXPECT_NE(err_.str().find("error:"), std::string::npos);
}

TEST_F(CliTest, JsonOutput) {
  ASSERT_EQ(Cli({"plan", "import-json", DemoFile("anhua_430923.json")}), 0) << err_.str();
  ASSERT_EQ(Cli({"--json", "plan", "list"}), 0);
  EXPECT_EQ(out_.str().front(), '[');
  EXPECT_NE(out_.str().find("\"region_code\": \"430923\""), std::string::npos) << out_.str();
}

TEST_F(CliTest, ExitCodesMeanSomething) {
  EXPECT_EQ(Cli({"plan", "frobnicate"}), 2);
  EXPECT_EQ(Cli({"plan", "show", "430703"}), 4);  // nothing imported yet
  EXPECT_NE(err_.str().find("import one"), std::string::npos) << err_.str();
  EXPECT_EQ(Cli({"plan", "import-json", (dir_ / "missing.json").string()}), 4);
  fs::path bad = dir_ / "bad.json";
  std::ofstream(bad) << "{\n  \"format\": \"carbonpeak.plan\",\n  oops\n}\n";
  EXPECT_EQ(Cli({"plan", "import-json", bad.string()}), 3);
  EXPECT_NE(err_.str().find("bad.json:3:"), std::string::npos) << err_.str();
}

TEST_F(CliTest, TargetReviseAndHistory) {
  ASSERT_EQ(Cli({"plan", "import-json", DemoFile("dingcheng_430703.json")}), 0) << err_.str();
  EXPECT_EQ(Cli({"target", "revise", "1", "--value", "30"}), 2);  // --reason is required
  clock_.Advance(std::chrono::hours(1));
  ASSERT_EQ(Cli({"target", "revise", "1", "--value", "30", "--reason", "correction", "--source",
                 "notice 7"}),
            0)
      << err_.str();
  EXPECT_NE(out_.str().find("revision 2"), std::string::npos) << out_.str();
  ASSERT_EQ(Cli({"target", "history", "1"}), 0);
  EXPECT_NE(out_.str().find("correction"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("notice 7"), std::string::npos) << out_.str();
}

TEST_F(CliTest, RegionsAndRefdata) {
  ASSERT_EQ(Cli({"region", "list"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("431202"), std::string::npos);
  EXPECT_NE(out_.str().find("鹤城区"), std::string::npos);
  ASSERT_EQ(Cli({"region", "add", "--code", "430703100", "--name", "某镇", "--parent", "430703"}),
            0)
      << err_.str();
  EXPECT_EQ(Cli({"region", "add", "--code", "430703100", "--name", "某镇", "--parent", "430703"}),
            5);
  ASSERT_EQ(Cli({"refdata", "check"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("is valid"), std::string::npos);
}

TEST_F(CliTest, ForeignDatabaseIsRefusedUntouched) {
  fs::path db = dir_ / "carbonpeak.db";
  std::ofstream(db) << "this is not a database, it is a shopping list\n";
  auto size_before = fs::file_size(db);
  EXPECT_EQ(Cli({"plan", "list"}), 6) << err_.str();
  EXPECT_EQ(fs::file_size(db), size_before);
}

}  // namespace
}  // namespace carbonpeak::cli
