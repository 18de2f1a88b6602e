// Bad input: each problem gives a message that says what is wrong, where, and what to do.

#include <gtest/gtest.h>

#include <vector>

#include "accounting/accounting.h"
#include "accounting/test_util.h"

namespace carbonpeak::accounting {
namespace {

using domain::ActivityFlow;
using testing::Energy;
using testing::ErrorContains;
using testing::Item;
using testing::kCounty;
using testing::kYear;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = testing::MakeEngine();
    ASSERT_TRUE(engine_);
  }
  Status Balance(const std::vector<domain::ActivityRecord>& records, int year = kYear,
                 const BalanceOptions& options = {}) {
    return engine_->ComputeEnergyBalance(kCounty, year, records, options).status();
  }
  Status Inventory(const std::vector<domain::ActivityRecord>& records, int year = kYear) {
    return engine_->ComputeInventory(kCounty, year, records).status();
  }
  std::optional<Engine> engine_;
};

TEST_F(BadInputTest, NaturalGasInTonnesDoesNotFit) {
  domain::ActivityRecord r =
      Energy(ActivityFlow::kFinalConsumption, "residential_urban", "natural_gas", 30, "t");
  r.provenance = {"energy_2023.xlsx", "能源消费", 12, 6};
  const Status status = Balance({r});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ErrorContains(status, {"energy_2023.xlsx [能源消费] row 12, column 6",
                                     "final_consumption of natural_gas in residential_urban",
                                     "天然气 (natural_gas) is measured in 万m³ (volume)",
                                     "'t' is a mass unit", "carrier lng"}));
  EXPECT_TRUE(ErrorContains(Inventory({r}), {"天然气 (natural_gas) is measured in 万m³"}));
}

TEST_F(BadInputTest, UnknownCarrierAndSectorCodes) {
  EXPECT_TRUE(
      ErrorContains(Balance({Energy(ActivityFlow::kFinalConsumption, "industry", "coal", 1, "t")}),
                    {"unknown energy carrier 'coal'", "raw_coal", "cleaned_coal"}));
  EXPECT_TRUE(
      ErrorContains(Balance({Energy(ActivityFlow::kFinalConsumption, "industry", "原煤", 1, "t")}),
                    {"write the code raw_coal for 原煤"}));
  EXPECT_TRUE(ErrorContains(
      Balance({Energy(ActivityFlow::kFinalConsumption, "cement", "raw_coal", 1, "t")}),
      {"unknown sector 'cement'", "data/sectors.csv"}));
  EXPECT_TRUE(ErrorContains(
      Balance({Energy(ActivityFlow::kFinalConsumption, "tr_thermal_power", "raw_coal", 1, "t")}),
      {"final consumption needs the final-use sector"}));
  EXPECT_TRUE(
      ErrorContains(Balance({Energy(ActivityFlow::kInflow, "industry", "raw_coal", 1, "t")}),
                    {"inflow is not broken down by sector; leave the sector empty"}));
  EXPECT_TRUE(ErrorContains(Inventory({Item(ActivityFlow::kLivestock, "pig", 1, "头")}),
                            {"unknown livestock item 'pig'", "swine"}));
  EXPECT_TRUE(ErrorContains(Inventory({Item(ActivityFlow::kProcessOutput, "swine", 1, "t")}),
                            {"unknown process_output item 'swine'", "clinker"}));
}

TEST_F(BadInputTest, NegativeAmountsAndManyErrorsAtOnce) {
  const Status status =
      Balance({Energy(ActivityFlow::kFinalConsumption, "industry", "raw_coal", -5, "t"),
               Energy(ActivityFlow::kOutflow, "", "diesel", -1, "t"),
               Energy(ActivityFlow::kStockChange, "", "raw_coal", -5, "t")});
  EXPECT_TRUE(ErrorContains(status, {"2 activity records of 430703 for 2023 are not valid",
                                     "record 1", "record 2", "the amount is negative (-5)"}));
}

TEST_F(BadInputTest, AYearWithoutDataIsNotFoundAndListsTheYears) {
  const std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kFinalConsumption, "industry", "raw_coal", 1, "t", 2021),
      Energy(ActivityFlow::kFinalConsumption, "industry", "raw_coal", 1, "t", 2022)};
  const Status status = Balance(records, 2025);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_TRUE(
      ErrorContains(status, {"no activity data for 430703 in 2025", "data exist for 2021 2022"}));
}

TEST_F(BadInputTest, AYearWithoutGridFactorNamesTheYearAndTheYearsAvailable) {
  const std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kInflow, "", "electricity", 100, "万kWh", 2024),
      Energy(ActivityFlow::kFinalConsumption, "industry", "electricity", 100, "万kWh", 2024)};
  const Status status = Inventory(records, 2024);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ErrorContains(
      status, {"sector energy/indirect, item electricity, parameter "
               "grid_co2_ef, year 2024",
               "national 全国 average grid factor for 2021, 2022, 2023 only", "--year 2024"}));
}

TEST_F(BadInputTest, AMissingFactorStopsAndSaysHowToSupplyIt) {
  // The default fuel set has no raw-coal row; ferroalloy has no process factor.
  const std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kFinalConsumption, "ind_nonmetallic", "raw_coal", 100, "t"),
      Energy(ActivityFlow::kFinalConsumption, "construction", "gangue", 100, "t"),
      Item(ActivityFlow::kProcessOutput, "ferroalloy", 10, "t")};
  const Status status = Inventory(records);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ErrorContains(
      status,
      {"the inventory of 430703 for 2023 cannot be computed",
       "sector energy/combustion, item raw_coal, parameter ncv, in energy per unit of "
       "activity",
       "fuel combustion of raw_coal (原煤) in ind_nonmetallic", "原煤 raw coal",
       "item gangue, parameter carbon_content", "no emission factor for this fuel ships in any set",
       "sector IPPU, item ferroalloy, parameter co2_ef", "No value is taken as zero",
       "carbonpeak factor set --region 430703 --sector energy/combustion --item raw_coal "
       "--parameter ncv"}));
  // The balance needs a conversion coefficient for gangue.
  EXPECT_TRUE(ErrorContains(Balance(records),
                            {"sector energy/conversion, item gangue, parameter kgce_per_unit",
                             "no standard-coal coefficient for gangue (煤矸石) ships"}));
  EXPECT_TRUE(ErrorContains(
      Balance({Energy(ActivityFlow::kFinalConsumption, "industry", "coal_slime", 1, "t")}),
      {"the conversion table gives only a range for 煤泥, 0.2857-0.4286 kgce/kg"}));
}

TEST_F(BadInputTest, ACellGivenTwiceOrATotalWithItsParts) {
  EXPECT_TRUE(ErrorContains(
      Balance({Energy(ActivityFlow::kFinalConsumption, "transport", "diesel", 1, "t"),
               Energy(ActivityFlow::kFinalConsumption, "transport", "diesel", 2, "t")}),
      {"test.xlsx [energy], record 1 (final_consumption of diesel in transport) and "
       "test.xlsx [energy], record 2",
       "give the same cell"}));
  EXPECT_TRUE(ErrorContains(
      Balance({Energy(ActivityFlow::kFinalConsumption, "industry", "diesel", 10, "t"),
               Energy(ActivityFlow::kFinalConsumption, "ind_nonmetallic", "diesel", 2, "t")}),
      {"ind_nonmetallic belongs to industry", "report either the total or its parts"}));
}

TEST_F(BadInputTest, CoalRateNeedsSourceAndPlausibleUnit) {
  const std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kFinalConsumption, "industry", "electricity", 1, "万kWh")};
  EXPECT_TRUE(ErrorContains(Balance(records, kYear, {.coal_rates = {{kYear, 300, ""}}}),
                            {"the 发电煤耗 given for 2023 has no source"}));
  EXPECT_TRUE(ErrorContains(Balance(records, kYear, {.coal_rates = {{kYear, 0.3, "NBS"}}}),
                            {"is 0.3 gce/kWh", "give grams of standard coal per kWh"}));
}

TEST_F(BadInputTest, ForestStockNeedsBothEndsAndSpeciesParameters) {
  EXPECT_TRUE(
      ErrorContains(Inventory({Item(ActivityFlow::kForestStockClosing, "masson_pine", 10, "万m³")}),
                    {"species group masson_pine has only the closing growing stock of 2023"}));
  EXPECT_TRUE(
      ErrorContains(Inventory({Item(ActivityFlow::kForestStockOpening, "masson_pine", 10, "万m³"),
                               Item(ActivityFlow::kForestStockClosing, "masson_pine", 11, "万m³")}),
                    {"sector LULUCF/forestry, item masson_pine, parameter wood_density",
                     "item masson_pine, parameter carbon_fraction", "no species parameters ship"}));
  EXPECT_TRUE(
      ErrorContains(Inventory({Item(ActivityFlow::kForestStockOpening, "Masson pine", 10, "万m³")}),
                    {"'Masson pine' is not a species-group code"}));
}

}  // namespace
}  // namespace carbonpeak::accounting
