#include "refdata/refdata.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "base/units.h"

namespace carbonpeak::refdata {
namespace {

namespace fs = std::filesystem;

const std::string kDataDir = CPK_DATA_DIR;
const std::string kSharedDir = CPK_SOURCE_DIR "/../shared";

csv::Table Table(std::string_view text, std::string file) {
  Result<csv::Table> t = csv::Parse(text, std::move(file));
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *std::move(t) : csv::Table();
}

// Asserts that `status` is an error whose message starts with `prefix`.
void ExpectErrorStartsWith(const Status& status, std::string_view prefix) {
  ASSERT_FALSE(status.ok()) << "expected an error starting with: " << prefix;
  EXPECT_EQ(status.message().substr(0, prefix.size()), prefix) << status.message();
}

// The shipped data, loaded once; nullptr (and the ShippedDataLoads failure) when it is broken.
const RefData* Shipped() {
  static const Result<RefData> ref = LoadRefData(kDataDir);
  return ref.ok() ? &*ref : nullptr;
}

#define CPK_SHIPPED(name)                                             \
  const RefData* name##_ptr = Shipped();                              \
  ASSERT_NE(name##_ptr, nullptr) << "the shipped data does not load"; \
  const RefData& name = *name##_ptr

// ----- the shipped tables -----

TEST(RefDataTest, ShippedDataLoads) {
  Result<RefData> ref = LoadRefData(kDataDir);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_GE(ref->indicators.all().size(), 220u);
  EXPECT_EQ(ref->regions.size(), 10u);
  EXPECT_EQ(ref->conversion_factors.size(), 28u);
  // 128 + 297 rows; two rows pack three parameters each (+4 entries).
  EXPECT_EQ(ref->emission_factors.size(), 128u + 297u + 4u);
  EXPECT_EQ(ref->gwp.size(), 18u);
  EXPECT_EQ(ref->grid_factors.size(), 92u + 42u);
  EXPECT_EQ(ref->benchmarks.size(), 45u + 20u);
  EXPECT_EQ(ref->reference_targets.size(), 37u);
  EXPECT_EQ(ref->warning_levels.size(), 4u);
  EXPECT_EQ(ref->county_co2.size(), 105u);
  EXPECT_EQ(ref->forest_stock.size(), 9u);
}

TEST(RefDataTest, ValuesPointBackToTheirRows) {
  CPK_SHIPPED(ref);
  ASSERT_FALSE(ref.gwp.empty());

  const GwpValue* ch4 = FindGwp(ref, "AR5", "CH4");
  ASSERT_NE(ch4, nullptr);
  EXPECT_DOUBLE_EQ(ch4->gwp100, 28);
  EXPECT_EQ(ch4->source.file, "refdata/gwp.csv");
  EXPECT_EQ(ch4->source.line, 11);
  EXPECT_EQ(ParseVerification(ch4->source.verification), Verification::kSeenSecondary);
  EXPECT_NE(ch4->source.source.find("AR5"), std::string::npos);
  const GwpValue* sar = FindGwp(ref, "SAR", "CH4");
  ASSERT_NE(sar, nullptr);
  EXPECT_DOUBLE_EQ(sar->gwp100, 21);
  EXPECT_EQ(FindGwp(ref, "AR5", "NF3"), nullptr);

  const ConversionFactor* power = FindConversionFactor(ref, "电力(当量值)");
  ASSERT_NE(power, nullptr);
  ASSERT_TRUE(power->kgce_per_unit.has_value());
  EXPECT_DOUBLE_EQ(*power->kgce_per_unit, 0.1229);
  EXPECT_EQ(power->unit, "kWh");
  EXPECT_EQ(ParseVerification(power->source.verification), Verification::kSeenPrimary);

  // A range stays a range: no single coefficient is invented for it.
  const ConversionFactor* slime = FindConversionFactor(ref, "煤泥");
  ASSERT_NE(slime, nullptr);
  EXPECT_FALSE(slime->kgce_per_unit.has_value());
  ASSERT_TRUE(slime->kgce_range.has_value());
  EXPECT_DOUBLE_EQ(slime->kgce_range->low, 0.2857);
  EXPECT_DOUBLE_EQ(slime->kgce_range->high, 0.4286);
  // LNG has a heating value but no kgce coefficient.
  const ConversionFactor* lng = FindConversionFactor(ref, "液化天然气");
  ASSERT_NE(lng, nullptr);
  EXPECT_FALSE(lng->kgce_per_unit.has_value());
  EXPECT_DOUBLE_EQ(lng->ncv_kj_per_unit.value_or(0), 51498);
}

TEST(RefDataTest, GridFactorsKeepYearLabels) {
  CPK_SHIPPED(ref);
  bool hunan_2023 = false;
  bool labelled = false;
  for (const GridFactor& g : ref.grid_factors) {
    if (g.year == 2023 && g.scope == "provincial" && g.region_zh == "湖南" &&
        g.caliber == "average") {
      EXPECT_DOUBLE_EQ(g.value, 0.4976);
      EXPECT_EQ(g.source.file, "refdata/grid_factors_extra.csv");
      hunan_2023 = true;
    }
    if (g.year_label.rfind("pre-2022", 0) == 0) {
      EXPECT_FALSE(g.year.has_value());
      EXPECT_DOUBLE_EQ(g.value, 0.581);
      labelled = true;
    }
  }
  EXPECT_TRUE(hunan_2023);
  EXPECT_TRUE(labelled);
}

TEST(RefDataTest, PackedEmissionFactorRowsAreSplitPerParameter) {
  CPK_SHIPPED(ref);
  std::map<std::string, double> msw;
  int line = 0;
  for (const EmissionFactor& f : ref.emission_factors) {
    if (f.sector == "waste/incineration" && f.item.rfind("MSW", 0) == 0) {
      msw[f.parameter] = f.value;
      if (line == 0) line = f.source.line;
      EXPECT_EQ(f.source.line, line);  // all three from one row
    }
  }
  ASSERT_EQ(msw.size(), 3u);
  EXPECT_DOUBLE_EQ(msw["CCW"], 0.4);
  EXPECT_DOUBLE_EQ(msw["FCF"], 0.4);
  EXPECT_DOUBLE_EQ(msw["CE"], 0.95);
}

TEST(RefDataTest, BenchmarksAndForestAndCeads) {
  CPK_SHIPPED(ref);
  bool clinker = false;
  bool ndrc = false;
  for (const Benchmark& b : ref.benchmarks) {
    if (b.standard == "GB 16780-2021" && b.product == "水泥熟料 cement clinker" &&
        b.indicator == "单位产品综合能耗") {
      EXPECT_EQ(b.level1, 100.0);
      EXPECT_EQ(b.level3, 117.0);
      clinker = true;
    }
    if (b.benchmark.has_value()) ndrc = true;
  }
  EXPECT_TRUE(clinker);
  EXPECT_TRUE(ndrc);

  double area_sum = 0;
  double total = 0;
  for (const ForestStock& f : ref.forest_stock) {
    if (f.species_group_en == "total") {
      total = f.area_hm2;
    } else {
      area_sum += f.area_hm2;
    }
  }
  EXPECT_DOUBLE_EQ(total, 7275100);
  EXPECT_DOUBLE_EQ(area_sum, total);  // the source's rows add up to its total

  std::set<std::string> counties;
  for (const CountyCo2& c : ref.county_co2) {
    counties.insert(c.region_code);
    EXPECT_NE(FindRegion(ref, c.region_code), nullptr) << c.region_code;
  }
  EXPECT_EQ(counties.size(), 5u);
}

TEST(RefDataTest, EveryRowHasAKnownVerificationTagAndASource) {
  CPK_SHIPPED(ref);
  auto check = [](const Source& s) {
    EXPECT_TRUE(ParseVerification(s.verification).has_value()) << s.file << ":" << s.line;
    EXPECT_FALSE(s.source.empty()) << s.file << ":" << s.line;
    EXPECT_GT(s.line, 1) << s.file;
  };
  for (const auto& x : ref.conversion_factors) check(x.source);
  for (const auto& x : ref.emission_factors) check(x.source);
  for (const auto& x : ref.gwp) check(x.source);
  for (const auto& x : ref.grid_factors) check(x.source);
  for (const auto& x : ref.benchmarks) check(x.source);
  for (const auto& x : ref.reference_targets) check(x.source);
  for (const auto& x : ref.warning_levels) check(x.source);
  for (const auto& x : ref.county_co2) check(x.source);
  for (const auto& x : ref.forest_stock) check(x.source);
}

// ----- regions -----

TEST(RegionsTest, HierarchyOfDesignSection4IsComplete) {
  CPK_SHIPPED(ref);
  const std::map<std::string, std::pair<std::string, std::string>> counties = {
      {"430703", {"鼎城区", "430700"}}, {"430781", {"津市市", "430700"}},
      {"431202", {"鹤城区", "431200"}}, {"430923", {"安化县", "430900"}},
      {"431124", {"道县", "431100"}},
  };
  for (const auto& [code, expected] : counties) {
    const domain::Region* county = FindRegion(ref, code);
    ASSERT_NE(county, nullptr) << code;
    EXPECT_EQ(county->name, expected.first);
    EXPECT_EQ(county->level, domain::RegionLevel::kCounty);
    EXPECT_EQ(county->parent_code, expected.second);
    const domain::Region* city = FindRegion(ref, county->parent_code);
    ASSERT_NE(city, nullptr);
    EXPECT_EQ(city->level, domain::RegionLevel::kCity);
    EXPECT_EQ(city->parent_code, "430000");
  }
  const domain::Region* province = FindRegion(ref, "430000");
  ASSERT_NE(province, nullptr);
  EXPECT_EQ(province->name, "湖南省");
  EXPECT_EQ(province->level, domain::RegionLevel::kProvince);
  EXPECT_TRUE(province->parent_code.empty());
  // Every non-province reaches the province through its parents.
  for (const domain::Region& r : ref.regions) {
    const domain::Region* cur = &r;
    int hops = 0;
    while (cur != nullptr && !cur->parent_code.empty() && hops < 5) {
      cur = FindRegion(ref, cur->parent_code);
      ++hops;
    }
    ASSERT_NE(cur, nullptr) << r.code;
    EXPECT_EQ(cur->code, "430000") << r.code;
  }
}

constexpr std::string_view kRegionHeader = "code,name_zh,name_en,level,parent_code,source\n";

TEST(RegionsTest, UnknownParentIsReportedAtItsCell) {
  csv::Table t = Table(std::string(kRegionHeader) +
                           "430000,湖南省,Hunan,province,,GB/T 2260\n"
                           "430703,鼎城区,Dingcheng,county,439900,GB/T 2260\n",
                       "regions.csv");
  ExpectErrorStartsWith(ParseRegions(t).status(),
                        "regions.csv:3:5: column 'parent_code': parent region '439900' is not in "
                        "this file");
}

TEST(RegionsTest, LevelAndCodeMustFit) {
  ExpectErrorStartsWith(ParseRegions(Table(std::string(kRegionHeader) +
                                               "430000,湖南省,Hunan,province,,GB/T 2260\n"
                                               "430703,鼎城区,Dingcheng,city,430000,GB/T 2260\n",
                                           "regions.csv"))
                            .status(),
                        "regions.csv:3:1: column 'code': a city code ends in 00");
  ExpectErrorStartsWith(
      ParseRegions(Table(std::string(kRegionHeader) +
                             "430000,湖南省,Hunan,province,,GB/T 2260\n"
                             "430700,常德市,Changde,city,430000,GB/T 2260\n"
                             "430781,津市市,Jinshi,township,430700,GB/T 2260\n",
                         "regions.csv"))
          .status(),
      "regions.csv:4:5: column 'parent_code': a township cannot belong to the city '430700'");
  ExpectErrorStartsWith(ParseRegions(Table(std::string(kRegionHeader) +
                                               "430000,湖南省,Hunan,province,,GB/T 2260\n"
                                               "430700,常德市,Changde,city,430000,GB/T 2260\n"
                                               "431202,鹤城区,Hecheng,county,430700,GB/T 2260\n",
                                           "regions.csv"))
                            .status(),
                        "regions.csv:4:1: column 'code': '431202' does not start with '4307'");
  ExpectErrorStartsWith(
      ParseRegions(Table(std::string(kRegionHeader) + "430000,湖南省,Hunan,state,,GB/T 2260\n",
                         "regions.csv"))
          .status(),
      "regions.csv:2:4: column 'level': 'state' is not a region level");
  ExpectErrorStartsWith(
      ParseRegions(Table(std::string(kRegionHeader) + "430000,湖南省,Hunan,province,,GB/T 2260\n"
                                                      "430000,湖南,Hunan,province,,GB/T 2260\n",
                         "regions.csv"))
          .status(),
      "regions.csv:3:1: column 'code': region code '430000' appears twice");
}

TEST(RegionsTest, ParentMayFollowChildAndTownshipsHangOffCounties) {
  Result<std::vector<domain::Region>> regions = ParseRegions(Table(
      std::string(kRegionHeader) + "430703001,玉霞街道,Yuxia,township,430703,county register\n"
                                   "430703,鼎城区,Dingcheng,county,430700,GB/T 2260\n"
                                   "430700,常德市,Changde,city,430000,GB/T 2260\n"
                                   "430000,湖南省,Hunan,province,,GB/T 2260\n",
      "regions.csv"));
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  ASSERT_EQ(regions->size(), 4u);
  EXPECT_EQ((*regions)[0].level, domain::RegionLevel::kTownship);
  EXPECT_EQ((*regions)[0].parent_code, "430703");
  EXPECT_EQ((*regions)[1].name_en, "Dingcheng");
}

// ----- indicator catalogue -----

constexpr std::string_view kIndicatorHeader =
    "key,name_zh,name_en,unit,direction,source,lead_unit_type,definition,formula,aliases\n";

std::string IndicatorRow(std::string key, std::string name, std::string direction = "higher",
                         std::string source = "reported", std::string lead = "forestry",
                         std::string formula = "", std::string aliases = "") {
  return key + "," + name + ",Name,%," + direction + "," + source + "," + lead + ",Meaning," +
         formula + "," + aliases + "\n";
}

TEST(IndicatorCatalogueTest, ParsesRowsAndAliases) {
  csv::Table t =
      Table(std::string(kIndicatorHeader) +
                IndicatorRow("forest_coverage", "森林覆盖率", "higher", "computed", "forestry",
                             "forest area / land area x 100", "林木覆盖率|\"森林覆盖\"") +
                IndicatorRow("wetland_protection_rate", "湿地保护率"),
            "indicators.csv");
  Result<IndicatorCatalogue> cat = ParseIndicatorCatalogue(t);
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  ASSERT_EQ(cat->all().size(), 2u);
  const IndicatorDef* fc = cat->Find("forest_coverage");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->source, IndicatorSource::kComputed);
  EXPECT_EQ(fc->direction, Direction::kHigherIsBetter);
  EXPECT_EQ(fc->aliases, (std::vector<std::string>{"林木覆盖率", "\"森林覆盖\""}));
  EXPECT_EQ(fc->origin.file, "indicators.csv");
  EXPECT_EQ(fc->origin.line, 2);
  EXPECT_EQ(cat->FindByName("林木覆盖率"), fc);
  EXPECT_EQ(cat->FindByName(" 湿地保护率 "), cat->Find("wetland_protection_rate"));
  EXPECT_EQ(cat->Find("nope"), nullptr);
  EXPECT_EQ(cat->FindByName("无此指标"), nullptr);
}

TEST(IndicatorCatalogueTest, UnknownDirection) {
  csv::Table t =
      Table(std::string(kIndicatorHeader) + IndicatorRow("a", "甲") + IndicatorRow("b", "乙", "up"),
            "indicators.csv");
  ExpectErrorStartsWith(ParseIndicatorCatalogue(t).status(),
                        "indicators.csv:3:5: column 'direction': 'up' is not a direction");
}

TEST(IndicatorCatalogueTest, DuplicateKey) {
  csv::Table t = Table(std::string(kIndicatorHeader) + IndicatorRow("a", "甲") +
                           IndicatorRow("b", "乙") + IndicatorRow("a", "丙"),
                       "indicators.csv");
  ExpectErrorStartsWith(ParseIndicatorCatalogue(t).status(),
                        "indicators.csv:4:1: column 'key': duplicate key 'a' (first defined on "
                        "line 2)");
}

TEST(IndicatorCatalogueTest, UnknownSourceLeadTypeAndMissingFormula) {
  ExpectErrorStartsWith(
      ParseIndicatorCatalogue(
          Table(std::string(kIndicatorHeader) + IndicatorRow("a", "甲", "lower", "estimated"),
                "indicators.csv"))
          .status(),
      "indicators.csv:2:6: column 'source': 'estimated' is not an indicator source");
  ExpectErrorStartsWith(
      ParseIndicatorCatalogue(Table(std::string(kIndicatorHeader) +
                                        IndicatorRow("a", "甲", "lower", "reported", "police"),
                                    "indicators.csv"))
          .status(),
      "indicators.csv:2:7: column 'lead_unit_type': 'police' is not a known lead-unit type");
  ExpectErrorStartsWith(
      ParseIndicatorCatalogue(
          Table(std::string(kIndicatorHeader) + IndicatorRow("a", "甲", "lower", "computed"),
                "indicators.csv"))
          .status(),
      "indicators.csv:2:9: column 'formula': a computed indicator needs its formula");
  ExpectErrorStartsWith(
      ParseIndicatorCatalogue(
          Table(std::string(kIndicatorHeader) + IndicatorRow("Bad-Key", "甲"), "indicators.csv"))
          .status(),
      "indicators.csv:2:1: column 'key': 'Bad-Key' is not a valid key");
}

TEST(IndicatorCatalogueTest, AliasNamingTwoIndicatorsIsAnError) {
  csv::Table t = Table(std::string(kIndicatorHeader) + IndicatorRow("a", "甲") +
                           IndicatorRow("b", "乙", "higher", "reported", "forestry", "", "丙|甲"),
                       "indicators.csv");
  ExpectErrorStartsWith(ParseIndicatorCatalogue(t).status(),
                        "indicators.csv:3:10: column 'aliases': '甲' already names indicator 'a'");
}

TEST(IndicatorCatalogueTest, MissingColumns) {
  // A row one cell short: the CSV reader names the first missing column.
  Result<csv::Table> short_row =
      csv::Parse(std::string(kIndicatorHeader) + "a,甲,A,%,higher,reported,forestry,Meaning,\n",
                 "indicators.csv");
  ExpectErrorStartsWith(short_row.status(),
                        "indicators.csv:2:10: row has 9 cells but the header has 10");
  // A header without a required column.
  csv::Table no_aliases = Table(
      "key,name_zh,name_en,unit,direction,source,lead_unit_type,definition,formula\n"
      "a,甲,A,%,higher,reported,forestry,Meaning,\n",
      "indicators.csv");
  ExpectErrorStartsWith(ParseIndicatorCatalogue(no_aliases).status(),
                        "indicators.csv:1:1: the header lacks column 'aliases'");
  // A required cell left empty.
  csv::Table empty_name =
      Table(std::string(kIndicatorHeader) + IndicatorRow("a", ""), "indicators.csv");
  ExpectErrorStartsWith(ParseIndicatorCatalogue(empty_name).status(),
                        "indicators.csv:2:2: column 'name_zh': value is required");
}

TEST(IndicatorCatalogueTest, FromDefsRejectsDuplicates) {
  IndicatorDef a;
  a.key = "a";
  a.name_zh = "甲";
  IndicatorDef b = a;
  b.name_zh = "乙";
  Result<IndicatorCatalogue> dup = IndicatorCatalogue::FromDefs({a, b});
  ExpectErrorStartsWith(dup.status(), "indicator key 'a' is defined twice");
  b.key = "b";
  b.aliases = {"甲"};
  ExpectErrorStartsWith(IndicatorCatalogue::FromDefs({a, b}).status(),
                        "Chinese name '甲' is used by two indicators");
  b.aliases.clear();
  EXPECT_TRUE(IndicatorCatalogue::FromDefs({a, b}).ok());
}

TEST(IndicatorCatalogueTest, ShippedCatalogueHasTheCoreComputedIndicators) {
  CPK_SHIPPED(ref);
  const IndicatorCatalogue& cat = ref.indicators;
  for (std::string_view key :
       {"energy_consumption_total_calorific", "energy_consumption_total_equivalent",
        "energy_intensity", "co2_emissions_total", "ghg_emissions_total", "co2_intensity",
        "coal_share", "energy_per_capita", "co2_per_capita", "gdp_constant_2020",
        "energy_intensity_reduction", "co2_intensity_reduction", "non_fossil_share",
        "energy_consumption_total", "renewable_generation_share", "new_energy_capacity",
        "total_generation_capacity", "forest_coverage"}) {
    const IndicatorDef* def = cat.Find(key);
    ASSERT_NE(def, nullptr) << key;
    EXPECT_EQ(def->source, IndicatorSource::kComputed) << key;
    EXPECT_FALSE(def->formula.empty()) << key;
  }
  ASSERT_NE(cat.Find("population"), nullptr);
  EXPECT_EQ(cat.Find("energy_intensity")->direction, Direction::kLowerIsBetter);
  EXPECT_EQ(cat.Find("energy_intensity_reduction")->direction, Direction::kHigherIsBetter);
  EXPECT_EQ(cat.FindByName("单位GDP能耗下降率"), cat.Find("energy_intensity_reduction"));
  for (const IndicatorDef& def : cat.all()) {
    EXPECT_TRUE(IsLeadUnitType(def.lead_unit_type)) << def.key;
    EXPECT_FALSE(def.definition.empty()) << def.key;
  }
}

// Every indicator key used by the hand extractions of the three seed plans is in the catalogue,
// with a unit the plan's unit converts to.
TEST(IndicatorCatalogueTest, CoversEveryKeyOfTheReferenceExtractions) {
  const fs::path dir = fs::path(kSharedDir) / "seeds" / "reference";
  if (!fs::exists(dir)) {
    GTEST_SKIP() << "../shared/seeds/reference is absent beside the source tree; the coverage "
                    "check needs the three reference extractions";
  }
  CPK_SHIPPED(ref);
  const IndicatorCatalogue& cat = ref.indicators;
  std::set<std::string> keys;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    std::ifstream in(entry.path());
    nlohmann::json doc = nlohmann::json::parse(in);
    std::vector<const nlohmann::json*> items;
    for (const auto& t : doc["targets"]) items.push_back(&t);
    if (doc.contains("indicator_table") && doc["indicator_table"].is_array()) {
      for (const auto& t : doc["indicator_table"]) items.push_back(&t);
    }
    for (const auto& action : doc["actions"]) {
      for (const auto& task : action["tasks"]) {
        if (!task.contains("quantitative_commitments")) continue;
        for (const auto& q : task["quantitative_commitments"]) items.push_back(&q);
      }
    }
    const std::string name = entry.path().filename().string();
    for (const nlohmann::json* item : items) {
      const std::string key = item->at("indicator").get<std::string>();
      keys.insert(key);
      const IndicatorDef* def = cat.Find(key);
      EXPECT_NE(def, nullptr) << name << ": indicator key '" << key << "' is not in the catalogue";
      if (def == nullptr || !item->contains("unit") || !(*item)["unit"].is_string()) continue;
      const std::string unit = (*item)["unit"].get<std::string>();
      EXPECT_NE(def->unit, "-") << name << ": '" << key << "' has unit " << unit
                                << " in the plan but is qualitative in the catalogue";
      EXPECT_TRUE(UnitsCompatible(unit, def->unit))
          << name << ": '" << key << "' unit '" << unit << "' does not convert to the catalogue "
          << "unit '" << def->unit << "'";
    }
  }
  EXPECT_EQ(files, 3);
  EXPECT_GE(keys.size(), 200u);
}

TEST(IndicatorCatalogueTest, ShippedUnitsParse) {
  CPK_SHIPPED(ref);
  for (const IndicatorDef& def : ref.indicators.all()) {
    if (def.unit == "-") continue;
    Result<UnitInfo> unit = ParseUnit(def.unit);
    EXPECT_TRUE(unit.ok()) << def.key << ": " << unit.status().ToString();
  }
}

// ----- reference tables: malformed rows -----

TEST(ReferenceTableTest, BadNumberIsReportedAtItsCell) {
  csv::Table t = Table(
      "report,gas,gwp100,verification,source,note\n"
      "AR5,CO2,1,seen-secondary,IPCC AR5,\n"
      "AR5,CH4,twenty-eight,seen-secondary,IPCC AR5,\n",
      "refdata/gwp.csv");
  ExpectErrorStartsWith(ParseGwp(t).status(),
                        "refdata/gwp.csv:3:3: column 'gwp100': 'twenty-eight' is not a number");
}

TEST(ReferenceTableTest, VerificationTagMustBeKnown) {
  EXPECT_EQ(ParseVerification("seen-primary"), Verification::kSeenPrimary);
  EXPECT_EQ(ParseVerification("seen-secondary (code only)"), Verification::kSeenSecondary);
  EXPECT_EQ(ParseVerification("derived from seen value (/27)"), Verification::kDerived);
  EXPECT_EQ(ParseVerification("derived"), Verification::kDerived);
  EXPECT_FALSE(ParseVerification("recalled").has_value());
  EXPECT_FALSE(ParseVerification("seen-secondaryish").has_value());
  EXPECT_FALSE(ParseVerification("").has_value());
  EXPECT_EQ(VerificationName(Verification::kDerived), "derived");

  csv::Table t = Table(
      "report,gas,gwp100,verification,source,note\n"
      "AR5,CH4,28,recalled,memory,\n",
      "refdata/gwp.csv");
  ExpectErrorStartsWith(ParseGwp(t).status(),
                        "refdata/gwp.csv:2:4: column 'verification': 'recalled' is not a known "
                        "verification tag");
  csv::Table no_source = Table(
      "report,gas,gwp100,verification,source,note\n"
      "AR5,CH4,28,seen-primary,,\n",
      "refdata/gwp.csv");
  ExpectErrorStartsWith(ParseGwp(no_source).status(),
                        "refdata/gwp.csv:2:5: column 'source': value is required");
}

TEST(ReferenceTableTest, ConversionRangesAndEmptyRows) {
  const std::string header =
      "carrier_zh,carrier_en,unit,kgce_per_unit,ncv_kcal_per_unit,ncv_kj_per_unit,verification,"
      "source,note\n";
  Result<std::vector<ConversionFactor>> ok = ParseConversionFactors(
      Table(header + "原煤,raw coal,kg,0.7143,5000,,seen-secondary,GB/T 2589,\n"
                     "煤泥,slime,kg,0.2857-0.4286,2000-3000,,seen-secondary,GB/T 2589,range\n",
            "refdata/conversion_factors.csv"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_DOUBLE_EQ((*ok)[0].kgce_per_unit.value_or(0), 0.7143);
  EXPECT_DOUBLE_EQ((*ok)[1].ncv_kcal_range->high, 3000);
  EXPECT_EQ((*ok)[1].source.line, 3);

  ExpectErrorStartsWith(
      ParseConversionFactors(Table(header + "煤泥,slime,kg,0.4-0.2,,,seen-secondary,x,\n",
                                   "refdata/conversion_factors.csv"))
          .status(),
      "refdata/conversion_factors.csv:2:4: column 'kgce_per_unit': range '0.4-0.2' has its "
      "larger end first");
  ExpectErrorStartsWith(
      ParseConversionFactors(Table(header + "煤泥,slime,kg,about 0.3,,,seen-secondary,x,\n",
                                   "refdata/conversion_factors.csv"))
          .status(),
      "refdata/conversion_factors.csv:2:4: column 'kgce_per_unit': 'about 0.3' is neither");
  ExpectErrorStartsWith(
      ParseConversionFactors(
          Table(header + "煤泥,slime,kg,,,,seen-secondary,x,\n", "refdata/conversion_factors.csv"))
          .status(),
      "refdata/conversion_factors.csv:2:4: column 'kgce_per_unit': the row gives no coefficient");
}

TEST(ReferenceTableTest, PackedParametersMustMatchTheirValues) {
  const std::string header =
      "sector,set,item,activity_unit,parameter,value,unit,verification,source,note\n";
  ExpectErrorStartsWith(
      ParseEmissionFactors(Table(header + "waste,s,MSW,t,CCW;FCF;CE,0.4;0.4,fraction,derived,x,\n",
                                 "refdata/emission_factors.csv"))
          .status(),
      "refdata/emission_factors.csv:2:6: column 'value': the row lists 3 parameters but 2 values");
  ExpectErrorStartsWith(
      ParseEmissionFactors(Table(header + "energy,s,coal,t,ncv,n/a,GJ/t,seen-secondary,x,\n",
                                 "refdata/emission_factors.csv"))
          .status(),
      "refdata/emission_factors.csv:2:6: column 'value': 'n/a' is not a number");
}

TEST(ReferenceTableTest, YearsTypesAndScopes) {
  const std::string targets_header =
      "region,indicator,base_year,target_year,value,unit,type,verification,source,note\n";
  ExpectErrorStartsWith(
      ParseReferenceTargets(Table(targets_header + "全国,x,2020,2025,13.5,%,goal,seen-primary,y,\n",
                                  "refdata/targets.csv"))
          .status(),
      "refdata/targets.csv:2:7: column 'type': 'goal' is not a row type");
  ExpectErrorStartsWith(
      ParseReferenceTargets(Table(targets_header + "全国,x,2020,20.25,13.5,%,target,derived,y,\n",
                                  "refdata/targets.csv"))
          .status(),
      "refdata/targets.csv:2:4: column 'target_year': '20.25' is not a calendar year");
  ExpectErrorStartsWith(
      ParseGridFactors(Table("year,scope,region_zh,value,unit,caliber,verification,source,note\n"
                             "2023,planetary,全球,0.5,kgCO2/kWh,average,seen-primary,x,\n",
                             "refdata/grid_factors.csv"))
          .status(),
      "refdata/grid_factors.csv:2:2: column 'scope': 'planetary' is not a grid scope");
  ExpectErrorStartsWith(
      ParseBenchmarks(Table("standard,product,indicator,unit,level1,level2,level3,clause_table,"
                            "verification,source,note\n"
                            "GB 1,p,i,kgce/t,,,,t1,seen-secondary,x,\n",
                            "refdata/benchmarks.csv"))
          .status(),
      "refdata/benchmarks.csv:2:7: column 'level3': the row gives no level at all");
}

// ----- accounting vocabularies -----

TEST(VocabularyTest, ShippedCarriersCoverTheBalanceColumnsAndConvert) {
  CPK_SHIPPED(ref);
  EXPECT_EQ(ref.energy_carriers.size(), 30u);
  const EnergyCarrier* coal = FindCarrier(ref, "raw_coal");
  ASSERT_NE(coal, nullptr);
  EXPECT_EQ(coal->name_zh, "原煤");
  EXPECT_EQ(coal->unit, "t");
  EXPECT_TRUE(coal->coal);
  EXPECT_EQ(coal->fossil, FossilClass::kFossil);
  const ConversionFactor* coal_cf = FindConversionFactor(ref, coal->conversion_row);
  ASSERT_NE(coal_cf, nullptr);
  EXPECT_DOUBLE_EQ(*coal_cf->kgce_per_unit, 0.7143);
  EXPECT_EQ(coal->origin.file, "energy_carriers.csv");
  EXPECT_EQ(coal->origin.line, 2);

  const EnergyCarrier* electricity = FindCarrier(ref, "electricity");
  ASSERT_NE(electricity, nullptr);
  EXPECT_EQ(electricity->fossil, FossilClass::kSecondary);
  EXPECT_FALSE(electricity->coal);
  EXPECT_DOUBLE_EQ(*FindConversionFactor(ref, electricity->conversion_row)->kgce_per_unit, 0.1229);

  const EnergyCarrier* gas = FindCarrier(ref, "natural_gas");
  ASSERT_NE(gas, nullptr);
  EXPECT_EQ(gas->ef_items, (std::vector<std::string>{"天然气 natural gas", "Natural Gas (Dry)"}));
  EXPECT_TRUE(UnitsCompatible(gas->unit, "m³"));
  EXPECT_FALSE(UnitsCompatible(gas->unit, "t"));
  for (const EnergyCarrier& c : ref.energy_carriers) {
    EXPECT_TRUE(ParseUnit(c.unit).ok()) << c.code;
    EXPECT_FALSE(c.origin.source.empty()) << c.code;
  }
  EXPECT_EQ(FindCarrier(ref, "coal"), nullptr);
}

TEST(VocabularyTest, ShippedSectorsFollowTheBalanceRowsAndIndustryDivisions) {
  CPK_SHIPPED(ref);
  EXPECT_GE(ref.sectors.size(), 60u);
  const Sector* cement = FindSector(ref, "ind_nonmetallic");
  ASSERT_NE(cement, nullptr);
  EXPECT_EQ(cement->parent, "industry");
  EXPECT_EQ(cement->group, "secondary");
  EXPECT_EQ(cement->industry_code, "30");
  EXPECT_EQ(cement->scope, "above_scale");
  EXPECT_TRUE(cement->fuel_combustion);
  const Sector* power = FindSector(ref, "tr_thermal_power");
  ASSERT_NE(power, nullptr);
  EXPECT_EQ(power->kind, SectorKind::kTransformation);
  EXPECT_TRUE(power->fuel_combustion);
  EXPECT_FALSE(FindSector(ref, "tr_coking")->fuel_combustion);
  EXPECT_EQ(FindSector(ref, "residential_rural")->parent, "residential");
  std::map<std::string, int> groups;
  for (const Sector& s : ref.sectors) {
    if (s.kind == SectorKind::kFinal) ++groups[s.group];
  }
  EXPECT_EQ(groups["primary"], 1);
  EXPECT_EQ(groups["tertiary"], 3);
  EXPECT_EQ(groups["residential"], 3);
  EXPECT_EQ(groups["secondary"],
            1 + 41 + 1 + 1);  // industry, 41 divisions, below scale, construction
}

TEST(VocabularyTest, CarrierRowsAreChecked) {
  const std::string header =
      "code,name_zh,name_en,unit,fossil,coal,group,conversion_row,ef_items,source,note\n";
  ExpectErrorStartsWith(
      ParseEnergyCarriers(Table(header + "raw_coal,原煤,raw coal,barrels,yes,yes,coal,,,NBS,\n",
                                "energy_carriers.csv"))
          .status(),
      "energy_carriers.csv:2:4: column 'unit': unknown unit");
  ExpectErrorStartsWith(
      ParseEnergyCarriers(
          Table(header + "raw_coal,原煤,raw coal,t,maybe,yes,coal,,,NBS,\n", "energy_carriers.csv"))
          .status(),
      "energy_carriers.csv:2:5: column 'fossil': 'maybe' is not a fossil class");
  ExpectErrorStartsWith(
      ParseEnergyCarriers(
          Table(header + "biomass,生物质,biomass,t,no,yes,biomass,,,NBS,\n", "energy_carriers.csv"))
          .status(),
      "energy_carriers.csv:2:6: column 'coal': a coal carrier must be fossil");
  ExpectErrorStartsWith(
      ParseEnergyCarriers(Table(header + "a,甲,a,t,yes,no,oil,,,NBS,\na,乙,b,t,yes,no,oil,,,NBS,\n",
                                "energy_carriers.csv"))
          .status(),
      "energy_carriers.csv:3:1: column 'code': duplicate code 'a' (first defined on line 2)");
  ExpectErrorStartsWith(
      ParseEnergyCarriers(Table(header + "a,甲,a,t,yes,no,petrol,,,NBS,\n", "energy_carriers.csv"))
          .status(),
      "energy_carriers.csv:2:7: column 'group': 'petrol' is not a carrier group");
}

TEST(VocabularyTest, SectorRowsAreChecked) {
  const std::string header =
      "code,name_zh,name_en,kind,parent,group,industry_code,scope,fuel_combustion,source,note\n";
  auto parse = [&](const std::string& rows) {
    return ParseSectors(Table(header + rows, "sectors.csv")).status();
  };
  ExpectErrorStartsWith(parse("ind,工业,industry,final,,,,all,yes,NBS,\n"),
                        "sectors.csv:2:6: column 'group': a final-consumption sector needs its "
                        "group");
  ExpectErrorStartsWith(parse("a,甲,a,final,b,primary,,all,yes,NBS,\n"),
                        "sectors.csv:2:5: column 'parent': parent sector 'b' is not in this file");
  ExpectErrorStartsWith(parse("a,甲,a,final,b,primary,,all,yes,NBS,\n"
                              "b,乙,b,transformation,,,,all,no,NBS,\n"),
                        "sectors.csv:2:5: column 'parent': parent 'b' is a transformation sector");
  ExpectErrorStartsWith(parse("a,甲,a,final,b,primary,,all,yes,NBS,\n"
                              "b,乙,b,final,a,primary,,all,yes,NBS,\n"),
                        "sectors.csv:2:5: column 'parent': the parent chain of 'a' loops");
  ExpectErrorStartsWith(parse("a,甲,a,final,,primary,,all,maybe,NBS,\n"),
                        "sectors.csv:2:9: column 'fuel_combustion': 'maybe' is not yes or no");
  ExpectErrorStartsWith(parse("a,甲,a,supply,,primary,,all,no,NBS,\n"),
                        "sectors.csv:2:6: column 'group': only final-consumption sectors");
}

// ----- LoadRefData on a copy of the data directory -----

class LoadRefDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::path(::testing::TempDir()) /
        ("refdata_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::copy(kDataDir, dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& relative, const std::string& text) {
    std::ofstream out(dir_ / relative, std::ios::binary | std::ios::trunc);
    out << text;
  }

  fs::path dir_;
};

TEST_F(LoadRefDataTest, CopyLoads) {
  Result<RefData> ref = LoadRefData(dir_.string());
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
}

TEST_F(LoadRefDataTest, UnknownTableFileIsRejected) {
  Write("refdata/mystery.csv", "a,b\n1,2\n");
  Result<RefData> ref = LoadRefData(dir_.string());
  ExpectErrorStartsWith(ref.status(), "refdata/mystery.csv: not a known reference table");
  EXPECT_NE(ref.status().message().find(dir_.string()), std::string::npos);
}

TEST_F(LoadRefDataTest, MissingTableIsNotFound) {
  fs::remove(dir_ / "refdata" / "gwp.csv");
  Result<RefData> ref = LoadRefData(dir_.string());
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), StatusCode::kNotFound);
  ExpectErrorStartsWith(ref.status(), "refdata/gwp.csv: the reference table is missing");
}

TEST_F(LoadRefDataTest, MissingCatalogueIsNotFound) {
  fs::remove(dir_ / "indicators.csv");
  Result<RefData> ref = LoadRefData(dir_.string());
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ref.status().message().find("indicators.csv"), std::string::npos);
}

TEST_F(LoadRefDataTest, CeadsCountyMustBeAKnownRegion) {
  Write("refdata/county_co2_extra.csv",
        "distcode,county_zh,county_en,city_zh,province_zh,year,co2_mt,unit,verification,source\n"
        "430111,雨花区,Yuhua,长沙市,湖南省,2017,1.0,MtCO2,seen-secondary,CEADs\n");
  ExpectErrorStartsWith(LoadRefData(dir_.string()).status(),
                        "refdata/county_co2_extra.csv:2:1: column 'distcode': region '430111' "
                        "is not in regions.csv");
}

TEST_F(LoadRefDataTest, MissingVocabularyIsNotFound) {
  fs::remove(dir_ / "sectors.csv");
  Result<RefData> ref = LoadRefData(dir_.string());
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ref.status().message().find("sectors.csv"), std::string::npos);
}

TEST_F(LoadRefDataTest, CarrierConversionRowMustExistAndFitTheUnit) {
  const std::string header =
      "code,name_zh,name_en,unit,fossil,coal,group,conversion_row,ef_items,source,note\n";
  Write("energy_carriers.csv", header + "raw_coal,原煤,raw coal,t,yes,yes,coal,原煤煤,,NBS,\n");
  ExpectErrorStartsWith(LoadRefData(dir_.string()).status(),
                        "energy_carriers.csv:2:8: column 'conversion_row': '原煤煤' is not a "
                        "carrier_zh of refdata/conversion_factors.csv");
  Write("energy_carriers.csv",
        header + "natural_gas,天然气,natural gas,t,yes,no,natural_gas,天然气(气田),,NBS,\n");
  ExpectErrorStartsWith(LoadRefData(dir_.string()).status(),
                        "energy_carriers.csv:2:8: column 'conversion_row': the conversion row "
                        "'天然气(气田)' is per m3, which does not fit the carrier's unit t");
}

TEST_F(LoadRefDataTest, ErrorInAShippedFileNamesItsRow) {
  std::ifstream in(dir_ / "regions.csv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  in.close();
  Write("regions.csv", text.str() + "431299,某区,Somewhere,county,439900,GB/T 2260\n");
  ExpectErrorStartsWith(LoadRefData(dir_.string()).status(),
                        "regions.csv:12:5: column 'parent_code': parent region '439900'");
}

}  // namespace
}  // namespace carbonpeak::refdata
