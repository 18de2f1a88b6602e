// Regions by GB/T 2260 administrative code: province 430000 → city 430700 → county 430703 →
// township (a 9-digit or 12-digit code, or a county-local code the office assigns).
//
//   Region r{"430703", "鼎城区", RegionLevel::kCounty, "430700"};
//   bool county = r.level == RegionLevel::kCounty;
//
// Plain values; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace carbonpeak::domain {

/// Stored as text: append only.
enum class RegionLevel { kProvince, kCity, kCounty, kTownship };

std::string_view RegionLevelName(RegionLevel level);  // "province", "city", "county", "township"
std::optional<RegionLevel> ParseRegionLevel(std::string_view name);

struct Region {
  std::string code;  ///< GB/T 2260 code, e.g. "430703".
  std::string name;  ///< Official Chinese name, e.g. "鼎城区".
  RegionLevel level = RegionLevel::kCounty;
  std::string parent_code;  ///< Empty for a province.
  std::string name_en;      ///< Optional English/pinyin name for the English UI.
};

}  // namespace carbonpeak::domain
