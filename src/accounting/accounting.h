// carbonpeak::accounting — the energy balance (能源平衡表) and the GHG inventory (温室气体清单)
// of a county-year, computed from activity records and one versioned factor set.
//
//   CPK_ASSIGN_OR_RETURN(domain::FactorSet factors,
//                        accounting::BuildFactorSet(ref, {.gwp = domain::GwpReport::kAr5}));
//   CPK_ASSIGN_OR_RETURN(accounting::Engine engine, accounting::Engine::Create(ref, factors));
//   CPK_ASSIGN_OR_RETURN(domain::EnergyBalance balance,
//                        engine.ComputeEnergyBalance("430703", 2023, records, {.coal_rates =
//                        rates}));
//   CPK_ASSIGN_OR_RETURN(domain::Inventory inventory, engine.ComputeInventory("430703", 2023,
//   records));
//
// BuildFactorSet resolves, once, every factor a computation may need from the reference tables:
// the fuel-combustion parameters of ONE emission-factor set (sets disagree and are never mixed),
// the conversion coefficients, the grid factors of one scope for every year published, the heat
// factor, the GWP values of one report and the non-energy factors of the item catalogue; user
// overrides (value + unit + source + reason) replace or add factors. Engine::Create indexes the
// factor set and the vocabularies; the Compute functions are then pure and fast (a full
// county-year well under a millisecond).
//
// Where a needed factor has no value the computation stops with FailedPrecondition naming every
// such factor (sector, item, parameter, unit) and how to supply it as an override; a factor is
// never taken as zero. Bad records (unknown carrier, sector or item code, a unit that does not
// fit, a negative amount, a cell given twice) give InvalidArgument naming each record by its
// file, sheet, row and column. Results carry, per line, the positions of the records used and
// the factors used with their reference row or override.
//
// Thread safety: an Engine is immutable after Create and may be shared between threads; the
// Compute functions read no clock, do no I/O and keep no state. Nothing throws.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/energy.h"
#include "refdata/refdata.h"

namespace carbonpeak::accounting {

/// The fuel-combustion set used unless the caller picks another (FuelSets() lists them).
inline constexpr std::string_view kDefaultFuelSet = "CN default (NCV,CC,OF)";

/// What a factor set is built from.
struct FactorSetSpec {
  std::string fuel_set = std::string(kDefaultFuelSet);
  domain::GwpReport gwp = domain::GwpReport::kAr5;
  domain::GridChoice grid;  ///< national/全国/average unless chosen.
  std::vector<domain::FactorOverride> overrides;
};

/// The distinct `set` values of the fuel-combustion rows, in file order.
std::vector<std::string> FuelSets(const refdata::RefData& ref);

/// Resolves every factor of `spec` (see the file comment). Fails on an unknown fuel set, a grid
/// choice that matches no row, a GWP report without CH4/N2O values, or an override without a
/// value, unit, source or reason.
Result<domain::FactorSet> BuildFactorSet(const refdata::RefData& ref, const FactorSetSpec& spec);

struct BalanceOptions {
  /// 发电煤耗 per year, each with its source. Without the balance year's rate the 等价值
  /// columns are left out and EnergyBalance::missing_inputs says so.
  std::vector<domain::GenerationCoalRate> coal_rates;
  /// A carrier "closes" when |residual| ≤ tolerance × max(|supply|, |consumption|).
  double closing_tolerance = 1e-6;
};

/// An activity item of the non-energy inventory, for import templates and validation.
struct InventoryItem {
  std::string_view code;
  domain::ActivityFlow flow;
  std::string_view unit;  ///< The unit amounts are converted to ("t", "头", "hm²").
  std::string_view name_zh;
  std::string_view name_en;
};

/// Every catalogue item. Forest flows take any species-group code instead (lower-case ASCII,
/// digits, '_'), whose parameters the user supplies (see ForestParameterNames()).
std::vector<InventoryItem> InventoryItems();
/// "wood_density", "bef", "root_shoot_ratio", "carbon_fraction".
std::vector<std::string_view> ForestParameterNames();

class Engine {
 public:
  /// Indexes the vocabularies of `ref` and the factors. Fails when a factor's unit cannot be
  /// read for the use it has (e.g. an override of an NCV given in tC/TJ).
  static Result<Engine> Create(const refdata::RefData& ref, domain::FactorSet factors);

  /// The balance of `region_code` in `year` from the energy records among `records` (others are
  /// skipped). NotFound when there is no record for that county-year at all.
  Result<domain::EnergyBalance> ComputeEnergyBalance(
      std::string_view region_code, int year, std::span<const domain::ActivityRecord> records,
      const BalanceOptions& options = {}) const;

  /// The inventory of `region_code` in `year`: fuel combustion, indirect electricity and heat,
  /// industrial processes, agriculture, forestry and waste, with the factor set's GWP report.
  Result<domain::Inventory> ComputeInventory(std::string_view region_code, int year,
                                             std::span<const domain::ActivityRecord> records) const;

  /// `value` of `carrier` in `unit` as tce. The equivalent caliber needs `coal_rate` for
  /// electricity (other carriers convert as in the calorific caliber).
  Result<double> ToTce(std::string_view carrier, double value, std::string_view unit,
                       domain::Caliber caliber,
                       const domain::GenerationCoalRate* coal_rate = nullptr) const;

  const domain::FactorSet& factor_set() const;

  struct Impl;

 private:
  explicit Engine(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace carbonpeak::accounting
