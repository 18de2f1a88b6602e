#include "app/statistics.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/csv.h"
#include "base/file.h"
#include "base/xlsx/xlsx.h"
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

// The CSV rows of `csv_text` as a workbook with one sheet per section (as the template lays
// them out), value and year as numbers; `extra` sheets are added as they are.
std::string CsvToXlsx(std::string_view csv_text, std::vector<xlsx::SheetData> extra = {}) {
  auto table = csv::Parse(csv_text, "in.csv");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  std::vector<xlsx::SheetData> sheets;
  for (const char* section : {"energy", "activity", "economy"}) {
    xlsx::SheetData sheet;
    sheet.name = section;
    std::vector<xlsx::Cell> header;
    for (const std::string& h : table->header()) header.push_back(xlsx::Cell::Text(h));
    sheet.rows.push_back(header);
    for (const csv::Row& row : table->rows()) {
      if (row.cells[2] != section) continue;
      std::vector<xlsx::Cell> cells;
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const std::string& c = row.cells[i];
        char* end = nullptr;
        double v = c.empty() ? 0 : std::strtod(c.c_str(), &end);
        if ((i == 1 || i == 7) && !c.empty() && end != nullptr && *end == '\0') {
          cells.push_back(xlsx::Cell::Number(v));
        } else {
          cells.push_back(c.empty() ? xlsx::Cell::Empty() : xlsx::Cell::Text(c));
        }
      }
      sheet.rows.push_back(cells);
    }
    sheets.push_back(sheet);
  }
  for (xlsx::SheetData& s : extra) sheets.push_back(std::move(s));
  auto bytes = xlsx::WriteWorkbook(sheets);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

TEST_F(StatisticsTest, XlsxImportStoresEveryValueWithItsSheetAndCell) {
  xlsx::SheetData notes;
  notes.name = "README";
  notes.rows = {{xlsx::Cell::Text("anything at all")}};
  auto r = ImportStatisticsXlsx(*platform_, CsvToXlsx(kGood, {notes}), "dc_2023.xlsx",
                                {.author = "统计局"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stored, 9u);
  EXPECT_EQ(FigureCount(), 9u);
  store::FigureKey diesel{"430703", "energy.final_consumption", "2023",
                          "carrier=diesel;sector=transport"};
  auto rev = platform_->store().figures().Get(diesel);
  ASSERT_TRUE(rev.ok()) << rev.status().ToString();
  EXPECT_DOUBLE_EQ(rev->value, 30000);
  // Energy sheet: header, inflow electricity, industry, transport diesel (row 4), column H.
  EXPECT_EQ(rev->source, "dc_2023.xlsx#energy:4:8");
  auto pop = platform_->store().figures().Get({"430703", "economy.population", "2023", ""});
  ASSERT_TRUE(pop.ok());
  EXPECT_DOUBLE_EQ(pop->value, 72.5);
  EXPECT_EQ(pop->source, "dc_2023.xlsx#economy:3:8");
}

TEST_F(StatisticsTest, XlsxProblemsNameSheetAndCellAndStoreNothing) {
  std::string bad =
      "region_code,year,section,flow,sector,carrier,item,value,unit,name,note\n"
      "430703,2023,economy,,,,gdp_constant_2020,5200000,万元,,\n"
      "430703,2023,energy,final_consumption,industry,coal,,100,t,,\n"
      "430703,2023,energy,final_consumption,transport,diesel,,1x,t,,\n"
      "430703,2023,activity,livestock,,,pig,10,头,,\n";
  auto r = ImportStatisticsXlsx(*platform_, CsvToXlsx(bad), "bad.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const std::string m = r.status().message();
  EXPECT_NE(m.find("problems in bad.xlsx; nothing was stored"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.xlsx#energy!F2 (carrier): unknown energy carrier 'coal'"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("bad.xlsx#energy!H3 (value): '1x' is not a number"), std::string::npos) << m;
  EXPECT_NE(m.find("bad.xlsx#activity!G2 (item): unknown livestock item 'pig'"), std::string::npos)
      << m;
  // Checked across the sheets: population is mandatory for 2023.
  EXPECT_NE(m.find("bad.xlsx: 年末常住人口 (population, 万人) of 430703 for 2023 is missing"),
            std::string::npos)
      << m;
  EXPECT_EQ(FigureCount(), 0u);

  // One figure on two sheets.
  xlsx::SheetData more;
  more.name = "more energy";
  more.rows = {{}, {}};
  for (std::string_view c : kStatisticsColumns)
    more.rows[0].push_back(xlsx::Cell::Text(std::string(c)));
  for (const char* c :
       {"430703", "2023", "energy", "final_consumption", "transport", "diesel", "", "31000", "t"}) {
    more.rows[1].push_back(*c ? xlsx::Cell::Text(c) : xlsx::Cell::Empty());
  }
  r = ImportStatisticsXlsx(*platform_, CsvToXlsx(kGood, {more}), "dup.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(
                "dup.xlsx#more energy row 2: this figure is given twice (also on row 4 of sheet "
                "energy)"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(FigureCount(), 0u);
}

TEST_F(StatisticsTest, DamagedOrForeignWorkbooksAreRefusedClearly) {
  auto r = ImportStatisticsXlsx(*platform_, "not a zip", "x.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("x.xlsx: not an .xlsx workbook"), std::string::npos)
      << r.status().message();
  xlsx::SheetData other;
  other.name = "Sheet1";
  other.rows = {{xlsx::Cell::Text("地区"), xlsx::Cell::Text("数值")}};
  auto bytes = xlsx::WriteWorkbook({other});
  ASSERT_TRUE(bytes.ok());
  r = ImportStatisticsXlsx(*platform_, *bytes, "x.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no sheet has the template's columns"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("'Sheet1'"), std::string::npos);
}

TEST_F(StatisticsTest, XlsxTemplateHasAReadmeAndOneSheetPerSection) {
  auto bytes = StatisticsTemplateXlsx(*platform_, "430703", 2023);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto book = xlsx::ReadWorkbook(*bytes, "t.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  ASSERT_EQ(book->sheets.size(), 4u);
  EXPECT_EQ(book->sheets[0].name, "README");
  EXPECT_EQ(book->sheets[1].name, "energy");
  EXPECT_EQ(book->sheets[2].name, "activity");
  EXPECT_EQ(book->sheets[3].name, "economy");
  auto csv_rows = StatisticsTemplateRows(platform_->refdata(), "430703", 2023);
  ASSERT_TRUE(csv_rows.ok());
  size_t data_rows = 0;
  for (size_t i = 1; i < 4; ++i) {
    const xlsx::Sheet& s = book->sheets[i];
    EXPECT_EQ(s.frozen_rows, 1);
    ASSERT_EQ(s.ColumnCount(), static_cast<int>(std::size(kStatisticsColumns)));
    for (int c = 1; c <= s.ColumnCount(); ++c) {
      EXPECT_EQ(s.At(1, c)->text, kStatisticsColumns[c - 1]);
    }
    data_rows += s.rows.size() - 1;
    for (size_t r = 2; r <= s.rows.size(); ++r) {
      EXPECT_EQ(s.At(static_cast<int>(r), 3)->text, s.name);                   // section
      EXPECT_EQ(s.At(static_cast<int>(r), 2)->type, xlsx::CellType::kNumber);  // year
      EXPECT_DOUBLE_EQ(s.At(static_cast<int>(r), 2)->number, 2023);
      EXPECT_EQ(s.At(static_cast<int>(r), 8), nullptr);  // value blank
    }
  }
  EXPECT_EQ(data_rows, csv_rows->size());
  bool swine = false;
  const xlsx::Sheet& activity = book->sheets[2];
  for (int r = 2; r <= static_cast<int>(activity.rows.size()); ++r) {
    if (activity.At(r, 7) && activity.At(r, 7)->text == "swine") {
      swine = activity.At(r, 9)->text == "头";
    }
  }
  EXPECT_TRUE(swine);
  // The README lists every carrier with its unit.
  const xlsx::Sheet& readme = book->sheets[0];
  bool diesel = false;
  for (int r = 1; r <= static_cast<int>(readme.rows.size()); ++r) {
    const xlsx::Cell* code = readme.At(r, 2);
    if (code && code->text == "diesel") {
      diesel = readme.At(r, 3)->text == "t" && readme.At(r, 4)->text.find("柴油") == 0;
    }
  }
  EXPECT_TRUE(diesel);
  // A blank template imports as "no value", not as zeros.
  auto r = ImportStatisticsXlsx(*platform_, *bytes, "t.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("t.xlsx: no row has a value"), std::string::npos)
      << r.status().message();
}

TEST_F(StatisticsTest, XlsxExportImportsBackToTheSameFigures) {
  ASSERT_TRUE(ImportStatisticsCsv(*platform_, kGood, "dc.csv", {}).ok());
  const std::string dir = ::testing::TempDir() + "/cpk_statistics_xlsx";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/export 2023.xlsx";
  ASSERT_TRUE(WriteStatisticsExport(*platform_, "430703", 2023, path).ok());
  ASSERT_TRUE(WriteStatisticsTemplate(*platform_, "430703", 2023, dir + "/t.csv").ok());
  EXPECT_EQ(ReadFile(dir + "/t.csv")->substr(0, 3), "\xEF\xBB\xBF");
  auto wrong = WriteStatisticsExport(*platform_, "430703", 2023, dir + "/export.ods");
  EXPECT_EQ(wrong.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteStatisticsExport(*platform_, "430703", 2019, dir + "/none.xlsx").code(),
            StatusCode::kNotFound);

  Options options;
  options.resource_dir = CPK_DATA_DIR;
  options.database = ":memory:";
  auto other = Platform::Open(options, clock_);
  ASSERT_TRUE(other.ok());
  auto again = ImportStatisticsFile(**other, path, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->stored, 9u);
  auto a = StoredStatisticsRows(*platform_, "430703", 2023);
  auto b = StoredStatisticsRows(**other, "430703", 2023);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ(RowToFigure((*a)[i]).key, RowToFigure((*b)[i]).key);
    EXPECT_EQ((*a)[i].value, (*b)[i].value);  // exactly
    EXPECT_EQ((*a)[i].unit, (*b)[i].unit);
    EXPECT_EQ((*b)[i].provenance.file, "export 2023.xlsx");
    EXPECT_EQ((*b)[i].provenance.sheet, std::string(StatisticsSectionName((*b)[i].section)));
  }
  std::filesystem::remove_all(dir);
}

TEST(ImportProblemTest, SpreadsheetCellsUseTheirOwnNames) {
  EXPECT_EQ((ImportProblem{"a.csv", "", 3, 8, "value", "bad"}).ToString(),
            "a.csv:3:8 (value): bad");
  EXPECT_EQ((ImportProblem{"a.xlsx", "energy", 12, 8, "value", "bad"}).ToString(),
            "a.xlsx#energy!H12 (value): bad");
  EXPECT_EQ((ImportProblem{"a.xlsx", "energy", 12, 0, "", "twice"}).ToString(),
            "a.xlsx#energy row 12: twice");
  EXPECT_EQ((ImportProblem{"a.xlsx", "", 0, 0, "", "missing"}).ToString(), "a.xlsx: missing");
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
