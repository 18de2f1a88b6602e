// Engine::Impl — the indexed vocabularies and factors an Engine computes with — and the steps
// the balance and the inventory share: record validation and aggregation. Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "accounting/accounting.h"
#include "accounting/internal/catalogue.h"
#include "base/units.h"

namespace carbonpeak::accounting {

namespace internal {

/// A factor that a computation needs but the factor set lacks.
struct MissingFactor {
  domain::FactorKey key;
  std::string expected_unit;  ///< In words, with an example.
  std::string needed_for;     ///< "fuel combustion of raw coal (原煤) in 工业".
  std::string hint;           ///< Extra advice, e.g. the range the table gives.
};

/// Formats the FailedPrecondition for a list of missing factors; `region` (may be empty) goes
/// into the suggested command.
Status MissingFactorsStatus(std::string_view what, std::string_view region,
                            const domain::FactorSet& set,
                            const std::vector<MissingFactor>& missing);

/// A factor resolved for one use: its index in the factor set and its value brought to the
/// canonical unit of that use.
struct Resolved {
  int index = -1;
  double value = 0;
};

struct CarrierInfo {
  std::string code;
  std::string name_zh;
  std::string unit;
  Dimension dimension = Dimension::kMass;
  double unit_scale = 1;  ///< Scale of `unit` to its dimension's base.
  refdata::FossilClass fossil = refdata::FossilClass::kFossil;
  bool electricity = false;
  bool heat = false;
  std::optional<Resolved> conversion;  ///< tce per unit (当量值).
  std::string conversion_hint;         ///< Said when the conversion factor is missing.
  double kwh_per_unit = 0;             ///< Electricity only.
  /// Fuel combustion: tCO2 per unit and the factors it was built from, or what is missing.
  std::optional<double> tco2_per_unit;
  std::vector<int> combustion_factors;
  std::vector<MissingFactor> combustion_missing;
};

struct SectorInfo {
  std::string code;
  std::string name_zh;
  refdata::SectorKind kind = refdata::SectorKind::kFinal;
  int parent = -1;
  std::string group;
  bool fuel_combustion = false;
};

struct TermInfo {
  const TermDef* def = nullptr;
  std::optional<double> multiplier;  ///< Tonnes of gas per activity unit when complete.
  std::vector<int> factors;
  std::vector<MissingFactor> missing;
};

struct ItemInfo {
  const ItemDef* def = nullptr;
  Dimension dimension = Dimension::kMass;
  double unit_scale = 1;
  std::vector<TermInfo> terms;
};

/// A validated record of the requested county-year, its amount in the carrier's or item's unit.
struct PreparedRecord {
  uint32_t index = 0;  ///< Position in the caller's span.
  domain::ActivityFlow flow = domain::ActivityFlow::kFinalConsumption;
  int sector = -1;
  int carrier = -1;
  int item = -1;  ///< Catalogue item; -1 for forest records (species in `species`).
  double quantity = 0;
  std::string_view species;
};

/// One energy-balance cell (flow × sector × carrier); each comes from exactly one record.
struct Cell {
  domain::ActivityFlow flow;
  int sector;  ///< -1 for border flows and losses.
  int carrier;
  double quantity;
  uint32_t record;
};

struct Prepared {
  std::vector<PreparedRecord> records;
  std::vector<Cell> cells;  ///< Energy-balance flows only, in record order.
};

}  // namespace internal

struct Engine::Impl {
  domain::FactorSet factors;
  std::vector<internal::CarrierInfo> carriers;
  std::unordered_map<std::string, int> carrier_index;
  std::unordered_map<std::string, int> carrier_by_name;  ///< Chinese name -> carrier.
  std::vector<internal::SectorInfo> sectors;
  std::unordered_map<std::string, int> sector_index;
  std::vector<internal::ItemInfo> items;
  std::unordered_map<std::string, int> item_index;
  std::unordered_map<std::string, int> factor_index;  ///< FactorKeyText -> index.
  int electricity = -1;
  int heat = -1;
  /// Year -> grid factor as tCO2 per unit of the electricity carrier.
  std::vector<std::pair<int, internal::Resolved>> grid_by_year;
  std::optional<internal::Resolved> heat_factor;  ///< tCO2 per heat carrier unit.
  std::optional<internal::Resolved> gwp_ch4;
  std::optional<internal::Resolved> gwp_n2o;

  const domain::Factor& factor(int index) const { return factors.factors[index]; }
  int FindFactor(const domain::FactorKey& key) const;

  /// Validates and converts the records of one county-year; energy cells are aggregated with
  /// duplicate and parent/child checks. NotFound when no record matches the county-year.
  Result<internal::Prepared> Prepare(std::string_view region_code, int year,
                                     std::span<const domain::ActivityRecord> records) const;
};

}  // namespace carbonpeak::accounting
