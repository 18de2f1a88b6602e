// The SYNTHETIC demo data set of 鼎城区 (data/demo/statistics/): it loads, every year computes,
// magnitudes sit in the CEADs band, and the demo shows every status and warning level.
#include <gtest/gtest.h>

#include <set>

#include "app/accounting.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::app {
namespace {

class DemoStatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
    ASSERT_TRUE(platform_->LoadDemo().ok());
    auto loaded = LoadDemoStatistics(*platform_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    ASSERT_GT(*loaded, 250u);
  }
  FakeClock clock_;
  std::unique_ptr<Platform> platform_;
};

TEST_F(DemoStatisticsTest, EveryYearComputesWithinTheCeadsBand) {
  // Latest CEADs estimate of the county (1997-2017 series), the sanity band's centre.
  double ceads_mt = 0;
  for (const refdata::CountyCo2& c : platform_->refdata().county_co2) {
    if (c.region_code == "430703" && c.year == 2017) ceads_mt = c.co2_mt;
  }
  ASSERT_GT(ceads_mt, 0);
  for (int year = 2020; year <= 2024; ++year) {
    SCOPED_TRACE(year);
    auto b = ComputeRegionBalance(*platform_, "430703", year, {});
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    ASSERT_TRUE(b->total_equivalent.has_value());  // the demo 发电煤耗 is supplied
    for (const domain::CarrierBalance& c : b->carriers) {
      EXPECT_TRUE(c.closes) << c.carrier << " residual " << c.physical.residual;
    }
    auto inv = ComputeRegionInventory(*platform_, "430703", year, {});
    ASSERT_TRUE(inv.ok()) << inv.status().ToString();
    EXPECT_TRUE(inv->uses_overrides);
    EXPECT_GT(inv->totals.co2_t / 1e6, 0.6 * ceads_mt);
    EXPECT_LT(inv->totals.co2_t / 1e6, 1.4 * ceads_mt);
    bool labelled = false;
    for (const auto& n : inv->notes) labelled |= n.message.find("SYNTHETIC") != std::string::npos;
    EXPECT_TRUE(labelled);
    auto ind = ComputeRegionIndicators(*platform_, "430703", year, {});
    ASSERT_TRUE(ind.ok()) << ind.status().ToString();
    EXPECT_TRUE(ind->synthetic);
    for (const auto& o : ind->outcomes) {
      if (o.key == "energy_intensity" || o.key == "co2_intensity" || o.key == "non_fossil_share" ||
          o.key == "new_energy_capacity" || o.key == "natural_gas_consumption" ||
          o.key == "forest_coverage") {
        EXPECT_TRUE(o.value.ok()) << o.key << ": " << o.value.status().ToString();
      }
    }
  }
  // Loading again stores nothing.
  auto again = LoadDemoStatistics(*platform_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
}

TEST_F(DemoStatisticsTest, ShowsEveryStatusAndWarningLevel) {
  auto t = ComputeTargetsStatus(*platform_, "430703");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->current_year, 2024);
  EXPECT_TRUE(t->synthetic);
  std::set<indicators::TargetStatus> statuses;
  std::set<indicators::WarningLevel> warnings;
  for (const auto& p : t->progress) {
    statuses.insert(p.status);
    warnings.insert(p.warning);
    if (p.indicator == "non_fossil_share" && p.target_year == 2025) {
      // The 2024 drought lowers hydro: the share falls below 2023 — red.
      EXPECT_EQ(p.warning, indicators::WarningLevel::kLevel1) << p.explanation_en;
    }
    if (p.indicator == "carbon_peak_year") {
      EXPECT_TRUE(p.actual.has_value()) << p.explanation_en;
    }
  }
  EXPECT_TRUE(statuses.count(indicators::TargetStatus::kOnTrack));
  EXPECT_TRUE(statuses.count(indicators::TargetStatus::kBehind));
  EXPECT_TRUE(statuses.count(indicators::TargetStatus::kUnknown));
  EXPECT_TRUE(statuses.count(indicators::TargetStatus::kNotApplicable));
  EXPECT_TRUE(warnings.count(indicators::WarningLevel::kLevel1));
  EXPECT_TRUE(warnings.count(indicators::WarningLevel::kLevel2));
  EXPECT_TRUE(warnings.count(indicators::WarningLevel::kLevel3));
}

}  // namespace
}  // namespace carbonpeak::app
