#include "refdata/refdata.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>
#include <utility>

#include "base/file.h"
#include "base/units.h"

namespace carbonpeak::refdata {
namespace {

std::string Quoted(std::string_view s) {
  std::string out = "'";
  out += s;
  out += "'";
  return out;
}

// ----- vocabularies -----

constexpr std::array<std::string_view, 22> kLeadUnitTypes = {
    "development_reform",
    "industry_it",
    "statistics",
    "ecology_environment",
    "housing_construction",
    "transport",
    "agriculture_rural",
    "forestry",
    "natural_resources",
    "water_resources",
    "power_supply",
    "market_regulation",
    "commerce",
    "science_tech",
    "urban_management",
    "government_affairs",
    "education",
    "finance",
    "organization",
    "culture_tourism",
    "industrial_park",
    "other",
};

constexpr std::array<std::string_view, 7> kCarrierGroups = {
    "coal", "oil", "natural_gas", "electricity", "heat", "biomass", "other"};

constexpr std::array<std::string_view, 4> kSectorGroups = {"primary", "secondary", "tertiary",
                                                           "residential"};

constexpr std::array<std::string_view, 3> kSectorScopes = {"all", "above_scale", "below_scale"};

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

bool Contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 3> kVerificationNames = {"seen-primary", "seen-secondary",
                                                                "derived"};

// ----- shared row readers -----

// The `verification` and `source` cells of a reference-table row, validated.
Result<Source> RowSource(const csv::Table& table, const csv::Row& row) {
  Source src;
  src.file = table.file();
  src.line = row.line;
  CPK_ASSIGN_OR_RETURN(src.verification, table.Text(row, "verification"));
  if (!ParseVerification(src.verification)) {
    return table.Error(row, "verification",
                       Quoted(src.verification) +
                           " is not a known verification tag; start it with seen-primary, "
                           "seen-secondary or derived (a qualifier may follow after a space)");
  }
  CPK_ASSIGN_OR_RETURN(src.source, table.Text(row, "source"));
  return src;
}

// A whole-number year between 1900 and 2100.
Result<int> Year(const csv::Table& table, const csv::Row& row, std::string_view column) {
  CPK_ASSIGN_OR_RETURN(double value, table.Number(row, column));
  if (value != std::floor(value) || value < 1900 || value > 2100) {
    return table.Error(row, column,
                       Quoted(table.TextOr(row, column)) +
                           " is not a calendar year; write a four-digit year such as 2020");
  }
  return static_cast<int>(value);
}

Result<std::optional<int>> OptionalYear(const csv::Table& table, const csv::Row& row,
                                        std::string_view column) {
  if (table.TextOr(row, column).empty()) return std::optional<int>();
  CPK_ASSIGN_OR_RETURN(int year, Year(table, row, column));
  return std::optional<int>(year);
}

// A cell holding nothing, one number, or a range "low-high" (low <= high).
struct NumberOrRange {
  std::optional<double> value;
  std::optional<ValueRange> range;
};

Result<NumberOrRange> ReadNumberOrRange(const csv::Table& table, const csv::Row& row,
                                        std::string_view column) {
  NumberOrRange out;
  const std::string cell = table.TextOr(row, column);
  if (cell.empty()) return out;
  if (std::optional<double> single = csv::ParseNumber(cell)) {
    out.value = single;
    return out;
  }
  // A '-' after the first character separates the two ends ("-30" alone is a single number).
  for (size_t dash = cell.find('-', 1); dash != std::string::npos;
       dash = cell.find('-', dash + 1)) {
    std::optional<double> low = csv::ParseNumber(std::string_view(cell).substr(0, dash));
    std::optional<double> high = csv::ParseNumber(std::string_view(cell).substr(dash + 1));
    if (low && high) {
      if (*low > *high) {
        return table.Error(row, column,
                           "range " + Quoted(cell) +
                               " has its larger end first; write it as "
                               "low-high");
      }
      out.range = ValueRange{*low, *high};
      return out;
    }
  }
  return table.Error(row, column,
                     Quoted(cell) +
                         " is neither a number nor a range; write a decimal number "
                         "such as 0.7143 or a range such as 0.2857-0.4286");
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ValidKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<std::string> SplitAliases(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t bar = cell.find('|', start);
    if (bar == std::string_view::npos) bar = cell.size();
    std::string_view part = csv::TrimSpaces(cell.substr(start, bar - start));
    if (!part.empty()) out.emplace_back(part);
    start = bar + 1;
  }
  return out;
}

std::string OriginText(const Source& origin) {
  if (origin.file.empty()) return "";
  return " (" + origin.file + ":" + std::to_string(origin.line) + ")";
}

// ----- file access (the only I/O in this module) -----

Result<csv::Table> ReadTable(const std::filesystem::path& dir, const std::string& relative) {
  CPK_ASSIGN_OR_RETURN(std::string text, ReadFile((dir / relative).string()));
  return csv::Parse(text, relative);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Vocabularies

std::string_view VerificationName(Verification v) {
  return kVerificationNames[static_cast<size_t>(v)];
}

std::optional<Verification> ParseVerification(std::string_view tag) {
  tag = csv::TrimSpaces(tag);
  for (size_t idx = 0; idx < kVerificationNames.size(); ++idx) {
    std::string_view base = kVerificationNames[idx];
    if (tag.substr(0, base.size()) != base) continue;
    if (tag.size() == base.size() || tag[base.size()] == ' ') {
      return static_cast<Verification>(idx);
    }
  }
  return std::nullopt;
}

std::string_view DirectionName(Direction d) {
  switch (d) {
    case Direction::kHigherIsBetter:
      return "higher";
    case Direction::kLowerIsBetter:
      return "lower";
    case Direction::kNeutral:
      return "neutral";
  }
  return "neutral";
}

std::optional<Direction> ParseDirection(std::string_view name) {
  for (Direction d : {Direction::kHigherIsBetter, Direction::kLowerIsBetter, Direction::kNeutral}) {
    if (DirectionName(d) == name) return d;
  }
  return std::nullopt;
}

std::string_view IndicatorSourceName(IndicatorSource s) {
  return s == IndicatorSource::kComputed ? "computed" : "reported";
}

std::optional<IndicatorSource> ParseIndicatorSource(std::string_view name) {
  if (name == "computed") return IndicatorSource::kComputed;
  if (name == "reported") return IndicatorSource::kReported;
  return std::nullopt;
}

std::span<const std::string_view> LeadUnitTypes() { return kLeadUnitTypes; }

bool IsLeadUnitType(std::string_view type) {
  return std::find(kLeadUnitTypes.begin(), kLeadUnitTypes.end(), type) != kLeadUnitTypes.end();
}

std::string_view FossilClassName(FossilClass c) {
  switch (c) {
    case FossilClass::kFossil:
      return "yes";
    case FossilClass::kNonFossil:
      return "no";
    case FossilClass::kSecondary:
      return "secondary";
  }
  return "yes";
}

std::optional<FossilClass> ParseFossilClass(std::string_view name) {
  for (FossilClass c : {FossilClass::kFossil, FossilClass::kNonFossil, FossilClass::kSecondary}) {
    if (FossilClassName(c) == name) return c;
  }
  return std::nullopt;
}

std::span<const std::string_view> CarrierGroups() { return kCarrierGroups; }

std::string_view SectorKindName(SectorKind kind) {
  switch (kind) {
    case SectorKind::kSupply:
      return "supply";
    case SectorKind::kTransformation:
      return "transformation";
    case SectorKind::kFinal:
      return "final";
  }
  return "final";
}

std::optional<SectorKind> ParseSectorKind(std::string_view name) {
  for (SectorKind k : {SectorKind::kSupply, SectorKind::kTransformation, SectorKind::kFinal}) {
    if (SectorKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::span<const std::string_view> SectorGroups() { return kSectorGroups; }

// ---------------------------------------------------------------------------------------------
// IndicatorCatalogue

Result<IndicatorCatalogue> IndicatorCatalogue::FromDefs(std::vector<IndicatorDef> defs) {
  IndicatorCatalogue cat;
  cat.defs_ = std::move(defs);
  for (size_t idx = 0; idx < cat.defs_.size(); ++idx) {
    const IndicatorDef& def = cat.defs_[idx];
    auto [it, inserted] = cat.by_key_.emplace(def.key, idx);
    if (!inserted) {
      return Status::InvalidArgument("indicator key " + Quoted(def.key) + " is defined twice" +
                                     OriginText(cat.defs_[it->second].origin) + " and" +
                                     OriginText(def.origin) + "; keep one definition");
    }
    std::vector<std::string> names = def.aliases;
    names.push_back(def.name_zh);
    for (const std::string& name : names) {
      auto [name_it, fresh] = cat.by_name_.emplace(name, idx);
      if (!fresh && name_it->second != idx) {
        return Status::InvalidArgument(
            "Chinese name " + Quoted(name) + " is used by two indicators, " +
            Quoted(cat.defs_[name_it->second].key) + " and " + Quoted(def.key) +
            "; a name must identify one indicator, so remove it from one of them");
      }
    }
  }
  return cat;
}

const IndicatorDef* IndicatorCatalogue::Find(std::string_view key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &defs_[it->second];
}

const IndicatorDef* IndicatorCatalogue::FindByName(std::string_view name_zh) const {
  auto it = by_name_.find(csv::TrimSpaces(name_zh));
  return it == by_name_.end() ? nullptr : &defs_[it->second];
}

// ---------------------------------------------------------------------------------------------
// Parsers

Result<IndicatorCatalogue> ParseIndicatorCatalogue(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(
      table.RequireColumns({"key", "name_zh", "name_en", "unit", "direction", "source",
                            "lead_unit_type", "definition", "formula", "aliases"}));
  std::vector<IndicatorDef> defs;
  std::map<std::string, int, std::less<>> key_lines;
  std::map<std::string, std::string, std::less<>> name_owner;  // Chinese name -> key
  for (const csv::Row& row : table.rows()) {
    IndicatorDef def;
    CPK_ASSIGN_OR_RETURN(def.key, table.Text(row, "key"));
    if (!ValidKey(def.key)) {
      return table.Error(row, "key",
                         Quoted(def.key) +
                             " is not a valid key; use lower-case ASCII letters, "
                             "digits and '_' only");
    }
    if (auto seen = key_lines.find(def.key); seen != key_lines.end()) {
      return table.Error(row, "key",
                         "duplicate key " + Quoted(def.key) + " (first defined on line " +
                             std::to_string(seen->second) + "); keep one row per indicator");
    }
    key_lines.emplace(def.key, row.line);
    CPK_ASSIGN_OR_RETURN(def.name_zh, table.Text(row, "name_zh"));
    CPK_ASSIGN_OR_RETURN(def.name_en, table.Text(row, "name_en"));
    CPK_ASSIGN_OR_RETURN(def.unit, table.Text(row, "unit"));
    CPK_ASSIGN_OR_RETURN(std::string direction, table.Text(row, "direction"));
    std::optional<Direction> dir = ParseDirection(direction);
    if (!dir) {
      return table.Error(row, "direction",
                         Quoted(direction) + " is not a direction; write higher, lower or neutral");
    }
    def.direction = *dir;
    CPK_ASSIGN_OR_RETURN(std::string source, table.Text(row, "source"));
    std::optional<IndicatorSource> src = ParseIndicatorSource(source);
    if (!src) {
      return table.Error(row, "source",
                         Quoted(source) +
                             " is not an indicator source; write computed (derived "
                             "from statistics) or reported (entered by the lead "
                             "unit)");
    }
    def.source = *src;
    CPK_ASSIGN_OR_RETURN(def.lead_unit_type, table.Text(row, "lead_unit_type"));
    if (!IsLeadUnitType(def.lead_unit_type)) {
      std::string known;
      for (std::string_view t : LeadUnitTypes()) {
        if (!known.empty()) known += ", ";
        known += t;
      }
      return table.Error(row, "lead_unit_type",
                         Quoted(def.lead_unit_type) +
                             " is not a known lead-unit type; use one "
                             "of: " +
                             known);
    }
    CPK_ASSIGN_OR_RETURN(def.definition, table.Text(row, "definition"));
    def.formula = table.TextOr(row, "formula");
    if (def.source == IndicatorSource::kComputed && def.formula.empty()) {
      return table.Error(row, "formula",
                         "a computed indicator needs its formula; write how it is derived or "
                         "mark it reported");
    }
    def.aliases = SplitAliases(table.TextOr(row, "aliases"));
    // Each Chinese name must lead to one indicator, or plan import could not map it.
    for (size_t idx = 0; idx <= def.aliases.size(); ++idx) {
      const std::string& name = idx < def.aliases.size() ? def.aliases[idx] : def.name_zh;
      std::string_view column = idx < def.aliases.size() ? "aliases" : "name_zh";
      auto [it, fresh] = name_owner.emplace(name, def.key);
      if (!fresh && it->second != def.key) {
        return table.Error(row, column,
                           Quoted(name) + " already names indicator " + Quoted(it->second) +
                               "; a Chinese name or alias must identify one indicator");
      }
    }
    def.origin = Source{table.file(), row.line, "", ""};
    defs.push_back(std::move(def));
  }
  return IndicatorCatalogue::FromDefs(std::move(defs));
}

Result<std::vector<domain::Region>> ParseRegions(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(
      table.RequireColumns({"code", "name_zh", "name_en", "level", "parent_code", "source"}));
  std::vector<domain::Region> regions;
  std::map<std::string, size_t, std::less<>> index;  // code -> position in `regions`
  for (const csv::Row& row : table.rows()) {
    domain::Region region;
    CPK_ASSIGN_OR_RETURN(region.code, table.Text(row, "code"));
    CPK_ASSIGN_OR_RETURN(region.name, table.Text(row, "name_zh"));
    region.name_en = table.TextOr(row, "name_en");
    CPK_ASSIGN_OR_RETURN(std::string level, table.Text(row, "level"));
    std::optional<domain::RegionLevel> parsed = domain::ParseRegionLevel(level);
    if (!parsed) {
      return table.Error(row, "level",
                         Quoted(level) +
                             " is not a region level; write province, city, county "
                             "or township");
    }
    region.level = *parsed;
    region.parent_code = table.TextOr(row, "parent_code");
    CPK_ASSIGN_OR_RETURN(std::string source, table.Text(row, "source"));
    (void)source;  // Required so every row cites GB/T 2260 or the office's own code list.

    const bool six_digit_level = region.level != domain::RegionLevel::kTownship;
    if (six_digit_level && (region.code.size() != 6 || !AllDigits(region.code))) {
      return table.Error(row, "code",
                         Quoted(region.code) +
                             " is not a GB/T 2260 code; provinces, cities and "
                             "counties have six digits, e.g. 430703");
    }
    if (!six_digit_level && region.code.find(' ') != std::string::npos) {
      return table.Error(row, "code", "a township code must not contain spaces");
    }
    const std::string_view code = region.code;
    if (region.level == domain::RegionLevel::kProvince && code.substr(2) != "0000") {
      return table.Error(row, "code",
                         "a province code ends in 0000 (e.g. 430000); check the level or the code");
    }
    if (region.level == domain::RegionLevel::kCity &&
        (code.substr(4) != "00" || code.substr(2) == "0000")) {
      return table.Error(row, "code",
                         "a city code ends in 00 but not 0000 (e.g. 430700); check the level or "
                         "the code");
    }
    if (region.level == domain::RegionLevel::kCounty && code.substr(4) == "00") {
      return table.Error(row, "code",
                         "a county code does not end in 00 (e.g. 430703); check the level or the "
                         "code");
    }
    if (region.level == domain::RegionLevel::kProvince && !region.parent_code.empty()) {
      return table.Error(row, "parent_code", "a province has no parent; leave the cell empty");
    }
    if (region.level != domain::RegionLevel::kProvince && region.parent_code.empty()) {
      return table.Error(row, "parent_code",
                         "only a province may lack a parent; give the code of the region this "
                         "one belongs to");
    }
    if (auto seen = index.find(region.code); seen != index.end()) {
      return table.Error(row, "code",
                         "region code " + Quoted(region.code) + " appears twice; keep one row");
    }
    index.emplace(region.code, regions.size());
    regions.push_back(std::move(region));
  }
  // Parents may be listed after their children, so check them once every code is known.
  for (size_t idx = 0; idx < regions.size(); ++idx) {
    const domain::Region& region = regions[idx];
    const csv::Row& row = table.rows()[idx];
    if (region.level == domain::RegionLevel::kProvince) continue;
    auto parent_it = index.find(region.parent_code);
    if (parent_it == index.end()) {
      return table.Error(row, "parent_code",
                         "parent region " + Quoted(region.parent_code) +
                             " is not in this file; add a row for it or correct the code");
    }
    const domain::Region& parent = regions[parent_it->second];
    bool fits = false;
    std::string_view prefix;
    switch (region.level) {
      case domain::RegionLevel::kCity:
        fits = parent.level == domain::RegionLevel::kProvince;
        prefix = std::string_view(parent.code).substr(0, 2);
        break;
      case domain::RegionLevel::kCounty:
        // A county sits under a city, or directly under a province (省直辖县级行政区).
        fits = parent.level == domain::RegionLevel::kCity ||
               parent.level == domain::RegionLevel::kProvince;
        prefix = std::string_view(parent.code)
                     .substr(0, parent.level == domain::RegionLevel::kCity ? 4 : 2);
        break;
      case domain::RegionLevel::kTownship:
        fits = parent.level == domain::RegionLevel::kCounty;
        break;
      case domain::RegionLevel::kProvince:
        break;
    }
    if (!fits) {
      return table.Error(
          row, "parent_code",
          "a " + std::string(domain::RegionLevelName(region.level)) + " cannot belong to the " +
              std::string(domain::RegionLevelName(parent.level)) + " " + Quoted(parent.code) +
              "; a city belongs to a province, a county to a city (or province), "
              "a township to a county");
    }
    if (!prefix.empty() && std::string_view(region.code).substr(0, prefix.size()) != prefix) {
      return table.Error(row, "code",
                         Quoted(region.code) + " does not start with " + Quoted(prefix) +
                             " as its parent " + Quoted(parent.code) +
                             " requires; check the code or the parent");
    }
  }
  return regions;
}

Result<std::vector<ConversionFactor>> ParseConversionFactors(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(
      table.RequireColumns({"carrier_zh", "carrier_en", "unit", "kgce_per_unit",
                            "ncv_kcal_per_unit", "ncv_kj_per_unit", "verification", "source"}));
  std::vector<ConversionFactor> out;
  for (const csv::Row& row : table.rows()) {
    ConversionFactor f;
    CPK_ASSIGN_OR_RETURN(f.carrier_zh, table.Text(row, "carrier_zh"));
    CPK_ASSIGN_OR_RETURN(f.carrier_en, table.Text(row, "carrier_en"));
    CPK_ASSIGN_OR_RETURN(f.unit, table.Text(row, "unit"));
    CPK_ASSIGN_OR_RETURN(NumberOrRange kgce, ReadNumberOrRange(table, row, "kgce_per_unit"));
    f.kgce_per_unit = kgce.value;
    f.kgce_range = kgce.range;
    CPK_ASSIGN_OR_RETURN(NumberOrRange kcal, ReadNumberOrRange(table, row, "ncv_kcal_per_unit"));
    f.ncv_kcal_per_unit = kcal.value;
    f.ncv_kcal_range = kcal.range;
    CPK_ASSIGN_OR_RETURN(f.ncv_kj_per_unit, table.OptionalNumber(row, "ncv_kj_per_unit"));
    if (!f.kgce_per_unit && !f.kgce_range && !f.ncv_kcal_per_unit && !f.ncv_kcal_range &&
        !f.ncv_kj_per_unit) {
      return table.Error(row, "kgce_per_unit",
                         "the row gives no coefficient at all; fill kgce_per_unit or a heating "
                         "value, or delete the row");
    }
    for (const std::optional<double>& v :
         {f.kgce_per_unit, f.ncv_kcal_per_unit, f.ncv_kj_per_unit}) {
      if (v && *v <= 0) {
        return table.Error(row, "kgce_per_unit",
                           "coefficients and heating values must be positive");
      }
    }
    f.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(f.source, RowSource(table, row));
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<EmissionFactor>> ParseEmissionFactors(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns({"sector", "set", "item", "activity_unit", "parameter",
                                            "value", "unit", "verification", "source"}));
  std::vector<EmissionFactor> out;
  for (const csv::Row& row : table.rows()) {
    EmissionFactor f;
    CPK_ASSIGN_OR_RETURN(f.sector, table.Text(row, "sector"));
    CPK_ASSIGN_OR_RETURN(f.set, table.Text(row, "set"));
    CPK_ASSIGN_OR_RETURN(f.item, table.Text(row, "item"));
    f.activity_unit = table.TextOr(row, "activity_unit");
    CPK_ASSIGN_OR_RETURN(std::string parameter, table.Text(row, "parameter"));
    CPK_ASSIGN_OR_RETURN(std::string value_text, table.Text(row, "value"));
    CPK_ASSIGN_OR_RETURN(f.unit, table.Text(row, "unit"));
    f.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(f.source, RowSource(table, row));

    // "CCW;FCF;CE" with "0.4;0.4;0.95": one factor per parameter.
    std::vector<std::string> names = {parameter};
    std::vector<std::string> values = {value_text};
    if (parameter.find(';') != std::string::npos || value_text.find(';') != std::string::npos) {
      auto split = [](std::string_view s) {
        std::vector<std::string> parts;
        size_t start = 0;
        while (true) {
          size_t semi = s.find(';', start);
          parts.emplace_back(csv::TrimSpaces(s.substr(start, semi - start)));
          if (semi == std::string_view::npos) break;
          start = semi + 1;
        }
        return parts;
      };
      names = split(parameter);
      values = split(value_text);
      if (names.size() != values.size()) {
        return table.Error(row, "value",
                           "the row lists " + std::to_string(names.size()) + " parameters but " +
                               std::to_string(values.size()) +
                               " values; give one value per ';'-separated parameter");
      }
    }
    for (size_t idx = 0; idx < names.size(); ++idx) {
      std::optional<double> value = csv::ParseNumber(values[idx]);
      if (!value) {
        return table.Error(row, "value",
                           Quoted(values[idx]) +
                               " is not a number; write a decimal number such "
                               "as 0.94 (several values separated by ';')");
      }
      if (names[idx].empty()) {
        return table.Error(row, "parameter", "a ';'-separated parameter name is empty");
      }
      EmissionFactor one = f;
      one.parameter = names[idx];
      one.value = *value;
      out.push_back(std::move(one));
    }
  }
  return out;
}

Result<std::vector<GwpValue>> ParseGwp(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns({"report", "gas", "gwp100", "verification", "source"}));
  std::vector<GwpValue> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const csv::Row& row : table.rows()) {
    GwpValue g;
    CPK_ASSIGN_OR_RETURN(g.report, table.Text(row, "report"));
    CPK_ASSIGN_OR_RETURN(g.gas, table.Text(row, "gas"));
    CPK_ASSIGN_OR_RETURN(g.gwp100, table.Number(row, "gwp100"));
    if (g.gwp100 <= 0) {
      return table.Error(row, "gwp100", "a GWP100 value must be positive");
    }
    if (!seen.emplace(g.report, g.gas).second) {
      return table.Error(row, "gas",
                         "gas " + Quoted(g.gas) + " appears twice for report " + Quoted(g.report) +
                             "; keep one row");
    }
    g.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(g.source, RowSource(table, row));
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<GridFactor>> ParseGridFactors(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns(
      {"year", "scope", "region_zh", "value", "unit", "caliber", "verification", "source"}));
  std::vector<GridFactor> out;
  for (const csv::Row& row : table.rows()) {
    GridFactor g;
    CPK_ASSIGN_OR_RETURN(g.year_label, table.Text(row, "year"));
    if (AllDigits(g.year_label)) {
      CPK_ASSIGN_OR_RETURN(int year, Year(table, row, "year"));
      g.year = year;
    }
    CPK_ASSIGN_OR_RETURN(g.scope, table.Text(row, "scope"));
    if (g.scope != "national" && g.scope != "regional" && g.scope != "provincial") {
      return table.Error(row, "scope",
                         Quoted(g.scope) +
                             " is not a grid scope; write national, regional or "
                             "provincial");
    }
    CPK_ASSIGN_OR_RETURN(g.region_zh, table.Text(row, "region_zh"));
    CPK_ASSIGN_OR_RETURN(g.value, table.Number(row, "value"));
    if (g.value <= 0) return table.Error(row, "value", "a grid factor must be positive");
    CPK_ASSIGN_OR_RETURN(g.unit, table.Text(row, "unit"));
    CPK_ASSIGN_OR_RETURN(g.caliber, table.Text(row, "caliber"));
    g.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(g.source, RowSource(table, row));
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<Benchmark>> ParseBenchmarks(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns({"standard", "product", "indicator", "unit", "level1",
                                            "level2", "level3", "verification", "source"}));
  std::vector<Benchmark> out;
  for (const csv::Row& row : table.rows()) {
    Benchmark b;
    CPK_ASSIGN_OR_RETURN(b.standard, table.Text(row, "standard"));
    CPK_ASSIGN_OR_RETURN(b.product, table.Text(row, "product"));
    CPK_ASSIGN_OR_RETURN(b.indicator, table.Text(row, "indicator"));
    CPK_ASSIGN_OR_RETURN(b.unit, table.Text(row, "unit"));
    CPK_ASSIGN_OR_RETURN(b.level1, table.OptionalNumber(row, "level1"));
    CPK_ASSIGN_OR_RETURN(b.level2, table.OptionalNumber(row, "level2"));
    CPK_ASSIGN_OR_RETURN(b.level3, table.OptionalNumber(row, "level3"));
    // Optional columns (benchmarks_extra.csv): NDRC 标杆 and 基准 levels.
    CPK_ASSIGN_OR_RETURN(b.benchmark, table.OptionalNumber(row, "benchmark_标杆"));
    CPK_ASSIGN_OR_RETURN(b.baseline, table.OptionalNumber(row, "baseline_基准"));
    if (!b.level1 && !b.level2 && !b.level3 && !b.benchmark && !b.baseline) {
      return table.Error(row, "level3",
                         "the row gives no level at all; fill at least one of level1, level2, "
                         "level3");
    }
    b.clause_table = table.TextOr(row, "clause_table");
    b.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(b.source, RowSource(table, row));
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<ReferenceTarget>> ParseReferenceTargets(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns({"region", "indicator", "base_year", "target_year",
                                            "value", "unit", "type", "verification", "source"}));
  std::vector<ReferenceTarget> out;
  for (const csv::Row& row : table.rows()) {
    ReferenceTarget t;
    CPK_ASSIGN_OR_RETURN(t.region_zh, table.Text(row, "region"));
    CPK_ASSIGN_OR_RETURN(t.indicator_zh, table.Text(row, "indicator"));
    CPK_ASSIGN_OR_RETURN(t.base_year, OptionalYear(table, row, "base_year"));
    CPK_ASSIGN_OR_RETURN(t.target_year, Year(table, row, "target_year"));
    if (t.base_year && *t.base_year >= t.target_year) {
      return table.Error(row, "base_year", "the base year must come before the target year");
    }
    CPK_ASSIGN_OR_RETURN(t.value, table.OptionalNumber(row, "value"));
    t.unit = table.TextOr(row, "unit");
    if (t.value && t.unit.empty()) {
      return table.Error(row, "unit", "a value needs its unit, e.g. '%' or '% vs base'");
    }
    CPK_ASSIGN_OR_RETURN(std::string type, table.Text(row, "type"));
    if (type == "target") {
      t.kind = ReferenceKind::kTarget;
    } else if (type == "actual") {
      t.kind = ReferenceKind::kActual;
    } else {
      return table.Error(row, "type", Quoted(type) + " is not a row type; write target or actual");
    }
    t.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(t.source, RowSource(table, row));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<WarningLevel>> ParseWarningLevels(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(
      table.RequireColumns({"dimension", "level", "rule", "verification", "source"}));
  std::vector<WarningLevel> out;
  for (const csv::Row& row : table.rows()) {
    WarningLevel w;
    CPK_ASSIGN_OR_RETURN(w.dimension, table.Text(row, "dimension"));
    CPK_ASSIGN_OR_RETURN(w.level, table.Text(row, "level"));
    CPK_ASSIGN_OR_RETURN(w.rule, table.Text(row, "rule"));
    w.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(w.source, RowSource(table, row));
    out.push_back(std::move(w));
  }
  return out;
}

Result<std::vector<CountyCo2>> ParseCountyCo2(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns(
      {"distcode", "county_zh", "year", "co2_mt", "unit", "verification", "source"}));
  std::vector<CountyCo2> out;
  std::set<std::pair<std::string, int>> seen;
  for (const csv::Row& row : table.rows()) {
    CountyCo2 c;
    CPK_ASSIGN_OR_RETURN(c.region_code, table.Text(row, "distcode"));
    if (c.region_code.size() != 6 || !AllDigits(c.region_code)) {
      return table.Error(row, "distcode",
                         Quoted(c.region_code) + " is not a six-digit GB/T 2260 county code");
    }
    CPK_ASSIGN_OR_RETURN(c.county_zh, table.Text(row, "county_zh"));
    c.county_en = table.TextOr(row, "county_en");
    CPK_ASSIGN_OR_RETURN(c.year, Year(table, row, "year"));
    CPK_ASSIGN_OR_RETURN(c.co2_mt, table.Number(row, "co2_mt"));
    CPK_ASSIGN_OR_RETURN(c.unit, table.Text(row, "unit"));
    if (!seen.emplace(c.region_code, c.year).second) {
      return table.Error(row, "year",
                         "county " + c.region_code + " already has a row for " +
                             std::to_string(c.year) + "; keep one row per county and year");
    }
    CPK_ASSIGN_OR_RETURN(c.source, RowSource(table, row));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ForestStock>> ParseForestStock(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns({"species_group_zh", "species_group_en", "area_hm2",
                                            "stock_m3", "year", "verification", "source"}));
  std::vector<ForestStock> out;
  for (const csv::Row& row : table.rows()) {
    ForestStock f;
    CPK_ASSIGN_OR_RETURN(f.species_group_zh, table.Text(row, "species_group_zh"));
    CPK_ASSIGN_OR_RETURN(f.species_group_en, table.Text(row, "species_group_en"));
    CPK_ASSIGN_OR_RETURN(f.area_hm2, table.Number(row, "area_hm2"));
    CPK_ASSIGN_OR_RETURN(f.stock_m3, table.Number(row, "stock_m3"));
    if (f.area_hm2 < 0 || f.stock_m3 < 0) {
      return table.Error(row, f.area_hm2 < 0 ? "area_hm2" : "stock_m3",
                         "areas and volumes cannot be negative");
    }
    CPK_ASSIGN_OR_RETURN(f.year, Year(table, row, "year"));
    f.note = table.TextOr(row, "note");
    CPK_ASSIGN_OR_RETURN(f.source, RowSource(table, row));
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// "yes" or "no".
Result<bool> YesNo(const csv::Table& table, const csv::Row& row, std::string_view column) {
  CPK_ASSIGN_OR_RETURN(std::string cell, table.Text(row, column));
  if (cell == "yes") return true;
  if (cell == "no") return false;
  return table.Error(row, column, Quoted(cell) + " is not yes or no");
}

// A key column: valid characters, not seen before in this file.
Result<std::string> UniqueKey(const csv::Table& table, const csv::Row& row, std::string_view column,
                              std::map<std::string, int>& seen) {
  CPK_ASSIGN_OR_RETURN(std::string key, table.Text(row, column));
  if (!ValidKey(key)) {
    return table.Error(row, column,
                       Quoted(key) +
                           " is not a valid code; use lower-case ASCII letters, digits "
                           "and '_' only");
  }
  if (auto it = seen.find(key); it != seen.end()) {
    return table.Error(row, column,
                       "duplicate code " + Quoted(key) + " (first defined on line " +
                           std::to_string(it->second) + "); keep one row per code");
  }
  seen.emplace(key, row.line);
  return key;
}

Source VocabularySource(const csv::Table& table, const csv::Row& row) {
  Source src;
  src.file = table.file();
  src.line = row.line;
  src.source = table.TextOr(row, "source");
  return src;
}

}  // namespace

Result<std::vector<EnergyCarrier>> ParseEnergyCarriers(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(table.RequireColumns({"code", "name_zh", "name_en", "unit", "fossil", "coal",
                                            "group", "conversion_row", "ef_items", "source"}));
  std::vector<EnergyCarrier> out;
  std::map<std::string, int> seen;
  for (const csv::Row& row : table.rows()) {
    EnergyCarrier c;
    CPK_ASSIGN_OR_RETURN(c.code, UniqueKey(table, row, "code", seen));
    CPK_ASSIGN_OR_RETURN(c.name_zh, table.Text(row, "name_zh"));
    CPK_ASSIGN_OR_RETURN(c.name_en, table.Text(row, "name_en"));
    CPK_ASSIGN_OR_RETURN(c.unit, table.Text(row, "unit"));
    if (Result<UnitInfo> unit = ParseUnit(c.unit); !unit.ok()) {
      return table.Error(row, "unit", unit.status().message());
    }
    CPK_ASSIGN_OR_RETURN(std::string fossil, table.Text(row, "fossil"));
    std::optional<FossilClass> fossil_class = ParseFossilClass(fossil);
    if (!fossil_class) {
      return table.Error(row, "fossil",
                         Quoted(fossil) +
                             " is not a fossil class; write yes, no or secondary "
                             "(electricity and heat)");
    }
    c.fossil = *fossil_class;
    CPK_ASSIGN_OR_RETURN(c.coal, YesNo(table, row, "coal"));
    if (c.coal && c.fossil != FossilClass::kFossil) {
      return table.Error(row, "coal", "a coal carrier must be fossil (fossil = yes)");
    }
    CPK_ASSIGN_OR_RETURN(c.group, table.Text(row, "group"));
    if (!Contains(kCarrierGroups, c.group)) {
      return table.Error(
          row, "group",
          Quoted(c.group) + " is not a carrier group; use one of: " + JoinNames(kCarrierGroups));
    }
    c.conversion_row = table.TextOr(row, "conversion_row");
    c.ef_items = SplitAliases(table.TextOr(row, "ef_items"));
    c.note = table.TextOr(row, "note");
    c.origin = VocabularySource(table, row);
    if (c.origin.source.empty()) {
      return table.Error(row, "source", "cite where the carrier and its unit come from");
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Sector>> ParseSectors(const csv::Table& table) {
  CPK_RETURN_IF_ERROR(
      table.RequireColumns({"code", "name_zh", "name_en", "kind", "parent", "group",
                            "industry_code", "scope", "fuel_combustion", "source"}));
  std::vector<Sector> out;
  std::map<std::string, int> seen;
  for (const csv::Row& row : table.rows()) {
    Sector s;
    CPK_ASSIGN_OR_RETURN(s.code, UniqueKey(table, row, "code", seen));
    CPK_ASSIGN_OR_RETURN(s.name_zh, table.Text(row, "name_zh"));
    CPK_ASSIGN_OR_RETURN(s.name_en, table.Text(row, "name_en"));
    CPK_ASSIGN_OR_RETURN(std::string kind, table.Text(row, "kind"));
    std::optional<SectorKind> sector_kind = ParseSectorKind(kind);
    if (!sector_kind) {
      return table.Error(row, "kind",
                         Quoted(kind) +
                             " is not a sector kind; write supply, transformation or "
                             "final");
    }
    s.kind = *sector_kind;
    s.parent = table.TextOr(row, "parent");
    s.group = table.TextOr(row, "group");
    if (s.kind == SectorKind::kFinal && !Contains(kSectorGroups, s.group)) {
      return table.Error(
          row, "group",
          "a final-consumption sector needs its group, one of: " + JoinNames(kSectorGroups));
    }
    if (s.kind != SectorKind::kFinal && !s.group.empty()) {
      return table.Error(row, "group",
                         "only final-consumption sectors have a group; leave the cell empty");
    }
    s.industry_code = table.TextOr(row, "industry_code");
    CPK_ASSIGN_OR_RETURN(s.scope, table.Text(row, "scope"));
    if (!Contains(kSectorScopes, s.scope)) {
      return table.Error(
          row, "scope",
          Quoted(s.scope) + " is not a scope; use one of: " + JoinNames(kSectorScopes));
    }
    CPK_ASSIGN_OR_RETURN(s.fuel_combustion, YesNo(table, row, "fuel_combustion"));
    s.note = table.TextOr(row, "note");
    s.origin = VocabularySource(table, row);
    if (s.origin.source.empty()) {
      return table.Error(row, "source", "cite where the sector row comes from");
    }
    out.push_back(std::move(s));
  }
  // Parents: known and of the same kind; then no cycle (every chain ends within out.size()
  // steps).
  std::map<std::string_view, size_t> index;
  for (size_t idx = 0; idx < out.size(); ++idx) index.emplace(out[idx].code, idx);
  for (size_t idx = 0; idx < out.size(); ++idx) {
    const Sector& s = out[idx];
    if (s.parent.empty()) continue;
    const csv::Row& row = table.rows()[idx];
    auto parent = index.find(s.parent);
    if (parent == index.end()) {
      return table.Error(
          row, "parent",
          "parent sector " + Quoted(s.parent) + " is not in this file; add it or correct the code");
    }
    if (out[parent->second].kind != s.kind) {
      return table.Error(row, "parent",
                         "parent " + Quoted(s.parent) + " is a " +
                             std::string(SectorKindName(out[parent->second].kind)) +
                             " sector but this one is " + std::string(SectorKindName(s.kind)) +
                             "; a sector and its parent must be of the same kind");
    }
  }
  for (size_t idx = 0; idx < out.size(); ++idx) {
    size_t steps = 0;
    for (std::string_view up = out[idx].parent; !up.empty(); up = out[index.at(up)].parent) {
      if (++steps > out.size()) {
        return table.Error(table.rows()[idx], "parent",
                           "the parent chain of " + Quoted(out[idx].code) +
                               " loops back on itself; correct the parent codes");
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading

namespace {

// Appends the rows a parser produced to the matching RefData vector.
template <typename T>
Status Append(Result<std::vector<T>> parsed, std::vector<T>& into) {
  if (!parsed.ok()) return parsed.status();
  for (T& item : *parsed) into.push_back(std::move(item));
  return Status::Ok();
}

struct TableKind {
  std::string_view prefix;  // file stem, or stem + "_suffix"
  std::function<Status(const csv::Table&, RefData&)> load;
};

const std::vector<TableKind>& TableKinds() {
  static const std::vector<TableKind> kinds = {
      {"conversion_factors",
       [](const csv::Table& t, RefData& r) {
         return Append(ParseConversionFactors(t), r.conversion_factors);
       }},
      {"emission_factors",
       [](const csv::Table& t, RefData& r) {
         return Append(ParseEmissionFactors(t), r.emission_factors);
       }},
      {"gwp", [](const csv::Table& t, RefData& r) { return Append(ParseGwp(t), r.gwp); }},
      {"grid_factors",
       [](const csv::Table& t, RefData& r) { return Append(ParseGridFactors(t), r.grid_factors); }},
      {"benchmarks",
       [](const csv::Table& t, RefData& r) { return Append(ParseBenchmarks(t), r.benchmarks); }},
      {"targets", [](const csv::Table& t,
                     RefData& r) { return Append(ParseReferenceTargets(t), r.reference_targets); }},
      {"warning_levels",
       [](const csv::Table& t, RefData& r) {
         return Append(ParseWarningLevels(t), r.warning_levels);
       }},
      {"county_co2",
       [](const csv::Table& t, RefData& r) { return Append(ParseCountyCo2(t), r.county_co2); }},
      {"hunan_forest",
       [](const csv::Table& t, RefData& r) { return Append(ParseForestStock(t), r.forest_stock); }},
  };
  return kinds;
}

const TableKind* KindForStem(std::string_view stem) {
  for (const TableKind& kind : TableKinds()) {
    if (stem == kind.prefix) return &kind;
    if (stem.size() > kind.prefix.size() && stem.substr(0, kind.prefix.size()) == kind.prefix &&
        stem[kind.prefix.size()] == '_') {
      return &kind;
    }
  }
  return nullptr;
}

// Every CEADs row must name a region of regions.csv; checked with the table still at hand so
// the error points at the cell.
Status CheckCountyCodes(const csv::Table& table, const std::vector<domain::Region>& regions) {
  for (const csv::Row& row : table.rows()) {
    std::string code = table.TextOr(row, "distcode");
    bool known = std::any_of(regions.begin(), regions.end(),
                             [&](const domain::Region& r) { return r.code == code; });
    if (!known) {
      return table.Error(row, "distcode",
                         "region " + Quoted(code) +
                             " is not in regions.csv; add the region or "
                             "correct the code");
    }
  }
  return Status::Ok();
}

// Each carrier's conversion_row must exist in the conversion table and be per a unit of the
// carrier's dimension (a carrier in tce needs none); checked with the carrier table at hand.
Status CheckConversionRows(const csv::Table& table, const RefData& ref) {
  for (size_t idx = 0; idx < ref.energy_carriers.size(); ++idx) {
    const EnergyCarrier& carrier = ref.energy_carriers[idx];
    const csv::Row& row = table.rows()[idx];
    if (carrier.conversion_row.empty()) continue;
    const ConversionFactor* factor = FindConversionFactor(ref, carrier.conversion_row);
    if (factor == nullptr) {
      return table.Error(row, "conversion_row",
                         Quoted(carrier.conversion_row) +
                             " is not a carrier_zh of refdata/conversion_factors.csv; write the "
                             "name exactly as there, or leave the cell empty");
    }
    if (!UnitsCompatible(carrier.unit, factor->unit == "m3" ? "m³" : factor->unit)) {
      return table.Error(row, "conversion_row",
                         "the conversion row " + Quoted(carrier.conversion_row) + " is per " +
                             factor->unit + ", which does not fit the carrier's unit " +
                             carrier.unit);
    }
  }
  return Status::Ok();
}

Status WithDataDir(const Status& status, const std::string& data_dir) {
  if (status.ok()) return status;
  return Status(status.code(), status.message() + " [data directory: " + data_dir + "]");
}

Result<RefData> LoadFrom(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path dir(data_dir);
  RefData ref;

  CPK_ASSIGN_OR_RETURN(csv::Table indicators, ReadTable(dir, "indicators.csv"));
  CPK_ASSIGN_OR_RETURN(ref.indicators, ParseIndicatorCatalogue(indicators));
  CPK_ASSIGN_OR_RETURN(csv::Table regions, ReadTable(dir, "regions.csv"));
  CPK_ASSIGN_OR_RETURN(ref.regions, ParseRegions(regions));

  std::error_code ec;
  fs::directory_iterator it(dir / "refdata", ec);
  if (ec) {
    return Status::NotFound("refdata/: cannot list the reference-table folder (" + ec.message() +
                            "); the data directory must contain refdata/*.csv");
  }
  std::vector<std::string> names;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      return Status::Unavailable("refdata/: listing the folder failed (" + ec.message() + ")");
    }
    const fs::path& p = it->path();
    if (p.extension() == ".csv") names.push_back(p.filename().string());
  }
  std::sort(names.begin(), names.end());

  std::set<std::string_view> loaded;
  for (const std::string& name : names) {
    const std::string stem = name.substr(0, name.size() - 4);
    const TableKind* kind = KindForStem(stem);
    const std::string relative = "refdata/" + name;
    if (kind == nullptr) {
      std::string known;
      for (const TableKind& k : TableKinds()) {
        if (!known.empty()) known += ", ";
        known += k.prefix;
      }
      return Status::InvalidArgument(relative +
                                     ": not a known reference table; name the file "
                                     "after its table (" +
                                     known +
                                     ", optionally with a _suffix) or move it out of refdata/");
    }
    CPK_ASSIGN_OR_RETURN(csv::Table table, ReadTable(dir, relative));
    CPK_RETURN_IF_ERROR(kind->load(table, ref));
    if (kind->prefix == "county_co2") CPK_RETURN_IF_ERROR(CheckCountyCodes(table, ref.regions));
    loaded.insert(kind->prefix);
  }
  for (const TableKind& kind : TableKinds()) {
    if (!loaded.count(kind.prefix)) {
      return Status::NotFound("refdata/" + std::string(kind.prefix) +
                              ".csv: the reference table is missing; restore it from the "
                              "program's data/refdata folder");
    }
  }

  CPK_ASSIGN_OR_RETURN(csv::Table carriers, ReadTable(dir, "energy_carriers.csv"));
  CPK_ASSIGN_OR_RETURN(ref.energy_carriers, ParseEnergyCarriers(carriers));
  CPK_RETURN_IF_ERROR(CheckConversionRows(carriers, ref));
  CPK_ASSIGN_OR_RETURN(csv::Table sectors, ReadTable(dir, "sectors.csv"));
  CPK_ASSIGN_OR_RETURN(ref.sectors, ParseSectors(sectors));
  return ref;
}

}  // namespace

Result<RefData> LoadRefData(const std::string& data_dir) {
  Result<RefData> result = LoadFrom(data_dir);
  if (!result.ok()) return WithDataDir(result.status(), data_dir);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Lookups

const domain::Region* FindRegion(const RefData& ref, std::string_view code) {
  for (const domain::Region& region : ref.regions) {
    if (region.code == code) return &region;
  }
  return nullptr;
}

const GwpValue* FindGwp(const RefData& ref, std::string_view report, std::string_view gas) {
  for (const GwpValue& g : ref.gwp) {
    if (g.gas != gas) continue;
    std::string_view r = g.report;
    // "SAR(AR2)" answers to "SAR", "AR2" and itself.
    if (r == report) return &g;
    if (size_t paren = r.find('('); paren != std::string_view::npos) {
      std::string_view outer = r.substr(0, paren);
      std::string_view inner = r.substr(paren + 1, r.size() - paren - 2);
      if (outer == report || inner == report) return &g;
    }
  }
  return nullptr;
}

const EnergyCarrier* FindCarrier(const RefData& ref, std::string_view code) {
  for (const EnergyCarrier& c : ref.energy_carriers) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const Sector* FindSector(const RefData& ref, std::string_view code) {
  for (const Sector& s : ref.sectors) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

const ConversionFactor* FindConversionFactor(const RefData& ref, std::string_view carrier_zh) {
  for (const ConversionFactor& f : ref.conversion_factors) {
    if (f.carrier_zh == carrier_zh) return &f;
  }
  return nullptr;
}

}  // namespace carbonpeak::refdata
