// `carbonpeak data|inventory|indicators|targets|factor` end to end: template → filled file →
// import → inventory → factor set → indicators → targets status, on a temporary store.
#include "cli/data_command.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/app.h"
#include "base/file.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::cli {
namespace {

namespace fs = std::filesystem;

class DataCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("cpk_data_command_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs one command line; returns its Status, output in out_.
  Status Run(std::vector<std::string> args) {
    out_.str("");
    CLI::App app{"test"};
    bool json = false;
    Status result;
    app.add_flag("--json", json);
    AddDataCommands(
        &app,
        [this]() {
          app::Options options;
          options.data_dir = dir_.string();
          options.resource_dir = CPK_DATA_DIR;
          return app::Platform::Open(options, clock_);
        },
        &json, out_, &result);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& e) {
      return Status::InvalidArgument(std::string("command line: ") + e.what());
    }
    return result;
  }

  fs::path dir_;
  FakeClock clock_;
  std::ostringstream out_;
};

TEST_F(DataCommandTest, TemplateImportComputeAndSupplyAFactor) {
  std::string tmpl = (dir_ / "t.csv").string();
  ASSERT_TRUE(Run({"data", "template", "--region", "430703", "--year", "2020", "-o", tmpl}).ok());
  auto text = ReadFile(tmpl);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("gdp_constant_2020"), std::string::npos);

  // Fill a few cells of the template (the value column is the 8th).
  std::string filled =
      "region_code,year,section,flow,sector,carrier,item,value,unit,name,note\n"
      "430703,2020,economy,,,,gdp_constant_2020,4600000,万元,,\n"
      "430703,2020,economy,,,,population,72.0,万人,,\n"
      "430703,2020,energy,inflow,,electricity,,180000,万kWh,,\n"
      "430703,2020,energy,final_consumption,industry,electricity,,180000,万kWh,,\n";
  std::string file = (dir_ / "dc_2020.csv").string();
  ASSERT_TRUE(WriteFileAtomic(file, filled).ok());
  Status s = Run({"data", "import", file, "--author", "统计局"});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(out_.str().find("4 figures checked, 4 stored"), std::string::npos) << out_.str();

  // 2020 has no published national grid factor: the inventory names it and the command.
  s = Run({"inventory", "compute", "--region", "430703", "--year", "2020"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("grid_co2_ef, year 2020"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("carbonpeak factor set"), std::string::npos);

  s = Run({"factor", "set", "--sector", "energy/indirect", "--item", "electricity", "--parameter",
           "grid_co2_ef", "--year", "2020", "--value", "0.58", "--unit", "kgCO2/kWh", "--source",
           "test value", "--reason", "worked example"});
  ASSERT_TRUE(s.ok()) << s.ToString();
  s = Run({"inventory", "compute", "--region", "430703", "--year", "2020", "--json"});
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto doc = nlohmann::json::parse(out_.str());
  // 1.8×10⁹ kWh × 0.58 kgCO2/kWh = 1,044,000 t.
  EXPECT_NEAR(doc["totals"]["indirect_co2_t"].get<double>(), 1044000.0, 0.01);
  EXPECT_TRUE(doc["uses_overrides"].get<bool>());

  // A year outside the data.
  s = Run({"indicators", "show", "--year", "2024"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("years with data: 2020"), std::string::npos) << s.message();

  // Export gives the same figures back as a template.
  ASSERT_TRUE(Run({"data", "export", "--region", "430703"}).ok());
  EXPECT_NE(out_.str().find("430703,2020,economy,,,,population,72,万人"), std::string::npos)
      << out_.str();
}

TEST_F(DataCommandTest, BadFileStoresNothing) {
  std::string file = (dir_ / "bad.csv").string();
  ASSERT_TRUE(WriteFileAtomic(file,
                              "region_code,year,section,flow,sector,carrier,item,value,unit,name,"
                              "note\n430703,2020,energy,final_consumption,industry,coal,,5,t,,\n")
                  .ok());
  Status s = Run({"data", "import", file});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad.csv:2:6 (carrier): unknown energy carrier 'coal'"),
            std::string::npos)
      << s.message();
  s = Run({"data", "export", "--region", "430703"});
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace carbonpeak::cli
