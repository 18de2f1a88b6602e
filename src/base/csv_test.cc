#include "base/csv.h"

#include <gtest/gtest.h>

#include <string>

namespace carbonpeak::csv {
namespace {

Table MustParse(std::string_view text, std::string file = "t.csv") {
  Result<Table> table = Parse(text, std::move(file));
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? *std::move(table) : Table();
}

std::string ErrorOf(std::string_view text) {
  Result<Table> table = Parse(text, "t.csv");
  EXPECT_FALSE(table.ok());
  return table.ok() ? std::string() : table.status().message();
}

TEST(CsvTest, PlainRowsKeepTheirPhysicalLines) {
  Table t = MustParse("a,b\n1,2\n3,4\n");
  ASSERT_EQ(t.header().size(), 2u);
  EXPECT_EQ(t.header()[1], "b");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].line, 2);
  EXPECT_EQ(t.rows()[1].line, 3);
  EXPECT_EQ(t.rows()[1].cells[0], "3");
  EXPECT_EQ(t.file(), "t.csv");
  EXPECT_EQ(t.header_line(), 1);
}

TEST(CsvTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  Table t =
      MustParse("name,note\n\"a, b\",\"he said \"\"hi\"\"\"\n\"x\",\"two\nlines\"\nlast,row\n");
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_EQ(t.rows()[0].cells[0], "a, b");
  EXPECT_EQ(t.rows()[0].cells[1], "he said \"hi\"");
  EXPECT_EQ(t.rows()[1].cells[1], "two\nlines");
  EXPECT_EQ(t.rows()[1].line, 3);
  // The row after a two-line field starts on physical line 5.
  EXPECT_EQ(t.rows()[2].line, 5);
}

TEST(CsvTest, BomCrlfAndBlankLines) {
  Table t = MustParse("\xEF\xBB\xBFkey,value\r\n\r\nk1,1.5\r\n   \r\n\"k\r\n2\",2\r\nk3,3");
  ASSERT_EQ(t.header().size(), 2u);
  EXPECT_EQ(t.header()[0], "key");  // BOM is not part of the first name
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_EQ(t.rows()[0].line, 3);
  EXPECT_EQ(t.rows()[1].line, 5);
  EXPECT_EQ(t.rows()[1].cells[0], "k\n2");  // CRLF inside quotes becomes \n
  EXPECT_EQ(t.rows()[2].line, 7);
  EXPECT_EQ(t.rows()[2].cells[1], "3");  // no final line end
}

TEST(CsvTest, LoneCarriageReturnEndsALine) {
  Table t = MustParse("a\rb\rc");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[1].line, 3);
  EXPECT_EQ(t.rows()[1].cells[0], "c");
}

TEST(CsvTest, EmptyCellsAndTrailingComma) {
  Table t = MustParse("a,b,c\n,,\n1,,3\n");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].cells, (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(t.TextOr(t.rows()[1], "b", "none"), "none");
}

TEST(CsvTest, ShortRowIsAnErrorNamingFileLineAndFirstMissingColumn) {
  std::string e = ErrorOf("a,b,c\n1,2,3\n\n4,5\n");
  EXPECT_EQ(e.rfind("t.csv:4:3: row has 2 cells but the header has 3", 0), 0u) << e;
  EXPECT_NE(e.find("'c'"), std::string::npos) << e;
}

TEST(CsvTest, LongRowIsAnError) {
  std::string e = ErrorOf("a,b\n1,2\nx,y,z\n");
  EXPECT_EQ(e.rfind("t.csv:3:3: row has 3 cells but the header has 2", 0), 0u) << e;
}

TEST(CsvTest, RowCountErrorUsesTheLineWhereTheRowStarts) {
  std::string e = ErrorOf("a,b\n\"multi\nline\"\n");
  EXPECT_EQ(e.rfind("t.csv:2:2:", 0), 0u) << e;
}

TEST(CsvTest, UnterminatedQuoteReportsWhereItOpened) {
  std::string e = ErrorOf("a,b\n1,\"open\n\nmore\n");
  EXPECT_EQ(e.rfind("t.csv:2:2: a quoted field starts here", 0), 0u) << e;
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  std::string e = ErrorOf("a,b\n\"x\"y,1\n");
  EXPECT_EQ(e.rfind("t.csv:2:1: unexpected text after the closing quote", 0), 0u) << e;
}

TEST(CsvTest, HeaderProblems) {
  EXPECT_EQ(ErrorOf("").rfind("t.csv:1:1: the file has no header", 0), 0u);
  EXPECT_EQ(ErrorOf("\n  \n").rfind("t.csv:1:1: the file has no header", 0), 0u);
  EXPECT_EQ(ErrorOf("a,,c\n").rfind("t.csv:1:2: header cell is empty", 0), 0u);
  std::string dup = ErrorOf("\nx,y,x\n");
  EXPECT_EQ(dup.rfind("t.csv:2:3: column name 'x' appears twice", 0), 0u) << dup;
}

TEST(CsvTest, HeaderOnlyFileHasNoRows) {
  Table t = MustParse("a,b\n");
  EXPECT_TRUE(t.rows().empty());
  EXPECT_EQ(t.ColumnIndex("b"), std::optional<size_t>(1));
  EXPECT_EQ(t.ColumnIndex("z"), std::nullopt);
}

TEST(CsvTest, CellAccessors) {
  Table t = MustParse("key,value,opt\n k ,  2.5 ,\n,abc,1e3\n");
  const Row& r1 = t.rows()[0];
  const Row& r2 = t.rows()[1];

  Result<std::string> key = t.Text(r1, "key");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "k");
  Result<double> v = t.Number(r1, "value");
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(*v, 2.5);
  Result<std::optional<double>> none = t.OptionalNumber(r1, "opt");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  Result<std::optional<double>> some = t.OptionalNumber(r2, "opt");
  ASSERT_TRUE(some.ok());
  EXPECT_DOUBLE_EQ(some->value(), 1000.0);

  Result<std::string> empty = t.Text(r2, "key");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(),
            "t.csv:3:1: column 'key': value is required but the cell is empty");
  Result<double> bad = t.Number(r2, "value");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("t.csv:3:2: column 'value': 'abc' is not a number", 0), 0u)
      << bad.status().message();
  Result<double> missing = t.Number(r1, "opt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message().rfind("t.csv:2:3: column 'opt': a number is required", 0),
            0u);
  Result<std::string> unknown = t.Text(r1, "nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message().rfind("t.csv:2: column 'nope':", 0), 0u);
  EXPECT_EQ(t.TextOr(r1, "nope", "dflt"), "dflt");
  EXPECT_EQ(t.TextOr(r1, "key"), "k");
}

TEST(CsvTest, RequireColumnsNamesWhatIsMissing) {
  Table t = MustParse("a,b\n1,2\n");
  EXPECT_TRUE(t.RequireColumns({"a", "b"}).ok());
  Status s = t.RequireColumns({"a", "c", "d"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("t.csv:1:1: the header lacks column 'c', 'd'", 0), 0u) << s.message();
}

TEST(CsvTest, ParseNumberAcceptsOnlyWholeFiniteNumbers) {
  EXPECT_EQ(ParseNumber("0.1229"), 0.1229);
  EXPECT_EQ(ParseNumber(" -30 "), -30.0);
  EXPECT_EQ(ParseNumber("+4"), 4.0);
  EXPECT_EQ(ParseNumber("2.5e-3"), 0.0025);
  EXPECT_FALSE(ParseNumber("").has_value());
  EXPECT_FALSE(ParseNumber("12 kg").has_value());
  EXPECT_FALSE(ParseNumber("1,000").has_value());
  EXPECT_FALSE(ParseNumber("nan").has_value());
  EXPECT_FALSE(ParseNumber("inf").has_value());
  EXPECT_FALSE(ParseNumber("0.2857-0.4286").has_value());
}

TEST(CsvTest, Utf8CellsPassThroughUnchanged) {
  Table t = MustParse("region,value\n鼎城区,\"1,5\"\n");
  EXPECT_EQ(t.rows()[0].cells[0], "鼎城区");
  EXPECT_EQ(t.rows()[0].cells[1], "1,5");
}

}  // namespace
}  // namespace carbonpeak::csv
