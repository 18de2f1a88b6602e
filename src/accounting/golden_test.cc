// Golden cases: tests/golden/accounting/<case>/{input.json, expected.json}.
//
// input.json:    {"description": "<one line>", "region": "430703", "year": 2023,
//                 "factor_set": {"fuel_set": …, "gwp": "AR5",
//                                "grid": {"scope": "national", "region": "全国", "caliber":
//                                "average"}, "overrides": [{"sector", "item", "parameter", "year",
//                                "value",
//                                               "unit", "source", "reason"}]},
//                 "coal_rates": [{"year", "gce_per_kwh", "source"}],
//                 "records": [{"flow", "sector", "carrier", "item", "value", "unit", "year"?}]}
// expected.json: {"relative_tolerance": 1e-9,
//                 "balance": {"<path>": number, …}, "inventory": {"<path>": number, …}}
//             or {"error": {"in": "balance"|"inventory", "code": "failed_precondition",
//                           "contains": ["…", …]}}
// Paths name values of the flattened result (see Flatten* below), e.g.
// "carriers.raw_coal.tce_calorific.final_consumption", "totals.gross_co2e_t",
// "lines.combustion:ind_nonmetallic:raw_coal:CO2.emission_t". A value matches when
// |actual − expected| ≤ tolerance × max(|expected|, 1).
// The JSON reading lives here, in the test, because the accounting module has no JSON.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "accounting/accounting.h"
#include "accounting/test_util.h"

namespace carbonpeak::accounting {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCasesDir = fs::path(CPK_SOURCE_DIR) / "tests" / "golden" / "accounting";

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(kCasesDir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory()) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back("none");  // reported as a skip
  return names;
}

json ReadJson(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return json::parse(in);
}

void AddFlows(std::map<std::string, double>& out, const std::string& prefix,
              const domain::BalanceFlows& f) {
  out[prefix + "production"] = f.production;
  out[prefix + "inflow"] = f.inflow;
  out[prefix + "outflow"] = f.outflow;
  out[prefix + "stock_change"] = f.stock_change;
  out[prefix + "transformation_input"] = f.transformation_input;
  out[prefix + "transformation_output"] = f.transformation_output;
  out[prefix + "losses"] = f.losses;
  out[prefix + "final_consumption"] = f.final_consumption;
  out[prefix + "supply"] = f.supply;
  out[prefix + "consumption"] = f.consumption;
  out[prefix + "residual"] = f.residual;
}

std::map<std::string, double> FlattenBalance(const domain::EnergyBalance& b) {
  std::map<std::string, double> out;
  for (const domain::CarrierBalance& c : b.carriers) {
    const std::string p = "carriers." + c.carrier + ".";
    AddFlows(out, p + "physical.", c.physical);
    AddFlows(out, p + "tce_calorific.", c.tce_calorific);
    if (c.tce_equivalent) AddFlows(out, p + "tce_equivalent.", *c.tce_equivalent);
    out[p + "closes"] = c.closes ? 1 : 0;
    out[p + "tce_per_unit_calorific"] = c.tce_per_unit_calorific;
  }
  AddFlows(out, "total_calorific.", b.total_calorific);
  if (b.total_equivalent) AddFlows(out, "total_equivalent.", *b.total_equivalent);
  for (const domain::SectorEnergy& s : b.final_by_sector) {
    out["final_by_sector." + s.sector + ".tce_calorific"] = s.tce_calorific;
    if (s.tce_equivalent)
      out["final_by_sector." + s.sector + ".tce_equivalent"] = *s.tce_equivalent;
  }
  for (const domain::SectorEnergy& s : b.final_by_group) {
    out["final_by_group." + s.sector + ".tce_calorific"] = s.tce_calorific;
    if (s.tce_equivalent) out["final_by_group." + s.sector + ".tce_equivalent"] = *s.tce_equivalent;
  }
  for (const domain::GenerationSource& g : b.generation) {
    out["generation." + g.sector + ".electricity_10k_kwh"] = g.electricity_10k_kwh;
    if (g.capacity_10k_kw) out["generation." + g.sector + ".capacity_10k_kw"] = *g.capacity_10k_kw;
  }
  out["missing_inputs.count"] = static_cast<double>(b.missing_inputs.size());
  out["carriers.count"] = static_cast<double>(b.carriers.size());
  return out;
}

std::map<std::string, double> FlattenInventory(const domain::Inventory& inv) {
  std::map<std::string, double> out;
  const domain::InventoryTotals& t = inv.totals;
  out["totals.co2_t"] = t.co2_t;
  out["totals.ch4_t"] = t.ch4_t;
  out["totals.n2o_t"] = t.n2o_t;
  out["totals.gross_co2e_t"] = t.gross_co2e_t;
  out["totals.forestry_co2e_t"] = t.forestry_co2e_t;
  out["totals.net_co2e_t"] = t.net_co2e_t;
  out["totals.energy_co2_t"] = t.energy_co2_t;
  out["totals.combustion_co2_t"] = t.combustion_co2_t;
  out["totals.indirect_co2_t"] = t.indirect_co2_t;
  for (const domain::CategoryTotal& c : inv.by_category) {
    out["by_category." + std::string(domain::InventoryCategoryName(c.category)) + ".co2e_t"] =
        c.co2e_t;
  }
  for (const domain::InventoryLine& l : inv.lines) {
    const std::string p = "lines." + l.subcategory + ":" + l.sector + ":" + l.item + ":" +
                          std::string(domain::GasName(l.gas)) + ".";
    out[p + "activity"] = l.activity;
    out[p + "emission_t"] = l.emission_t;
    out[p + "co2e_t"] = l.co2e_t;
  }
  out["lines.count"] = static_cast<double>(inv.lines.size());
  out["uses_overrides"] = inv.uses_overrides ? 1 : 0;
  return out;
}

FactorSetSpec ReadSpec(const json& j) {
  FactorSetSpec spec;
  if (!j.is_object()) return spec;
  spec.fuel_set = j.value("fuel_set", spec.fuel_set);
  if (j.contains("gwp")) spec.gwp = domain::ParseGwpReport(j["gwp"].get<std::string>()).value();
  if (j.contains("grid")) {
    const json& g = j["grid"];
    spec.grid.scope = domain::ParseGridScope(g.value("scope", "national")).value();
    spec.grid.region_zh = g.value("region", "全国");
    spec.grid.caliber = g.value("caliber", "average");
  }
  for (const json& o : j.value("overrides", json::array())) {
    spec.overrides.push_back(
        domain::FactorOverride{{o.at("sector").get<std::string>(), o.at("item").get<std::string>(),
                                o.at("parameter").get<std::string>(), o.value("year", 0)},
                               o.at("value").get<double>(),
                               o.at("unit").get<std::string>(),
                               o.value("source", ""),
                               o.value("reason", "")});
  }
  return spec;
}

std::vector<domain::ActivityRecord> ReadRecords(const json& input) {
  std::vector<domain::ActivityRecord> records;
  int row = 0;
  for (const json& r : input.at("records")) {
    ++row;
    domain::ActivityRecord rec;
    rec.region_code = r.value("region", input.at("region").get<std::string>());
    rec.year = r.value("year", input.at("year").get<int>());
    rec.flow = domain::ParseActivityFlow(r.at("flow").get<std::string>()).value();
    rec.sector = r.value("sector", "");
    rec.carrier = r.value("carrier", "");
    rec.item = r.value("item", "");
    rec.value = r.at("value").get<double>();
    rec.unit = r.at("unit").get<std::string>();
    rec.provenance = {"input.json", "records", row, 0};
    records.push_back(std::move(rec));
  }
  return records;
}

void Compare(const std::string& what, const json& expected,
             const std::map<std::string, double>& actual, double tolerance) {
  for (const auto& [path, value] : expected.items()) {
    auto it = actual.find(path);
    if (it == actual.end()) {
      std::string known;
      for (const auto& [k, v] : actual) known += "\n  " + k;
      ADD_FAILURE() << what << ": no value at '" << path << "'; the result has:" << known;
      continue;
    }
    const double want = value.get<double>();
    EXPECT_LE(std::fabs(it->second - want), tolerance * std::max(std::fabs(want), 1.0))
        << what << " " << path << ": expected " << want << ", got " << it->second;
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpected) {
  if (GetParam() == "none") GTEST_SKIP() << "no golden cases under " << kCasesDir;
  const fs::path dir = kCasesDir / GetParam();
  json input, expected;
  try {
    input = ReadJson(dir / "input.json");
    expected = ReadJson(dir / "expected.json");
  } catch (const std::exception& e) {
    FAIL() << GetParam() << ": " << e.what();
  }
  ASSERT_TRUE(input.contains("description") && !input["description"].get<std::string>().empty())
      << GetParam() << ": input.json needs a one-line description";
  SCOPED_TRACE(input["description"].get<std::string>());

  FactorSetSpec spec;
  std::vector<domain::ActivityRecord> records;
  BalanceOptions options;
  try {
    spec = ReadSpec(input.value("factor_set", json::object()));
    records = ReadRecords(input);
    for (const json& c : input.value("coal_rates", json::array())) {
      options.coal_rates.push_back(
          {c.at("year").get<int>(), c.at("gce_per_kwh").get<double>(), c.value("source", "")});
    }
  } catch (const std::exception& e) {
    FAIL() << GetParam() << ": bad input.json: " << e.what();
  }
  Result<domain::FactorSet> set = BuildFactorSet(testing::Ref(), spec);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  Result<Engine> engine = Engine::Create(testing::Ref(), *set);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  const std::string region = input.at("region").get<std::string>();
  const int year = input.at("year").get<int>();
  const double tolerance = expected.value("relative_tolerance", 1e-9);

  Result<domain::EnergyBalance> balance =
      engine->ComputeEnergyBalance(region, year, records, options);
  Result<domain::Inventory> inventory = engine->ComputeInventory(region, year, records);

  if (expected.contains("error")) {
    const json& error = expected["error"];
    const Status status =
        error.value("in", "inventory") == "balance" ? balance.status() : inventory.status();
    ASSERT_FALSE(status.ok()) << "expected an error";
    EXPECT_EQ(StatusCodeName(status.code()), error.value("code", ""));
    for (const json& part : error.value("contains", json::array())) {
      EXPECT_NE(status.message().find(part.get<std::string>()), std::string::npos)
          << "message lacks \"" << part.get<std::string>() << "\":\n"
          << status.message();
    }
    return;
  }
  if (expected.contains("balance")) {
    ASSERT_TRUE(balance.ok()) << balance.status().ToString();
    Compare("balance", expected["balance"], FlattenBalance(*balance), tolerance);
  }
  if (expected.contains("inventory")) {
    ASSERT_TRUE(inventory.ok()) << inventory.status().ToString();
    Compare("inventory", expected["inventory"], FlattenInventory(*inventory), tolerance);
  }
}

INSTANTIATE_TEST_SUITE_P(Accounting, GoldenTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace carbonpeak::accounting
