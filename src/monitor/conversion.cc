#include "monitor/conversion.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "base/units.h"

namespace carbonpeak::monitor {
namespace {

constexpr std::string_view kConversion = "energy/conversion";
constexpr std::string_view kCombustion = "energy/combustion";
constexpr std::string_view kIndirect = "energy/indirect";

// Mass of CO2 per mass of carbon, 44/12: the molar-mass ratio the IPCC 2006 Guidelines (Vol. 2,
// eq. 2.1 with the CO2 default factors) and the Chinese enterprise guidelines (GB/T 32151 series,
// "44/12") use for EF = NCV × CC × OF × 44/12.
constexpr double kCo2PerCarbon = 44.0 / 12.0;
// A kilogram of standard coal per gram, and TJ per GJ: unit definitions.
constexpr double kKgPerGram = 1e-3;
constexpr double kTjPerGj = 1e-3;

std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

/// Unit spellings of the emission-factor tables that ParseUnit does not read: "10^4 Nm3" is
/// 万m³ at normal conditions.
std::string NormalizeUnit(std::string_view unit) {
  std::string u(unit);
  auto replace = [&u](std::string_view from, std::string_view to) {
    for (size_t pos = u.find(from); pos != std::string::npos; pos = u.find(from, pos + to.size())) {
      u.replace(pos, from.size(), to);
    }
  };
  replace("10^4 ", "万");
  replace("10^8 ", "亿");
  replace("Nm3", "m³");
  replace("Nm³", "m³");
  return u;
}

/// Converts a coefficient written as "<numerator>/<denominator>" into `target` units per one
/// `meter_unit`: e.g. 0.1229 "kgce/kWh" with target "kgce" and meter unit "MWh" gives 122.9.
std::optional<double> PerMeterUnit(double value, std::string_view factor_unit,
                                   std::string_view target, std::string_view meter_unit,
                                   std::string& why) {
  const std::string unit = NormalizeUnit(factor_unit);
  const size_t slash = unit.find('/');
  if (slash == std::string::npos) {
    why = "its unit '" + std::string(factor_unit) + "' is not of the form A/B";
    return std::nullopt;
  }
  Result<double> numerator = ConvertValue(value, unit.substr(0, slash), target);
  if (!numerator.ok()) {
    why = "its unit '" + std::string(factor_unit) + "' does not give " + std::string(target);
    return std::nullopt;
  }
  Result<double> per = ConvertValue(1.0, meter_unit, unit.substr(slash + 1));
  if (!per.ok()) {
    why = "it is given per " + unit.substr(slash + 1) + ", which the meter's unit " +
          std::string(meter_unit) + " cannot be converted to";
    return std::nullopt;
  }
  return *numerator * *per;
}

std::string Provenance(const domain::Factor& f) {
  std::string out = domain::FactorKeyText(f.key) + " = " + Number(f.value) + " " + f.unit;
  if (!f.origin.file.empty()) {
    out += " (" + f.origin.file + ":" + std::to_string(f.origin.line) + ")";
  } else {
    out += " (" + std::string(domain::FactorOriginKindName(f.origin.kind)) + ")";
  }
  return out;
}

}  // namespace

std::string_view MeasureName(Measure measure) {
  switch (measure) {
    case Measure::kTceCalorific:
      return "tce_calorific";
    case Measure::kTceEquivalent:
      return "tce_equivalent";
    case Measure::kCo2:
      return "co2";
  }
  return "tce_calorific";
}

Result<Converter> Converter::Create(const refdata::RefData& ref, ConversionSpec spec) {
  Converter c;
  for (const refdata::EnergyCarrier& carrier : ref.energy_carriers) {
    CarrierInfo info;
    info.unit = carrier.unit;
    info.fossil = carrier.fossil == refdata::FossilClass::kFossil;
    info.biogenic = carrier.fossil == refdata::FossilClass::kNonFossil;
    c.carriers_.emplace(carrier.code, std::move(info));
  }
  for (domain::Factor& f : spec.factors.factors) {
    c.factors_.insert_or_assign(domain::FactorKeyText(f.key), std::move(f));
  }
  for (const domain::GenerationCoalRate& rate : spec.coal_rates) {
    if (!(std::isfinite(rate.gce_per_kwh) && rate.gce_per_kwh > 0)) {
      return Status::InvalidArgument("发电煤耗 of " + std::to_string(rate.year) +
                                     " must be a positive number of gce/kWh (e.g. 300)");
    }
    if (rate.source.empty()) {
      return Status::InvalidArgument("发电煤耗 of " + std::to_string(rate.year) +
                                     " has no source; give the yearbook table or notice it comes "
                                     "from");
    }
    if (!c.coal_rates_.emplace(rate.year, rate).second) {
      return Status::InvalidArgument("发电煤耗 of " + std::to_string(rate.year) +
                                     " is given twice; keep one");
    }
  }
  c.factor_set_version_ = spec.factors.version;
  return c;
}

const domain::Factor* Converter::Find(std::string_view sector, std::string_view item,
                                      std::string_view parameter, int year) const {
  const std::string key = domain::FactorKeyText(
      domain::FactorKey{std::string(sector), std::string(item), std::string(parameter), year});
  auto it = factors_.find(key);
  return it == factors_.end() ? nullptr : &it->second;
}

Status Converter::CheckMeter(const domain::Meter& meter) const {
  const std::string who = "meter " + meter.enterprise + "/" + meter.code + ": ";
  auto it = carriers_.find(meter.carrier);
  if (it == carriers_.end()) {
    std::string known;
    for (const auto& [code, info] : carriers_) known += (known.empty() ? "" : ", ") + code;
    return Status::InvalidArgument(
        who + "carrier '" + meter.carrier +
        "' is not a code of data/energy_carriers.csv; use one of: " + known);
  }
  Result<UnitInfo> unit = ParseUnit(meter.unit);
  if (!unit.ok()) return unit.status().WithContext(who);
  if (!UnitsCompatible(meter.unit, it->second.unit)) {
    return Status::InvalidArgument(who + "unit '" + meter.unit + "' does not measure " +
                                   meter.carrier + " (statistics use " + it->second.unit +
                                   "); give a unit of the same kind, e.g. " + it->second.unit);
  }
  return Status::Ok();
}

MeterFactors Converter::Resolve(const domain::Meter& meter, int year) const {
  MeterFactors out;
  const std::string& carrier = meter.carrier;
  auto carrier_it = carriers_.find(carrier);
  const CarrierInfo* info = carrier_it == carriers_.end() ? nullptr : &carrier_it->second;
  auto missing = [&](Measure m, domain::FactorKey key, std::string message) {
    out.missing.push_back(MissingFactor{m, std::move(key), std::move(message)});
  };
  std::string why;

  // 当量值.
  const domain::Factor* kgce = Find(kConversion, carrier, "kgce_per_unit");
  std::optional<double> calorific;
  if (kgce == nullptr) {
    missing(Measure::kTceCalorific, {std::string(kConversion), carrier, "kgce_per_unit", 0},
            "no conversion coefficient (折标准煤系数) for " + carrier +
                " ships; supply energy/conversion/" + carrier +
                "/kgce_per_unit as a factor override with its source");
  } else if (std::optional<double> v =
                 PerMeterUnit(kgce->value, kgce->unit, "kgce", meter.unit, why)) {
    calorific = v;
    out.provenance.push_back(Provenance(*kgce));
  } else {
    missing(Measure::kTceCalorific, kgce->key,
            "the conversion coefficient " + Provenance(*kgce) + " cannot be used: " + why);
  }
  out.kg_per_unit[static_cast<int>(Measure::kTceCalorific)] = calorific;

  // 等价值.
  if (carrier == "electricity") {
    auto rate = coal_rates_.find(year);
    Result<double> kwh = ConvertValue(1.0, meter.unit, "kWh");
    if (rate == coal_rates_.end()) {
      missing(Measure::kTceEquivalent, {std::string(kConversion), carrier, "gce_per_kwh", year},
              "the 等价值 of electricity needs the 发电煤耗 of " + std::to_string(year) +
                  " (gce/kWh), which does not ship; supply it with its source");
    } else if (kwh.ok()) {
      out.kg_per_unit[static_cast<int>(Measure::kTceEquivalent)] =
          rate->second.gce_per_kwh * kKgPerGram * *kwh;
      out.provenance.push_back("发电煤耗 " + std::to_string(year) + " = " +
                               Number(rate->second.gce_per_kwh) + " gce/kWh (" +
                               rate->second.source + ")");
    }
  } else {
    out.kg_per_unit[static_cast<int>(Measure::kTceEquivalent)] = calorific;
    if (!calorific) {
      missing(Measure::kTceEquivalent, {std::string(kConversion), carrier, "kgce_per_unit", 0},
              "the 等价值 of " + carrier + " equals its 当量值, which is missing (see above)");
    }
  }

  // CO2.
  std::optional<double> co2;
  if (carrier == "electricity") {
    const domain::Factor* grid = Find(kIndirect, "electricity", "grid_co2_ef", year);
    if (grid == nullptr) {
      missing(Measure::kCo2, {std::string(kIndirect), "electricity", "grid_co2_ef", year},
              "no grid emission factor of " + std::to_string(year) +
                  " is published in the chosen grid scope; supply energy/indirect/electricity/"
                  "grid_co2_ef@" +
                  std::to_string(year) + " (kgCO2/kWh) with its source");
    } else if ((co2 = PerMeterUnit(grid->value, grid->unit, "kgCO2", meter.unit, why))) {
      out.provenance.push_back(Provenance(*grid));
    } else {
      missing(Measure::kCo2, grid->key,
              "the grid factor " + Provenance(*grid) + " cannot be used: " + why);
    }
  } else if (carrier == "heat") {
    const domain::Factor* heat = Find(kIndirect, "heat", "co2_ef");
    if (heat == nullptr) {
      missing(Measure::kCo2, {std::string(kIndirect), "heat", "co2_ef", 0},
              "no CO2 factor for purchased heat ships; supply energy/indirect/heat/co2_ef "
              "(tCO2/GJ) with its source");
    } else if ((co2 = PerMeterUnit(heat->value, heat->unit, "kgCO2", meter.unit, why))) {
      out.provenance.push_back(Provenance(*heat));
    } else {
      missing(Measure::kCo2, heat->key,
              "the heat factor " + Provenance(*heat) + " cannot be used: " + why);
    }
  } else if (info != nullptr && info->biogenic) {
    co2 = 0.0;
    out.provenance.push_back(carrier + ": biogenic CO2 is not counted");
  } else {
    const domain::Factor* ncv = Find(kCombustion, carrier, "ncv");
    const domain::Factor* cc = Find(kCombustion, carrier, "carbon_content");
    const domain::Factor* of = Find(kCombustion, carrier, "oxidation_rate");
    const domain::Factor* ef = Find(kCombustion, carrier, "co2_ef");
    if (ncv != nullptr && cc != nullptr && of != nullptr) {
      std::optional<double> gj = PerMeterUnit(ncv->value, ncv->unit, "GJ", meter.unit, why);
      const bool cc_ok = cc->unit == "tC/TJ";
      const double of_value = of->unit == "%" ? of->value / 100 : of->value;
      const bool of_ok = of->unit == "fraction" || of->unit == "%";
      if (gj && cc_ok && of_ok) {
        // kgCO2 per unit = GJ/unit × tC/TJ × 10^-3 TJ/GJ × OF × 44/12 × 10^3 kg/t.
        co2 = *gj * cc->value * kTjPerGj * of_value * kCo2PerCarbon * 1e3;
        out.provenance.push_back(Provenance(*ncv));
        out.provenance.push_back(Provenance(*cc));
        out.provenance.push_back(Provenance(*of));
      } else {
        missing(Measure::kCo2, cc->key,
                "the combustion factors of " + carrier + " cannot be combined: " +
                    (gj ? std::string(cc_ok ? "the oxidation rate must be a fraction"
                                            : "the carbon content must be in tC/TJ")
                        : "the heating value " + why));
      }
    } else if (ef != nullptr) {
      if ((co2 = PerMeterUnit(ef->value, ef->unit, "kgCO2", meter.unit, why))) {
        out.provenance.push_back(Provenance(*ef));
      } else {
        missing(Measure::kCo2, ef->key,
                "the CO2 factor " + Provenance(*ef) + " cannot be used: " + why);
      }
    } else {
      missing(Measure::kCo2, {std::string(kCombustion), carrier, "co2_ef", 0},
              "the fuel-combustion set has no CO2 factor for " + carrier +
                  "; supply energy/combustion/" + carrier +
                  "/co2_ef (tCO2 per unit) as a factor override with its source, or choose a "
                  "set that has it");
    }
  }
  out.kg_per_unit[static_cast<int>(Measure::kCo2)] = co2;
  return out;
}

}  // namespace carbonpeak::monitor
