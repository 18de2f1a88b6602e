#include "cli/monitor_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/monitoring.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::cli {
namespace {

namespace fs = std::filesystem;

// 2024-03-20T12:00 local time.
constexpr Timestamp kNow{.micros = (1710907200LL + 4 * 3600) * 1000000};

class MonitorCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cpk_monitor_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs `carbonpeak monitor ARGS…` against the test's data folder.
  Status Run(std::vector<std::string> args, bool json = false) {
    CLI::App app{"test"};
    Status result;
    out_.str("");
    MonitorCommandEnv env;
    env.open = [this]() {
      app::Options options;
      options.data_dir = dir_.string();
      options.resource_dir = CPK_DATA_DIR;
      return app::Platform::Open(options, clock_);
    };
    env.out = &out_;
    env.json = &json_;
    env.result = &result;
    env.clock = &clock_;
    json_ = json;
    AddMonitorCommands(app, env);
    args.insert(args.begin(), "monitor");
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& e) {
      return Status::InvalidArgument(std::string("usage: ") + e.what());
    }
    return result;
  }

  FakeClock clock_{kNow};
  fs::path dir_;
  std::ostringstream out_;
  bool json_ = false;
};

TEST_F(MonitorCommandTest, RegisterSimulateIngestAndQuery) {
  const std::string csv = (dir_ / "sim.csv").string();
  ASSERT_TRUE(Run({"simulate", "--enterprises", "3", "--days", "2", "--seed", "5", "--out", csv,
                   "--register"})
                  .ok())
      << out_.str();
  EXPECT_NE(out_.str().find("SYNTHETIC readings of 3 enterprises"), std::string::npos);

  Status ingest = Run({"ingest", csv});
  ASSERT_TRUE(ingest.ok()) << ingest.ToString() << out_.str();
  EXPECT_EQ(out_.str().rfind("accepted: ", 0), 0u) << out_.str();

  ASSERT_TRUE(Run({"enterprise", "list"}, true).ok());
  auto list = nlohmann::json::parse(out_.str());
  ASSERT_EQ(list["total"], 3);
  const std::string code = list["items"][0]["credit_code"];

  ASSERT_TRUE(Run({"series", "--level", "enterprise", "--code", code, "--granularity", "day",
                   "--from", "2024-03-18", "--to", "2024-03-20"},
                  true)
                  .ok())
      << out_.str();
  auto series = nlohmann::json::parse(out_.str());
  ASSERT_EQ(series["points"].size(), 2u);
  EXPECT_GT(series["total"]["tce_calorific"].get<double>(), 0.0);

  ASSERT_TRUE(Run({"top", "--granularity", "day", "--at", "2024-03-19T12:00"}).ok());
  EXPECT_NE(out_.str().find(code), std::string::npos);

  // A refused batch prints the row reasons and exits with an invalid-input status.
  const std::string bad = (dir_ / "bad.csv").string();
  {
    std::ofstream f(bad);
    f << "enterprise,meter,period_start,value\n" << code << ",E01,2024-03-19T08:07,5\n";
  }
  Status refused = Run({"ingest", bad});
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out_.str().find("bad.csv:2:"), std::string::npos) << out_.str();

  ASSERT_TRUE(Run({"enterprise", "add", "--credit-code", "91430703MA4L0F2K3X", "--name", "x",
                   "--industry", "C3011", "--township", "430703100", "--county", "430703"})
                  .code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace carbonpeak::cli
