#include "app/statistics.h"

#include <gtest/gtest.h>

#include <string>

#include "base/csv.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::app {
namespace {

// A small hand-made county-year: 鼎城区 2023.
constexpr std::string_view kGood =
    "region_code,year,section,flow,sector,carrier,item,value,unit,name,note\n"
    "430703,2023,economy,,,,gdp_constant_2020,5200000,万元,,\n"
    "430703,2023,economy,,,,population,72.5,万人,,\n"
    "430703,2023,economy,,primary,,gdp_constant_2020,800000,万元,,\n"
    "430703,2023,energy,inflow,,electricity,,200000,万kWh,,\n"
    "430703,2023,energy,final_consumption,industry,electricity,,150000,万kWh,,\n"
    "430703,2023,energy,final_consumption,transport,diesel,,30000,t,,\n"
    "430703,2023,energy,inflow,,diesel,,30000,t,,\n"
    "430703,2023,energy,final_consumption,residential_urban,electricity,,50000,万kWh,,\n"
    "430703,2023,activity,livestock,,,swine,250000,头,,\n"
    "430703,2023,energy,final_consumption,commerce,lpg,,,t,,\n";  // blank: not reported

class StatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
  }

  size_t FigureCount() { return platform_->store().figures().List("430703").value().size(); }

  FakeClock clock_;
  std::unique_ptr<Platform> platform_;
};

TEST_F(StatisticsTest, ImportStoresEveryValueWithItsCell) {
  auto r = ImportStatisticsCsv(*platform_, kGood, "dc_2023.csv", {.author = "统计局"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stored, 9u);  // the blank lpg row is not stored
  EXPECT_EQ(r->years, std::vector<int>{2023});
  EXPECT_EQ(FigureCount(), 9u);

  store::FigureKey diesel{"430703", "energy.final_consumption", "2023",
                          "carrier=diesel;sector=transport"};
  auto rev = platform_->store().figures().Get(diesel);
  ASSERT_TRUE(rev.ok()) << rev.status().ToString();
  EXPECT_DOUBLE_EQ(rev->value, 30000);
  EXPECT_EQ(rev->unit, "t");
  EXPECT_EQ(rev->author, "统计局");
  EXPECT_EQ(rev->source, "dc_2023.csv:7:8");  // line 7, column 8 (value)

  store::FigureKey gdp_primary{"430703", "economy.gdp_constant_2020", "2023", "industry=primary"};
  EXPECT_DOUBLE_EQ(platform_->store().figures().Get(gdp_primary)->value, 800000);
}

TEST_F(StatisticsTest, ReimportAddsRevisionsAndKeepsHistory) {
  ASSERT_TRUE(ImportStatisticsCsv(*platform_, kGood, "v1.csv", {}).ok());
  std::string corrected(kGood);
  corrected.replace(corrected.find("72.5"), 4, "72.8");
  ASSERT_TRUE(ImportStatisticsCsv(*platform_, corrected, "v2.csv", {}).ok());
  auto history = platform_->store().figures().History({"430703", "economy.population", "2023", ""});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_DOUBLE_EQ((*history)[0].value, 72.5);
  EXPECT_DOUBLE_EQ((*history)[1].value, 72.8);
  EXPECT_EQ((*history)[1].source, "v2.csv:3:8");
}

TEST_F(StatisticsTest, EveryProblemIsReportedAndNothingStored) {
  std::string bad =
      "region_code,year,section,flow,sector,carrier,item,value,unit,name,note\n"
      "430703,2023,economy,,,,gdp_constant_2020,5200000,万元,,\n"
      "430703,2023,energy,final_consumption,industry,coal,,100,t,,\n"        // carrier
      "430703,2023,energy,final_consumption,transport,diesel,,100,万m³,,\n"  // unit
      "430703,2023,energy,inflow,,electricity,,-5,万kWh,,\n"                 // negative
      "430703,2023,energy,final_consumption,cement,diesel,,10,t,,\n"         // sector
      "430703,2023,activity,livestock,,,pig,10,头,,\n"                       // item
      "430703,20x3,economy,,,,population,70,万人,,\n"                        // year
      "430703,2023,energy,final_consumption,residential,diesel,,1x,t,,\n";   // value
  auto r = ImportStatisticsCsv(*platform_, bad, "bad.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const std::string m = r.status().message();
  EXPECT_NE(m.find("nothing was stored"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.csv:3:6 (carrier): unknown energy carrier 'coal'"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.csv:4:9 (unit): 柴油 (diesel) is measured in t"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.csv:5:8 (value): inflow amounts cannot be negative"), std::string::npos)
      << m;
  EXPECT_NE(m.find("bad.csv:6:5 (sector): unknown sector code 'cement'"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.csv:7:7 (item): unknown livestock item 'pig'"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.csv:8:2 (year)"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.csv:9:8 (value): '1x' is not a number"), std::string::npos) << m;
  // Population of 2023 is missing once the bad year row is left out.
  EXPECT_NE(m.find("年末常住人口 (population, 万人) of 430703 for 2023 is missing"),
            std::string::npos)
      << m;
  EXPECT_EQ(FigureCount(), 0u);
}

TEST_F(StatisticsTest, DuplicateAndParentChildRowsAreRefused) {
  std::string dup(kGood);
  dup += "430703,2023,energy,final_consumption,transport,diesel,,31000,t,,\n";
  auto r = ImportStatisticsCsv(*platform_, dup, "dup.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("dup.csv:12: this figure is given twice (also on row 7)"),
            std::string::npos)
      << r.status().message();

  std::string both(kGood);
  both += "430703,2023,energy,final_consumption,ind_nonmetallic,electricity,,1000,万kWh,,\n";
  r = ImportStatisticsCsv(*platform_, both, "both.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("report either the total or its parts"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(FigureCount(), 0u);
}

TEST_F(StatisticsTest, MissingColumnsAndEmptyFile) {
  auto r = ImportStatisticsCsv(*platform_, "region_code,year,value\n430703,2023,1\n", "x.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("the header lacks the column(s) section, flow"),
            std::string::npos)
      << r.status().message();
  auto tmpl = StatisticsTemplateCsv(*platform_, "430703", 2023);
  ASSERT_TRUE(tmpl.ok());
  r = ImportStatisticsCsv(*platform_, *tmpl, "template.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no row has a value"), std::string::npos);
}

TEST_F(StatisticsTest, TemplateListsCodesAndUnitsAndExportRoundTrips) {
  auto tmpl = StatisticsTemplateCsv(*platform_, "430703", 2023);
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  auto table = csv::Parse(*tmpl, "t.csv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->header().size(), std::size(kStatisticsColumns));
  bool has_swine = false, has_gdp = false;
  for (const csv::Row& row : table->rows()) {
    if (row.cells[6] == "swine") has_swine = row.cells[8] == "头" && row.cells[7].empty();
    if (row.cells[6] == "gdp_constant_2020" && row.cells[4].empty()) has_gdp = true;
  }
  EXPECT_TRUE(has_swine);
  EXPECT_TRUE(has_gdp);
  EXPECT_FALSE(StatisticsTemplateCsv(*platform_, "999999", 2023).ok());

  ASSERT_TRUE(ImportStatisticsCsv(*platform_, kGood, "dc.csv", {}).ok());
  auto exported = ExportStatisticsCsv(*platform_, "430703", 2023);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  // The export is itself a valid import file with the same figures.
  Options options;
  options.resource_dir = CPK_DATA_DIR;
  options.database = ":memory:";
  auto other = Platform::Open(options, clock_);
  ASSERT_TRUE(other.ok());
  auto again = ImportStatisticsCsv(**other, *exported, "export.csv", {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->stored, 9u);
  auto a = StoredStatisticsRows(*platform_, "430703", 2023);
  auto b = StoredStatisticsRows(**other, "430703", 2023);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ(RowToFigure((*a)[i]).key, RowToFigure((*b)[i]).key);
    EXPECT_DOUBLE_EQ((*a)[i].value, (*b)[i].value);
    EXPECT_EQ((*a)[i].unit, (*b)[i].unit);
  }
  EXPECT_EQ(ExportStatisticsCsv(*platform_, "430703", 2019).status().code(), StatusCode::kNotFound);
}

TEST(CellSourceTest, FormatsAndParses) {
  domain::ActivityProvenance p{"energy 2023.xlsx", "能源", 12, 8};
  EXPECT_EQ(FormatCellSource(p), "energy 2023.xlsx#能源:12:8");
  domain::ActivityProvenance q = ParseCellSource(FormatCellSource(p));
  EXPECT_EQ(q.file, p.file);
  EXPECT_EQ(q.sheet, p.sheet);
  EXPECT_EQ(q.row, 12);
  EXPECT_EQ(q.column, 8);
  domain::ActivityProvenance c = ParseCellSource("a:b.csv:3:4");
  EXPECT_EQ(c.file, "a:b.csv");
  EXPECT_EQ(c.row, 3);
  EXPECT_EQ(ParseCellSource("api").row, 0);
}

}  // namespace
}  // namespace carbonpeak::app
