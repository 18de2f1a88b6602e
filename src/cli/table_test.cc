#include "cli/table.h"

#include <gtest/gtest.h>

namespace carbonpeak::cli {
namespace {

TEST(TableTest, DisplayWidthCountsCjkAsTwo) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("鼎城区"), 6u);
  EXPECT_EQ(DisplayWidth("万千瓦 MW"), 9u);
  EXPECT_EQ(DisplayWidth("％"), 2u);  // full-width percent sign
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(TableTest, ColumnsLineUpWithChinese) {
  TextTable t({"code", "name"});
  t.AddRow({"430703", "鼎城区"});
  t.AddRow({"1", "x"});
  std::string out = t.Render();
  EXPECT_EQ(out,
            "code    name\n"
            "------  ------\n"
            "430703  鼎城区\n"
            "1       x\n");
}

TEST(TableTest, LongCellsAreCut) {
  TextTable t({"a"});
  t.AddRow({std::string(30, 'x')});
  std::string out = t.Render(10);
  EXPECT_NE(out.find("xxxxxxxxx…"), std::string::npos);
  EXPECT_EQ(out.find(std::string(10, 'x')), std::string::npos);
}

}  // namespace
}  // namespace carbonpeak::cli
