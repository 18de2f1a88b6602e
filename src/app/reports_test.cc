// The .xlsx reports, opened with the xlsx reader and checked against the computed results of the
// SYNTHETIC demo county (鼎城区 2020–2024).
#include "app/reports.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "app/statistics.h"
#include "base/file.h"
#include "base/xlsx/xlsx.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::app {
namespace {

class ReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p).release();
    ASSERT_TRUE(platform_->LoadDemo().ok());
    auto loaded = LoadDemoStatistics(*platform_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  }
  static void TearDownTestSuite() {
    delete platform_;
    platform_ = nullptr;
  }

  static xlsx::Workbook Open(const Result<std::string>& bytes) {
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    if (!bytes.ok()) return {};
    auto book = xlsx::ReadWorkbook(*bytes, "report.xlsx");
    EXPECT_TRUE(book.ok()) << book.status().ToString();
    return book.ok() ? *book : xlsx::Workbook{};
  }

  // The number at (row, column); NaN when the cell is not a number.
  static double At(const xlsx::Sheet& s, int row, int column) {
    const xlsx::Cell* c = s.At(row, column);
    return c != nullptr && c->type == xlsx::CellType::kNumber ? c->number : std::nan("");
  }
  static std::string TextAt(const xlsx::Sheet& s, int row, int column) {
    const xlsx::Cell* c = s.At(row, column);
    return c != nullptr ? c->ToText() : "";
  }
  // Whether column 1 or 4 of any row of `s` contains `needle`.
  static bool Mentions(const xlsx::Sheet& s, std::string_view needle) {
    for (int r = 1; r <= static_cast<int>(s.rows.size()); ++r) {
      for (int c = 1; c <= 4; ++c) {
        if (TextAt(s, r, c).find(needle) != std::string::npos) return true;
      }
    }
    return false;
  }

  static inline FakeClock clock_;
  static inline Platform* platform_ = nullptr;
};

TEST_F(ReportsTest, BalanceSheetsCarryTheComputedFigures) {
  auto b = ComputeRegionBalance(*platform_, "430703", 2023, {});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE(b->total_equivalent.has_value());
  xlsx::Workbook book = Open(BalanceXlsx(*platform_, "430703", 2023, {}));
  ASSERT_EQ(book.sheets.size(), 7u);
  EXPECT_EQ(book.sheets[0].name, "summary 概况");
  EXPECT_TRUE(Mentions(book.sheets[0], "SYNTHETIC"));

  const xlsx::Sheet* physical = book.Find("physical 实物量");
  const xlsx::Sheet* calorific = book.Find("tce 当量值");
  const xlsx::Sheet* equivalent = book.Find("tce 等价值");
  ASSERT_TRUE(physical && calorific && equivalent);
  EXPECT_EQ(physical->frozen_rows, 1);
  ASSERT_EQ(physical->rows.size(), b->carriers.size() + 1);
  ASSERT_EQ(calorific->rows.size(), b->carriers.size() + 2);  // + total
  for (size_t i = 0; i < b->carriers.size(); ++i) {
    const domain::CarrierBalance& c = b->carriers[i];
    const int r = static_cast<int>(i + 2);
    EXPECT_EQ(TextAt(*physical, r, 1), c.carrier);
    EXPECT_EQ(TextAt(*physical, r, 3), c.unit);
    EXPECT_EQ(At(*physical, r, 4), c.physical.production) << c.carrier;
    EXPECT_EQ(At(*physical, r, 5), c.physical.inflow) << c.carrier;
    EXPECT_EQ(At(*physical, r, 11), c.physical.final_consumption) << c.carrier;
    EXPECT_EQ(At(*physical, r, 12), c.physical.supply) << c.carrier;
    EXPECT_EQ(At(*physical, r, 14), c.physical.residual) << c.carrier;
    EXPECT_EQ(TextAt(*physical, r, 15), c.closes ? "TRUE" : "FALSE");
    EXPECT_EQ(At(*calorific, r, 13), c.tce_calorific.consumption) << c.carrier;
    EXPECT_EQ(At(*calorific, r, 15), c.tce_per_unit_calorific) << c.carrier;
  }
  const int total = static_cast<int>(b->carriers.size() + 2);
  EXPECT_EQ(TextAt(*calorific, total, 1), "total");
  EXPECT_EQ(At(*calorific, total, 13), b->total_calorific.consumption);
  EXPECT_EQ(At(*calorific, total, 14), b->total_calorific.residual);
  EXPECT_EQ(At(*equivalent, total, 13), b->total_equivalent->consumption);
  EXPECT_GT(b->total_equivalent->consumption, b->total_calorific.consumption);

  const xlsx::Sheet* entries = book.Find("entries 明细");
  ASSERT_NE(entries, nullptr);
  ASSERT_EQ(entries->rows.size(), b->entries.size() + 1);
  double final_tce = 0;
  for (int r = 2; r <= static_cast<int>(entries->rows.size()); ++r) {
    if (TextAt(*entries, r, 1) == "final_consumption") final_tce += At(*entries, r, 6);
  }
  EXPECT_NEAR(final_tce, b->total_calorific.final_consumption,
              1e-9 * b->total_calorific.final_consumption);

  // Every conversion coefficient with its origin; reference rows with their citation.
  const xlsx::Sheet* factors = book.Find("factors 折标系数");
  ASSERT_NE(factors, nullptr);
  ASSERT_EQ(factors->rows.size(), b->factors.size() + 1);
  for (size_t i = 0; i < b->factors.size(); ++i) {
    const int r = static_cast<int>(i + 2);
    EXPECT_EQ(TextAt(*factors, r, 1), domain::FactorKeyText(b->factors[i].key));
    EXPECT_EQ(At(*factors, r, 2), b->factors[i].value);
    if (b->factors[i].origin.kind == domain::FactorOriginKind::kReference) {
      EXPECT_FALSE(TextAt(*factors, r, 9).empty()) << TextAt(*factors, r, 1);
    }
  }
}

TEST_F(ReportsTest, InventorySectorByGasAddsUpToTheTotals) {
  auto inv = ComputeRegionInventory(*platform_, "430703", 2023, {});
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  xlsx::Workbook book = Open(InventoryXlsx(*platform_, "430703", 2023, {}));
  ASSERT_EQ(book.sheets.size(), 5u);
  EXPECT_TRUE(Mentions(book.sheets[0], "SYNTHETIC"));

  const xlsx::Sheet* pivot = book.Find("sector x gas 部门气体");
  ASSERT_NE(pivot, nullptr);
  const int last = static_cast<int>(pivot->rows.size());
  EXPECT_EQ(TextAt(*pivot, last, 1), "total 合计");
  EXPECT_EQ(At(*pivot, last, 5), inv->totals.co2_t);
  EXPECT_EQ(At(*pivot, last, 8), inv->totals.net_co2e_t);
  double co2e = 0, ch4 = 0, combustion_co2 = 0;
  for (int r = 2; r < last; ++r) {
    co2e += At(*pivot, r, 8);
    ch4 += At(*pivot, r, 6);
    if (TextAt(*pivot, r, 2) == "combustion") {
      combustion_co2 += At(*pivot, r, 5);
      EXPECT_FALSE(TextAt(*pivot, r, 4).empty()) << "sector name of " << TextAt(*pivot, r, 3);
    }
  }
  EXPECT_NEAR(co2e, inv->totals.net_co2e_t, 1e-9 * std::abs(inv->totals.net_co2e_t));
  EXPECT_NEAR(ch4, inv->totals.ch4_t, 1e-9 * inv->totals.ch4_t);
  EXPECT_NEAR(combustion_co2, inv->totals.combustion_co2_t, 1e-9 * inv->totals.combustion_co2_t);

  const xlsx::Sheet* lines = book.Find("lines 明细");
  ASSERT_NE(lines, nullptr);
  ASSERT_EQ(lines->rows.size(), inv->lines.size() + 1);
  for (size_t i = 0; i < inv->lines.size(); ++i) {
    const int r = static_cast<int>(i + 2);
    EXPECT_EQ(At(*lines, r, 8), inv->lines[i].emission_t);
    EXPECT_EQ(At(*lines, r, 9), inv->lines[i].co2e_t);
    if (!inv->lines[i].factors.empty()) {
      const domain::Factor& f = inv->factors[inv->lines[i].factors[0]];
      EXPECT_NE(TextAt(*lines, r, 12).find(domain::FactorKeyText(f.key)), std::string::npos);
    }
  }
  const xlsx::Sheet* factors = book.Find("factors 排放因子");
  ASSERT_NE(factors, nullptr);
  ASSERT_EQ(factors->rows.size(), inv->factors.size() + 1);
  for (size_t i = 0; i < inv->factors.size(); ++i) {
    const int r = static_cast<int>(i + 2);
    EXPECT_EQ(At(*factors, r, 2), inv->factors[i].value);
    EXPECT_FALSE(TextAt(*factors, r, 9).empty())
        << "no source for " << TextAt(*factors, r, 1);  // reference citation or override source
  }
}

TEST_F(ReportsTest, TargetsSheetShowsStatusExpectationAndWarning) {
  auto t = ComputeTargetsStatus(*platform_, "430703");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_FALSE(t->progress.empty());
  xlsx::Workbook book = Open(TargetsXlsx(*platform_, "430703", std::nullopt, {}));
  ASSERT_EQ(book.sheets.size(), 2u);
  const xlsx::Sheet& s = book.sheets[0];
  ASSERT_EQ(s.rows.size(), t->progress.size() + 1);
  bool red = false;
  for (size_t i = 0; i < t->progress.size(); ++i) {
    const indicators::TargetProgress& p = t->progress[i];
    const int r = static_cast<int>(i + 2);
    EXPECT_EQ(TextAt(s, r, 1), p.indicator);
    EXPECT_EQ(TextAt(s, r, 16), indicators::TargetStatusName(p.status));
    EXPECT_EQ(TextAt(s, r, 17), indicators::WarningLevelNameZh(p.warning));
    if (p.actual) {
      EXPECT_EQ(At(s, r, 10), *p.actual);
    } else {
      EXPECT_EQ(s.At(r, 10), nullptr);  // missing is empty, never 0
    }
    if (p.expected) {
      EXPECT_EQ(At(s, r, 15), *p.expected);
    }
    if (p.target_value) {
      EXPECT_EQ(At(s, r, 7), *p.target_value);
    }
    red |= TextAt(s, r, 18) == "red";
  }
  EXPECT_TRUE(red);
  EXPECT_TRUE(Mentions(book.sheets[1], "SYNTHETIC"));
}

TEST_F(ReportsTest, WriteToAPathAndErrors) {
  const std::string dir = ::testing::TempDir() + "/cpk_reports_xlsx";
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteInventoryXlsx(*platform_, "430703", 2022, {}, dir + "/inv.xlsx").ok());
  auto bytes = ReadFile(dir + "/inv.xlsx");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, *InventoryXlsx(*platform_, "430703", 2022, {}));
  Status csv = WriteBalanceXlsx(*platform_, "430703", 2022, {}, dir + "/balance.csv");
  EXPECT_EQ(csv.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(csv.message().find("ending in .xlsx"), std::string::npos);
  Status none = WriteBalanceXlsx(*platform_, "430703", 2009, {}, dir + "/b.xlsx");
  EXPECT_EQ(none.code(), StatusCode::kNotFound) << none.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir + "/b.xlsx"));
  ASSERT_TRUE(WriteTargetsXlsx(*platform_, "430703", 2023, {}, dir + "/t.xlsx").ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace carbonpeak::app
