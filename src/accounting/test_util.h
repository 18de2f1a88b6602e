// Helpers shared by the accounting tests: the shipped reference data, engines and record
// builders. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accounting/accounting.h"
#include "refdata/refdata.h"

namespace carbonpeak::accounting::testing {

inline constexpr std::string_view kCounty = "430703";  // 鼎城区
inline constexpr int kYear = 2023;

/// The shipped data/, loaded once. Aborts the test binary if it does not load: every test
/// here depends on it.
inline const refdata::RefData& Ref() {
  static const refdata::RefData* const ref = [] {
    Result<refdata::RefData> loaded = refdata::LoadRefData(CPK_DATA_DIR);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().ToString();
      std::abort();
    }
    return new refdata::RefData(*std::move(loaded));
  }();
  return *ref;
}

inline domain::FactorOverride Override(std::string sector, std::string item, std::string parameter,
                                       double value, std::string unit, int year = 0) {
  return domain::FactorOverride{{std::move(sector), std::move(item), std::move(parameter), year},
                                value,
                                std::move(unit),
                                "test input, see the test's comment",
                                "worked example"};
}

/// An engine on the shipped data with `spec`; fails the test (and returns nullopt) otherwise.
inline std::optional<Engine> MakeEngine(const FactorSetSpec& spec = {}) {
  Result<domain::FactorSet> set = BuildFactorSet(Ref(), spec);
  if (!set.ok()) {
    ADD_FAILURE() << set.status().ToString();
    return std::nullopt;
  }
  Result<Engine> engine = Engine::Create(Ref(), *std::move(set));
  if (!engine.ok()) {
    ADD_FAILURE() << engine.status().ToString();
    return std::nullopt;
  }
  return *std::move(engine);
}

inline domain::ActivityRecord Energy(domain::ActivityFlow flow, std::string sector,
                                     std::string carrier, double value, std::string unit,
                                     int year = kYear) {
  domain::ActivityRecord r;
  r.region_code = std::string(kCounty);
  r.year = year;
  r.flow = flow;
  r.sector = std::move(sector);
  r.carrier = std::move(carrier);
  r.value = value;
  r.unit = std::move(unit);
  r.provenance = {"test.xlsx", "energy", 0, 0};
  return r;
}

inline domain::ActivityRecord Item(domain::ActivityFlow flow, std::string item, double value,
                                   std::string unit, int year = kYear) {
  domain::ActivityRecord r;
  r.region_code = std::string(kCounty);
  r.year = year;
  r.flow = flow;
  r.item = std::move(item);
  r.value = value;
  r.unit = std::move(unit);
  r.provenance = {"test.xlsx", "other", 0, 0};
  return r;
}

/// True when `status` is an error whose message contains every one of `parts`.
inline ::testing::AssertionResult ErrorContains(const Status& status,
                                                std::initializer_list<std::string_view> parts) {
  if (status.ok()) return ::testing::AssertionFailure() << "expected an error, got OK";
  for (std::string_view part : parts) {
    if (status.message().find(part) == std::string::npos) {
      return ::testing::AssertionFailure() << "message lacks \"" << part << "\":\n"
                                           << status.message();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace carbonpeak::accounting::testing
