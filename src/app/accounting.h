// Accounting use cases: the stored statistics of a county-year → activity records → energy
// balance and GHG inventory (accounting::Engine) → indicator inputs → indicator values → the
// status of the plan's targets. User-supplied factors (a value the reference tables lack, or the
// year's 发电煤耗) are stored as figures with their source and reason, every change a revision.
//
//   CPK_ASSIGN_OR_RETURN(domain::Inventory inv,
//                        app::ComputeRegionInventory(platform, "430703", 2023, {}));
//   CPK_ASSIGN_OR_RETURN(app::IndicatorReport ind,
//                        app::ComputeRegionIndicators(platform, "430703", 2023, {}));
//   CPK_ASSIGN_OR_RETURN(app::TargetsReport t, app::ComputeTargetsStatus(platform, "430703"));
//   app::SetFactorOverride(platform, "430703", {{"energy/indirect", "electricity",
//                          "grid_co2_ef", 2024}, 0.53, "kgCO2/kWh", "公告 …", "2024 not yet
//                          published"}, "office");
//
// Stored figures: "factor.<sector>/<item>/<parameter>" (period = year, or "all" for factors
// that do not vary by year) and "factor.generation_coal_rate" (period = year, gce/kWh).
//
// Thread safety: as Platform. Failure contract: a year without statistics is NotFound naming the
// years that have data; a missing factor is FailedPrecondition naming it and the `carbonpeak
// factor set` command that supplies it; nothing is ever read as zero. Missing inputs of single
// indicators are outcomes in the report (with the reason), not errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounting/accounting.h"
#include "app/app.h"
#include "base/status.h"
#include "domain/energy.h"
#include "indicators/indicators.h"
#include "store/store.h"

namespace carbonpeak::app {

struct AccountingOptions {
  std::string fuel_set = std::string(accounting::kDefaultFuelSet);
  domain::GwpReport gwp = domain::GwpReport::kAr5;
  domain::GridChoice grid;  ///< National average unless chosen.
  indicators::NonFossilRule non_fossil_rule = indicators::NonFossilRule::kNone;
  std::optional<Timestamp> as_of;  ///< Statistics and factors as stored at that time.
};

/// "national"/"全国", a grid region ("华中") or a province ("湖南"); InvalidArgument otherwise.
Result<domain::GridChoice> ParseGridChoice(std::string_view text);

/// The user factors of a region (latest revisions, or as of `as_of`).
struct UserFactors {
  std::vector<domain::FactorOverride> overrides;
  std::vector<domain::GenerationCoalRate> coal_rates;
};
Result<UserFactors> LoadUserFactors(Platform& platform, const std::string& region_code,
                                    std::optional<Timestamp> as_of = std::nullopt);
/// Checks the override against the reference data (unit, source, reason) and stores it as a new
/// revision.
Result<store::FigureRevision> SetFactorOverride(Platform& platform, const std::string& region_code,
                                                const domain::FactorOverride& factor,
                                                const std::string& author);
/// Stores the 发电煤耗 of a year (grams of standard coal per kWh) with its source and reason.
Result<store::FigureRevision> SetGenerationCoalRate(Platform& platform,
                                                    const std::string& region_code,
                                                    const domain::GenerationCoalRate& rate,
                                                    const std::string& reason,
                                                    const std::string& author);

/// Years with stored statistics of the region, ascending.
Result<std::vector<int>> StatisticsYears(Platform& platform, const std::string& region_code);
/// The activity records (energy and non-energy rows) of one region-year. NotFound when none.
Result<std::vector<domain::ActivityRecord>> LoadActivityRecords(
    Platform& platform, const std::string& region_code, int year,
    std::optional<Timestamp> as_of = std::nullopt);

/// The factor set of `options` with the region's user factors applied.
Result<domain::FactorSet> RegionFactorSet(Platform& platform, const std::string& region_code,
                                          const AccountingOptions& options);

Result<domain::EnergyBalance> ComputeRegionBalance(Platform& platform,
                                                   const std::string& region_code, int year,
                                                   const AccountingOptions& options);
Result<domain::Inventory> ComputeRegionInventory(Platform& platform, const std::string& region_code,
                                                 int year, const AccountingOptions& options);

struct IndicatorReport {
  std::string region_code;
  int year = 0;
  indicators::IndicatorInputs inputs;
  std::vector<indicators::IndicatorOutcome> outcomes;  ///< Catalogue order.
  /// What is missing or derived, in plain words (e.g. why CO2 is absent).
  std::vector<std::string> notes;
  bool synthetic = false;  ///< Any figure used comes from the SYNTHETIC demo data.
};

/// The indicator inputs of a region-year from its balance, inventory and economic statistics.
/// `notes` receives what could not be filled and why.
Result<indicators::IndicatorInputs> BuildIndicatorInputs(Platform& platform,
                                                         const std::string& region_code, int year,
                                                         const AccountingOptions& options,
                                                         std::vector<std::string>* notes);

Result<IndicatorReport> ComputeRegionIndicators(Platform& platform, const std::string& region_code,
                                                int year, const AccountingOptions& options);

struct TargetsReport {
  std::string region_code;
  int64_t plan_id = 0;
  std::string plan_title;
  int current_year = 0;
  std::vector<int> data_years;
  std::vector<indicators::TargetProgress> progress;
  std::vector<std::string> notes;
  bool synthetic = false;
};

/// Every target of the region's plan against the indicator values of every year with data.
/// `current_year` defaults to the latest year with statistics.
Result<TargetsReport> ComputeTargetsStatus(Platform& platform, const std::string& region_code,
                                           std::optional<int> current_year = std::nullopt,
                                           const AccountingOptions& options = {});

/// Text that marks demo figures: every figure and factor of the demo data set carries it in its
/// source, and reports built from them say so.
inline constexpr std::string_view kSyntheticMark = "SYNTHETIC";

/// Loads the synthetic demo statistics of 鼎城区 (resource_dir/demo/statistics/) and the demo
/// factors they need (labelled as demo values to be replaced). Returns the figures stored; 0
/// when they were stored already.
Result<size_t> LoadDemoStatistics(Platform& platform);

}  // namespace carbonpeak::app
