// Reading the unit text of a factor ("GJ/t", "GJ/10^4 Nm3", "tC/TJ", "kgCO2/kWh",
// "tCO2/t clinker", "kgCH4/head/yr" …) into the multiplier that brings its value to the form a
// formula uses. Internal to accounting.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak::accounting::internal {

/// What a factor measures, and the canonical form its value is brought to.
enum class FactorUnitKind {
  kEnergyPerActivity,    ///< NCV → GJ per activity unit ("GJ/t", "GJ/10^4 Nm3", "kJ/kg").
  kCarbonPerEnergy,      ///< Carbon content → tC/TJ ("tC/TJ", "tC/GJ", "kgC/GJ").
  kFraction,             ///< A fraction → 0..1 ("fraction", "%").
  kCo2PerActivity,       ///< CO2 factor → tCO2 per activity unit ("tCO2/t clinker", "kgCO2/kWh").
  kCoalPerActivity,      ///< Conversion coefficient → tce per activity unit ("kgce/kg").
  kKgGasPerHeadYear,     ///< Livestock factor, kg gas per head and year.
  kKgCh4PerHaDay,        ///< Rice daily CH4 factor.
  kDays,                 ///< A number of days.
  kN2oNPerN,             ///< kg N2O-N per kg N.
  kCarbonPerWaste,       ///< DOC, t C per t waste.
  kCh4PerOrganics,       ///< B0, kg CH4 per kg BOD/COD.
  kTonnesPerCubicMetre,  ///< Wood density, t dry matter per m³.
  kDimensionless,        ///< BEF, root-to-shoot ratio.
  kCarbonPerDryMatter,   ///< Carbon fraction, t C per t dry matter.
};

/// The expected units in words, for messages: "GJ per unit of activity (e.g. GJ/t)".
std::string_view ExpectedUnits(FactorUnitKind kind);

/// Multiplier from `unit` to the canonical form of `kind`. For the kinds "per activity unit",
/// `activity_unit` is the unit the formula's activity is in (the carrier's or item's unit, e.g.
/// "万m³"), and the multiplier also converts the factor's own denominator to it. InvalidArgument
/// (plain message, no location) when the unit is not one the kind accepts.
Result<double> FactorUnitScale(std::string_view unit, FactorUnitKind kind,
                               std::string_view activity_unit = "");

/// "10^4 Nm3" → "万m³", "Nm3" → "m³", "m3" → "m³", "head" → "头", "ha" → "hm²"; trims spaces.
std::string NormalizeActivityUnit(std::string_view unit);

}  // namespace carbonpeak::accounting::internal
