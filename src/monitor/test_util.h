// Test helpers shared by the monitor's tests: a small registry of enterprises and meters with
// valid credit codes, and timestamps in local time. Test-only; not part of the library.
#pragma once

#include <string>

#include "base/clock.h"
#include "domain/monitoring.h"
#include "monitor/internal/time_slots.h"
#include "monitor/registry.h"

namespace carbonpeak::monitor::testing {

/// Appends the GB 32100-2015 check character to 17 characters.
inline std::string WithCheckCharacter(const std::string& first17) {
  constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int sum = 0, weight = 1;
  for (char c : first17) {
    sum += static_cast<int>(kChars.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return first17 + kChars[static_cast<size_t>(check)];
}

/// Credit code number `n` (0..99999) of a made-up enterprise in 鼎城区.
inline std::string CreditCode(int n) {
  std::string digits = std::to_string(n);
  digits.insert(0, 5 - digits.size(), '0');
  return WithCheckCharacter("91430703MA4L" + digits);
}

inline domain::Enterprise MakeEnterprise(int n, std::string industry = "C3011",
                                         std::string township = "430703100") {
  domain::Enterprise e;
  e.credit_code = CreditCode(n);
  e.name = "Enterprise " + std::to_string(n);
  e.industry_code = std::move(industry);
  e.township_code = std::move(township);
  e.county_code = "430703";
  e.key_unit = true;
  return e;
}

inline domain::Meter MakeMeter(int enterprise, std::string code,
                               std::string carrier = "electricity", std::string unit = "kWh",
                               domain::MeterKind kind = domain::MeterKind::kInterval,
                               domain::MeterInterval interval = domain::MeterInterval::k15Min) {
  domain::Meter m;
  m.enterprise = CreditCode(enterprise);
  m.code = std::move(code);
  m.name = m.code;
  m.carrier = std::move(carrier);
  m.unit = std::move(unit);
  m.kind = kind;
  m.interval = interval;
  return m;
}

/// UTC instant of a local (UTC+8) date and time.
inline Timestamp Local(int year, int month, int day, int hour = 0, int minute = 0) {
  const int64_t local_seconds =
      internal::DaysFromCivilDate(year, month, day) * 86400 + hour * 3600 + minute * 60;
  return Timestamp{(local_seconds - 8 * 3600) * 1000000};
}

/// 15-minute slot of a local date and time.
inline int32_t SlotOf(int year, int month, int day, int hour = 0, int minute = 0) {
  return static_cast<int32_t>(
      (internal::DaysFromCivilDate(year, month, day) * 86400 + hour * 3600 + minute * 60) /
      internal::kSecondsPerSlot);
}

}  // namespace carbonpeak::monitor::testing

// ---------------------------------------------------------------------------------------------
// Factors for tests. The app builds the real set with accounting::BuildFactorSet; the monitor
// may not depend on accounting, so tests assemble the few factors they need from the same
// reference rows: conversion coefficients, the "CN default (NCV,CC,OF)" combustion set, the
// provincial 湖南 average grid factors and the purchased-heat factor.
#include "domain/energy.h"
#include "refdata/refdata.h"

namespace carbonpeak::monitor::testing {

inline domain::FactorSet TestFactorSet(const refdata::RefData& ref) {
  domain::FactorSet set;
  set.fuel_set = "CN default (NCV,CC,OF)";
  set.version = "test";
  for (const refdata::EnergyCarrier& carrier : ref.energy_carriers) {
    if (carrier.conversion_row.empty()) continue;
    const refdata::ConversionFactor* cf =
        refdata::FindConversionFactor(ref, carrier.conversion_row);
    if (cf == nullptr || !cf->kgce_per_unit) continue;
    set.factors.push_back(
        domain::Factor{domain::FactorKey{"energy/conversion", carrier.code, "kgce_per_unit", 0},
                       *cf->kgce_per_unit,
                       "kgce/" + cf->unit,
                       {}});
  }
  for (const refdata::EmissionFactor& row : ref.emission_factors) {
    if (row.sector == "energy/combustion" && row.set == set.fuel_set) {
      for (const refdata::EnergyCarrier& carrier : ref.energy_carriers) {
        for (const std::string& item : carrier.ef_items) {
          if (item == row.item) {
            set.factors.push_back(domain::Factor{
                domain::FactorKey{"energy/combustion", carrier.code, row.parameter, 0},
                row.value,
                row.unit,
                {}});
          }
        }
      }
    }
    if (row.sector == "energy/indirect" && row.item == "热力 purchased heat") {
      set.factors.push_back(domain::Factor{
          domain::FactorKey{"energy/indirect", "heat", "co2_ef", 0}, row.value, row.unit, {}});
    }
  }
  for (const refdata::GridFactor& g : ref.grid_factors) {
    if (g.year && g.scope == "provincial" && g.region_zh == "湖南" && g.caliber == "average") {
      set.factors.push_back(domain::Factor{
          domain::FactorKey{"energy/indirect", "electricity", "grid_co2_ef", *g.year},
          g.value,
          g.unit,
          {}});
    }
  }
  return set;
}

}  // namespace carbonpeak::monitor::testing
