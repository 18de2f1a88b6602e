// carbonpeak::refdata — the reference tables shipped under data/, loaded and validated.
//
// LoadRefData(data_dir) reads data_dir/indicators.csv (the indicator catalogue),
// data_dir/regions.csv (GB/T 2260 regions), the accounting vocabularies
// data_dir/energy_carriers.csv and data_dir/sectors.csv, and every data_dir/refdata/*.csv
// (conversion coefficients, emission factors, GWP, grid factors, benchmarks, reference targets,
// warning levels, CEADs county CO2, forest stock). Every typed row keeps a Source that points back
// to its file and line and carries the row's own `verification` tag and `source` citation, so any
// computed figure can name the rows it used.
//
//   CPK_ASSIGN_OR_RETURN(refdata::RefData ref, refdata::LoadRefData("data"));
//   const refdata::IndicatorDef* def = ref.indicators.Find("non_fossil_share");
//   if (def && def->source == refdata::IndicatorSource::kComputed) { ... }
//   const refdata::GwpValue* ch4 = refdata::FindGwp(ref, "AR5", "CH4");  // 28, with its source
//
// Parsing is split from file reading: Parse*(const csv::Table&) are pure functions over parsed
// CSV text, usable in tests and by importers; only LoadRefData touches the file system.
//
// Thread safety: RefData and IndicatorCatalogue are immutable values once built; share them
// freely between threads. Failure contract: every loader and parser returns InvalidArgument
// (NotFound for a missing file) on the first problem, with a message that starts
// "file:line:column: " and says what is wrong and what to do. Nothing throws.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv.h"
#include "base/status.h"
#include "domain/region.h"

namespace carbonpeak::refdata {

// ---------------------------------------------------------------------------------------------
// Provenance

/// Where a reference value came from: the shipped file (relative to the data directory, e.g.
/// "refdata/gwp.csv") and the 1-based line of its row, plus that row's `verification` tag and
/// `source` citation as written.
struct Source {
  std::string file;
  int line = 0;
  std::string verification;
  std::string source;
};

/// The base of a verification tag (see data/refdata/README.md). Stored as text: append only.
enum class Verification {
  kSeenPrimary,    ///< "seen-primary": read in the official text itself.
  kSeenSecondary,  ///< "seen-secondary": read in a repost, a copy or code encoding the table.
  kDerived,        ///< "derived": computed from seen values; the row gives the formula.
};

/// "seen-primary", "seen-secondary", "derived".
std::string_view VerificationName(Verification v);
/// Accepts a base tag alone or followed by a space and a qualifier: "seen-secondary",
/// "seen-secondary (code only)", "derived from seen values". Anything else is nullopt.
std::optional<Verification> ParseVerification(std::string_view tag);

// ---------------------------------------------------------------------------------------------
// Indicator catalogue (data/indicators.csv)

/// Whether a larger value is progress. Stored as text: append only.
enum class Direction { kHigherIsBetter, kLowerIsBetter, kNeutral };
/// Whether the accounting engine derives the indicator from statistics or a lead unit reports
/// it. Stored as text: append only.
enum class IndicatorSource { kComputed, kReported };

std::string_view DirectionName(Direction d);  // "higher", "lower", "neutral"
std::optional<Direction> ParseDirection(std::string_view name);
std::string_view IndicatorSourceName(IndicatorSource s);  // "computed", "reported"
std::optional<IndicatorSource> ParseIndicatorSource(std::string_view name);

/// The fixed vocabulary of lead-unit types (development_reform, industry_it, statistics, ...),
/// documented one per line in docs/methodology/indicators.md.
std::span<const std::string_view> LeadUnitTypes();
bool IsLeadUnitType(std::string_view type);

struct IndicatorDef {
  std::string key;      ///< Stable identifier used by plans and values, e.g. "non_fossil_share".
  std::string name_zh;  ///< Official Chinese name.
  std::string name_en;
  std::string unit;  ///< Unit the indicator is normally expressed in; "-" when qualitative.
  Direction direction = Direction::kNeutral;
  IndicatorSource source = IndicatorSource::kReported;
  std::string lead_unit_type;  ///< One of LeadUnitTypes().
  std::string definition;
  std::string formula;  ///< How a computed indicator is derived; may be empty when reported.
  std::vector<std::string> aliases;  ///< Other Chinese phrasings used by plans.
  Source origin;  ///< Catalogue file and line (the catalogue has no verification column).
};

/// The indicator catalogue: unique keys; each Chinese name or alias maps to one key.
class IndicatorCatalogue {
 public:
  IndicatorCatalogue() = default;

  /// Builds a catalogue; fails when a key repeats or a name/alias names two indicators.
  static Result<IndicatorCatalogue> FromDefs(std::vector<IndicatorDef> defs);

  /// nullptr when `key` is unknown.
  const IndicatorDef* Find(std::string_view key) const;
  /// Looks up a Chinese name or alias exactly as written (after trimming spaces); nullptr when
  /// unknown.
  const IndicatorDef* FindByName(std::string_view name_zh) const;
  const std::vector<IndicatorDef>& all() const { return defs_; }

 private:
  std::vector<IndicatorDef> defs_;
  std::map<std::string, size_t, std::less<>> by_key_;
  std::map<std::string, size_t, std::less<>> by_name_;
};

// ---------------------------------------------------------------------------------------------
// Reference tables (data/refdata/*.csv)

/// A value given either as one number or as a range "low-high" (e.g. 煤泥 0.2857-0.4286).
struct ValueRange {
  double low = 0;
  double high = 0;
};

/// 折标准煤系数 and heating value of one energy carrier (conversion_factors.csv).
struct ConversionFactor {
  std::string carrier_zh;
  std::string carrier_en;
  std::string unit;  ///< Physical unit the coefficients are per: "kg", "m3", "kWh", "MJ", "t".
  /// kgce per unit. Absent when the table gives a range (see kgce_range) or no coefficient.
  std::optional<double> kgce_per_unit;
  std::optional<ValueRange> kgce_range;
  std::optional<double> ncv_kcal_per_unit;
  std::optional<ValueRange> ncv_kcal_range;
  std::optional<double> ncv_kj_per_unit;
  std::string note;
  Source source;
};

/// One parameter of an emission-factor set (emission_factors*.csv). A source row that packs
/// several parameters ("CCW;FCF;CE" with values "0.4;0.4;0.95") becomes one entry per
/// parameter, all pointing at the same row.
struct EmissionFactor {
  std::string sector;         ///< "energy/combustion", "IPPU/cement", "AFOLU/enteric", ...
  std::string set;            ///< The default set; never mix sets in one inventory.
  std::string item;           ///< Fuel, product, animal or process.
  std::string activity_unit;  ///< Unit of the activity the factor applies to; may be empty.
  std::string parameter;      ///< "carbon_content", "ncv", "oxidation_rate", "co2_ef", ...
  double value = 0;
  std::string unit;
  std::string note;
  Source source;
};

/// GWP100 of one gas in one IPCC assessment report (gwp.csv).
struct GwpValue {
  std::string report;  ///< As written: "SAR(AR2)", "AR4", "AR5", "AR6".
  std::string gas;     ///< "CO2", "CH4", "CH4_fossil", "N2O", "SF6", ...
  double gwp100 = 0;
  std::string note;
  Source source;
};

/// An electricity CO2 emission factor (grid_factors*.csv).
struct GridFactor {
  std::optional<int> year;  ///< Data year; absent when the table gives only a label.
  std::string year_label;   ///< The cell as written, e.g. "2022" or "pre-2022 (enterprise ...)".
  std::string scope;        ///< "national", "regional", "provincial".
  std::string region_zh;    ///< "全国", "华中", "湖南", ...
  double value = 0;
  std::string unit;     ///< "kgCO2/kWh".
  std::string caliber;  ///< "average", "fossil-fuel electricity", ...
  std::string note;
  Source source;
};

/// Energy-consumption limit grades of a product standard (benchmarks*.csv).
struct Benchmark {
  std::string standard;
  std::string product;
  std::string indicator;
  std::string unit;
  std::optional<double> level1;  ///< Grade 1 (most efficient); absent where the standard has "—".
  std::optional<double> level2;
  std::optional<double> level3;     ///< Grade 3 = the limit for existing plants.
  std::optional<double> benchmark;  ///< NDRC 标杆 level, where given.
  std::optional<double> baseline;   ///< NDRC 基准 level, where given.
  std::string clause_table;
  std::string note;
  Source source;
};

/// Whether a reference-target row is a goal or an observed value. Stored as text: append only.
enum class ReferenceKind { kTarget, kActual };

/// A national or Hunan target or actual (targets.csv), for context next to a county's own.
struct ReferenceTarget {
  std::string region_zh;
  std::string indicator_zh;  ///< As written in the source, e.g. "单位GDP能源消耗降低".
  std::optional<int> base_year;
  int target_year = 0;
  std::optional<double> value;  ///< Absent when the number is not yet known.
  std::string unit;             ///< As written, with the comparator: "% vs base (at least)".
  ReferenceKind kind = ReferenceKind::kTarget;
  std::string note;
  Source source;
};

/// One level of the 能耗双控 warning barometer (warning_levels.csv).
struct WarningLevel {
  std::string dimension;
  std::string level;
  std::string rule;
  std::string note;
  Source source;
};

/// CEADs county CO2 estimate (county_co2_ceads.csv): a sanity band, not accounting truth.
struct CountyCo2 {
  std::string region_code;  ///< GB/T 2260 code; must exist in regions.csv.
  std::string county_zh;
  std::string county_en;
  int year = 0;
  double co2_mt = 0;  ///< Million tonnes CO2.
  std::string unit;
  Source source;
};

/// Forest area and growing stock by species group (hunan_forest_*.csv).
struct ForestStock {
  std::string species_group_zh;
  std::string species_group_en;
  double area_hm2 = 0;  ///< Hectares.
  double stock_m3 = 0;  ///< Cubic metres.
  int year = 0;
  std::string note;
  Source source;
};

// ---------------------------------------------------------------------------------------------
// Accounting vocabularies (data/energy_carriers.csv, data/sectors.csv)

/// Whether a carrier is fossil energy; electricity and heat are secondary (their origin depends
/// on how they were generated). Stored as text ("yes", "no", "secondary"): append only.
enum class FossilClass { kFossil, kNonFossil, kSecondary };
std::string_view FossilClassName(FossilClass c);  // "yes", "no", "secondary"
std::optional<FossilClass> ParseFossilClass(std::string_view name);

/// The carrier groups an energy mix is reported in.
std::span<const std::string_view> CarrierGroups();  // coal, oil, natural_gas, electricity, ...

/// One energy carrier (a column of the NBS energy balance table).
struct EnergyCarrier {
  std::string code;     ///< Stable key, e.g. "raw_coal".
  std::string name_zh;  ///< "原煤".
  std::string name_en;
  std::string unit;  ///< Physical unit statistics report it in: "t", "万m³", "万kWh", "GJ".
  FossilClass fossil = FossilClass::kFossil;
  bool coal = false;  ///< Counts as coal in the coal share.
  std::string group;  ///< One of CarrierGroups().
  /// `carrier_zh` of the conversion_factors.csv row that converts it to standard coal; empty
  /// when no sourced coefficient ships (a user override must supply it).
  std::string conversion_row;
  /// Item names this carrier has in the emission-factor sets ("汽油 gasoline", "Gasoline").
  std::vector<std::string> ef_items;
  std::string note;
  Source origin;  ///< File and line; `source` holds the row's citation.
};

/// Where a sector sits in the energy balance. Stored as text: append only.
enum class SectorKind { kSupply, kTransformation, kFinal };
std::string_view SectorKindName(SectorKind kind);  // "supply", "transformation", "final"
std::optional<SectorKind> ParseSectorKind(std::string_view name);

/// The economic groups final consumption is reported in.
std::span<const std::string_view> SectorGroups();  // primary, secondary, tertiary, residential

/// One row of the energy balance: a supply source, a transformation process or a final-use
/// sector (the county reporting split, industry by GB/T 4754 division).
struct Sector {
  std::string code;  ///< Stable key, e.g. "ind_nonmetallic".
  std::string name_zh;
  std::string name_en;
  SectorKind kind = SectorKind::kFinal;
  std::string parent;            ///< Code of the enclosing sector, empty at the top.
  std::string group;             ///< Final sectors: one of SectorGroups(); empty otherwise.
  std::string industry_code;     ///< GB/T 4754-2017 section or division, e.g. "30".
  std::string scope;             ///< "all", "above_scale" (规模以上), "below_scale".
  bool fuel_combustion = false;  ///< Fuel used here is burnt (final use, power, heat).
  std::string note;
  Source origin;
};

/// Everything under data/, validated.
struct RefData {
  IndicatorCatalogue indicators;
  std::vector<domain::Region> regions;
  std::vector<ConversionFactor> conversion_factors;
  std::vector<EmissionFactor> emission_factors;
  std::vector<GwpValue> gwp;
  std::vector<GridFactor> grid_factors;
  std::vector<Benchmark> benchmarks;
  std::vector<ReferenceTarget> reference_targets;
  std::vector<WarningLevel> warning_levels;
  std::vector<CountyCo2> county_co2;
  std::vector<ForestStock> forest_stock;
  std::vector<EnergyCarrier> energy_carriers;
  std::vector<Sector> sectors;
};

/// Reads and validates data_dir/{indicators.csv, regions.csv, energy_carriers.csv,
/// sectors.csv, refdata/*.csv}; a carrier's conversion_row must name a conversion_factors row
/// whose unit fits the carrier's unit. Each file under
/// refdata/ is assigned to a table by its name ("grid_factors_extra.csv" → grid factors);
/// an unknown name or a missing table is an error. Source::file is relative to data_dir.
Result<RefData> LoadRefData(const std::string& data_dir);

// ---------------------------------------------------------------------------------------------
// Pure parsers. Each checks the header, every row's required cells, numbers and vocabularies,
// and reports the first problem as "file:line:column: ...". Source::file is table.file().

Result<IndicatorCatalogue> ParseIndicatorCatalogue(const csv::Table& table);
Result<std::vector<domain::Region>> ParseRegions(const csv::Table& table);
Result<std::vector<ConversionFactor>> ParseConversionFactors(const csv::Table& table);
Result<std::vector<EmissionFactor>> ParseEmissionFactors(const csv::Table& table);
Result<std::vector<GwpValue>> ParseGwp(const csv::Table& table);
Result<std::vector<GridFactor>> ParseGridFactors(const csv::Table& table);
Result<std::vector<Benchmark>> ParseBenchmarks(const csv::Table& table);
Result<std::vector<ReferenceTarget>> ParseReferenceTargets(const csv::Table& table);
Result<std::vector<WarningLevel>> ParseWarningLevels(const csv::Table& table);
Result<std::vector<CountyCo2>> ParseCountyCo2(const csv::Table& table);
Result<std::vector<ForestStock>> ParseForestStock(const csv::Table& table);
/// Unique codes, units ParseUnit reads, known fossil classes and groups. The conversion_row
/// is checked against the conversion table by LoadRefData.
Result<std::vector<EnergyCarrier>> ParseEnergyCarriers(const csv::Table& table);
/// Unique codes, known kinds and groups; every parent exists and has the same kind.
Result<std::vector<Sector>> ParseSectors(const csv::Table& table);

// ---------------------------------------------------------------------------------------------
// Lookups

/// The region with `code`, or nullptr.
const domain::Region* FindRegion(const RefData& ref, std::string_view code);
/// The GWP100 of `gas` in `report` ("AR5", "AR4", "AR6"; "SAR" matches "SAR(AR2)"), or nullptr.
const GwpValue* FindGwp(const RefData& ref, std::string_view report, std::string_view gas);
/// The energy carrier with `code`, or nullptr.
const EnergyCarrier* FindCarrier(const RefData& ref, std::string_view code);
/// The sector with `code`, or nullptr.
const Sector* FindSector(const RefData& ref, std::string_view code);
/// The conversion factor for a Chinese carrier name as written in the table ("原煤"), or nullptr.
const ConversionFactor* FindConversionFactor(const RefData& ref, std::string_view carrier_zh);

}  // namespace carbonpeak::refdata
