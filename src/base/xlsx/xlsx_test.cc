#include "base/xlsx/xlsx.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace carbonpeak::xlsx {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip archive of `parts`, made with libzip directly (as another program would).
std::string MakeZip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_source_keep(src);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  EXPECT_EQ(zip_close(za), 0);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return out;
}

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>)";

// A workbook as Excel writes it: namespace-prefixed elements in the workbook part, sheets
// listed in another order than their part numbers, absolute relationship targets, rich text
// with phonetic runs, a formula string, a date serial, cells without references, merged cells.
Parts ExcelLikeParts() {
  return {
      {"[Content_Types].xml", kContentTypes},
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="能源" sheetId="2" r:id="rId7"/><x:sheet name="Notes" sheetId="1" r:id="rId3"/></x:sheets></x:workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>)"},
      {"xl/strings.xml",
       R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>region_code</t></si><si><r><rPr><b/></rPr><t>原</t></r><r><t xml:space="preserve">煤 </t></r><rPh sb="0" eb="1"><t>yuan</t></rPh></si><si><t>line_x000D_break</t></si></sst>)"},
      {"xl/worksheets/sheet2.xml",
       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/></sheetView></sheetViews><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>value</t></is></c></row>
<row r="3"><c r="A3"><v>430703</v></c><c t="s"><v>1</v></c><c s="2"><v>1.5E3</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="str"><f>A3&amp;"x"</f><v>430703x</v></c><c r="G3" t="e"><v>#DIV/0!</v></c></row>
<row><c r="A4" s="5"><v>45292</v></c><c r="B4" t="s"><v>2</v></c><c r="C4"/></row>
</sheetData><mergeCells count="1"><mergeCell ref="A6:B7"/></mergeCells></worksheet>)"},
      {"xl/worksheets/sheet1.xml",
       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="6"><c r="A6" t="inlineStr"><is><t>merged</t></is></c></row></sheetData><mergeCells><mergeCell ref="A6:B7"/></mergeCells></worksheet>)"},
  };
}

TEST(CellNameTest, ColumnsAndReferences) {
  EXPECT_EQ(ColumnName(1), "A");
  EXPECT_EQ(ColumnName(26), "Z");
  EXPECT_EQ(ColumnName(27), "AA");
  EXPECT_EQ(ColumnName(702), "ZZ");
  EXPECT_EQ(ColumnName(703), "AAA");
  EXPECT_EQ(ColumnName(16384), "XFD");
  EXPECT_EQ(ColumnName(0), "");
  EXPECT_EQ(ColumnName(16385), "");
  EXPECT_EQ(CellName(12, 4), "D12");
  for (int c : {1, 26, 27, 52, 53, 702, 703, 16384}) {
    auto rc = ParseCellName(CellName(7, c));
    ASSERT_TRUE(rc.has_value()) << c;
    EXPECT_EQ(rc->second, c);
    EXPECT_EQ(rc->first, 7);
  }
  EXPECT_EQ(ParseCellName("$D$12"), std::make_pair(12, 4));
  EXPECT_EQ(ParseCellName("d12"), std::make_pair(12, 4));
  for (const char* bad : {"", "A", "12", "A0", "1A", "XFE1", "A1048577", "A-1", "A1B", "AAAA1"}) {
    EXPECT_FALSE(ParseCellName(bad).has_value()) << bad;
  }
}

TEST(CellTest, ToTextReadsBack) {
  EXPECT_EQ(Cell::Number(2023).ToText(), "2023");
  EXPECT_EQ(Cell::Number(72.5).ToText(), "72.5");
  EXPECT_EQ(Cell::Number(0.1).ToText(), "0.1");
  EXPECT_EQ(Cell::Number(1e-7).ToText(), "1e-07");
  EXPECT_EQ(Cell::Bool(true).ToText(), "TRUE");
  EXPECT_EQ(Cell::Text("原煤").ToText(), "原煤");
  EXPECT_EQ(Cell::Empty().ToText(), "");
  EXPECT_EQ(Cell::Number(std::optional<double>()).type, CellType::kEmpty);
}

std::vector<SheetData> SampleSheets() {
  SheetData a;
  a.name = "energy 能源";
  a.rows = {
      {Cell::Text("region_code"), Cell::Text("value"), Cell::Text("unit"), Cell::Text("note")},
      {Cell::Text("430703"), Cell::Number(1234.5), Cell::Text("万kWh"),
       Cell::Text("  spaces & <tags> \"quoted\"\nsecond line")},
      {Cell::Text("430703"), Cell::Number(0.1), Cell::Empty(), Cell::Bool(false)},
      {},
      {Cell::Empty(), Cell::Number(-3e300), Cell::Number(1e-7), Cell{CellType::kError, "#N/A", 0}},
  };
  a.column_widths = {12, 10, 8, 40};
  SheetData b;
  b.name = "README";
  b.header = false;
  b.rows = {{Cell::Text("说明 / About")}, {Cell::Text("region_code"), Cell::Text("原煤")}};
  b.merged = {{1, 1, 1, 3}};
  return {a, b};
}

void ExpectSameCells(const SheetData& written, const Sheet& read) {
  EXPECT_EQ(read.name, written.name);
  size_t last_nonempty = 0;
  for (size_t r = 0; r < written.rows.size(); ++r) {
    for (size_t c = 0; c < written.rows[r].size(); ++c) {
      const Cell& w = written.rows[r][c];
      const Cell* got = read.At(static_cast<int>(r + 1), static_cast<int>(c + 1));
      if (w.empty()) {
        EXPECT_EQ(got, nullptr) << CellName(static_cast<int>(r + 1), static_cast<int>(c + 1));
        continue;
      }
      last_nonempty = r + 1;
      ASSERT_NE(got, nullptr) << CellName(static_cast<int>(r + 1), static_cast<int>(c + 1));
      EXPECT_EQ(*got, w) << CellName(static_cast<int>(r + 1), static_cast<int>(c + 1));
    }
  }
  EXPECT_EQ(read.rows.size(), last_nonempty);
}

TEST(XlsxTest, WriteThenReadGivesTheSameCells) {
  for (bool shared : {true, false}) {
    std::vector<SheetData> sheets = SampleSheets();
    auto bytes = WriteWorkbook(sheets, {.shared_strings = shared});
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    auto book = ReadWorkbook(*bytes, "sample.xlsx");
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    ASSERT_EQ(book->sheets.size(), 2u);
    ExpectSameCells(sheets[0], book->sheets[0]);
    ExpectSameCells(sheets[1], book->sheets[1]);
    EXPECT_EQ(book->sheets[0].frozen_rows, 1);
    EXPECT_EQ(book->sheets[1].frozen_rows, 0);
    ASSERT_EQ(book->sheets[1].merged.size(), 1u);
    EXPECT_EQ(book->sheets[1].merged[0], (Range{1, 1, 1, 3}));
    EXPECT_EQ(book->Find("README"), &book->sheets[1]);
    EXPECT_EQ(book->Find("nope"), nullptr);
    EXPECT_EQ(book->sheets[0].ColumnCount(), 4);
  }
}

TEST(XlsxTest, OutputIsDeterministicAndSharesStrings) {
  auto a = WriteWorkbook(SampleSheets());
  auto b = WriteWorkbook(SampleSheets());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  // "region_code" appears in both sheets but is stored once.
  auto inline_bytes = WriteWorkbook(SampleSheets(), {.shared_strings = false});
  ASSERT_TRUE(inline_bytes.ok());
  EXPECT_NE(*a, *inline_bytes);
}

TEST(XlsxTest, ReadsAWorkbookWrittenByASpreadsheetProgram) {
  auto book = ReadWorkbook(MakeZip(ExcelLikeParts()), "excel.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  ASSERT_EQ(book->sheets.size(), 2u);
  const Sheet& s = book->sheets[0];
  EXPECT_EQ(s.name, "能源");
  EXPECT_EQ(book->sheets[1].name, "Notes");
  EXPECT_EQ(s.frozen_rows, 1);
  EXPECT_EQ(s.At(1, 1)->text, "region_code");
  EXPECT_EQ(s.At(1, 2), nullptr);
  EXPECT_EQ(s.At(1, 3)->text, "value");
  EXPECT_EQ(s.At(2, 1), nullptr);  // row 2 is absent
  EXPECT_EQ(s.At(3, 1)->type, CellType::kNumber);
  EXPECT_DOUBLE_EQ(s.At(3, 1)->number, 430703);
  EXPECT_EQ(s.At(3, 2)->text, "原煤 ");        // runs joined, phonetic run left out, space kept
  EXPECT_DOUBLE_EQ(s.At(3, 3)->number, 1500);  // the cell after B3, without a reference
  EXPECT_EQ(s.At(3, 5)->type, CellType::kBool);
  EXPECT_EQ(s.At(3, 6)->text, "430703x");  // formula: its cached value
  EXPECT_EQ(s.At(3, 7)->type, CellType::kError);
  EXPECT_EQ(s.At(3, 7)->text, "#DIV/0!");
  EXPECT_DOUBLE_EQ(s.At(4, 1)->number, 45292);  // 2024-01-01 as a serial day number
  EXPECT_EQ(s.At(4, 2)->text, "line\rbreak");
  EXPECT_EQ(s.At(4, 3), nullptr);  // an empty <c/>
  EXPECT_EQ(s.rows.size(), 4u);
  ASSERT_EQ(s.merged.size(), 1u);
  EXPECT_EQ(s.merged[0], (Range{6, 1, 7, 2}));

  // Merged ranges: listed, and filled on request.
  const Sheet& notes = book->sheets[1];
  EXPECT_EQ(notes.At(7, 2), nullptr);
  auto filled = ReadWorkbook(MakeZip(ExcelLikeParts()), "excel.xlsx", {.fill_merged = true});
  ASSERT_TRUE(filled.ok()) << filled.status().ToString();
  ASSERT_NE(filled->sheets[1].At(7, 2), nullptr);
  EXPECT_EQ(filled->sheets[1].At(7, 2)->text, "merged");
}

Parts WithPart(Parts parts, const std::string& name, std::string data) {
  for (auto& [n, d] : parts) {
    if (n == name) {
      d = std::move(data);
      return parts;
    }
  }
  parts.emplace_back(name, std::move(data));
  return parts;
}

std::string ReadError(const std::string& bytes, const ReadOptions& options = {}) {
  auto book = ReadWorkbook(bytes, "book.xlsx", options);
  EXPECT_FALSE(book.ok());
  if (book.ok()) return "";
  EXPECT_EQ(book.status().code(), StatusCode::kInvalidArgument);
  return book.status().message();
}

constexpr char kSheetHead[] =
    R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";

TEST(XlsxTest, DamagedFilesGiveMessagesNamingFileSheetAndCell) {
  EXPECT_NE(ReadError("region_code,year\n").find("book.xlsx: not an .xlsx workbook"),
            std::string::npos);
  EXPECT_NE(ReadError(std::string("\xD0\xCF\x11\xE0 old xls", 12)).find("old .xls"),
            std::string::npos);
  std::string good = MakeZip(ExcelLikeParts());
  EXPECT_NE(ReadError(good.substr(0, good.size() / 2)).find("book.xlsx: not a readable"),
            std::string::npos);
  EXPECT_NE(ReadError(MakeZip({{"word/document.xml", "<w/>"}})).find("not an Excel workbook"),
            std::string::npos);

  std::string m = ReadError(MakeZip(WithPart(
      ExcelLikeParts(), "xl/worksheets/sheet2.xml",
      std::string(kSheetHead) + R"(<row r="1"><c r="A1"><v>1</v></c><c r="B2"><v>2</v>)")));
  EXPECT_NE(m.find("book.xlsx: sheet '能源' (xl/worksheets/sheet2.xml) is not valid XML"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("near cell B2"), std::string::npos) << m;

  m = ReadError(MakeZip(WithPart(ExcelLikeParts(), "xl/worksheets/sheet2.xml",
                                 std::string(kSheetHead) +
                                     R"(<row r="12"><c r="D12" t="s"><v>99</v></c></row>)"
                                     "</sheetData></worksheet>")));
  EXPECT_NE(m.find("book.xlsx#能源!D12: the cell points to shared string '99' but the workbook "
                   "has 3"),
            std::string::npos)
      << m;

  m = ReadError(
      MakeZip(WithPart(ExcelLikeParts(), "xl/worksheets/sheet2.xml",
                       std::string(kSheetHead) + R"(<row r="2"><c r="2B"><v>1</v></c></row>)"
                                                 "</sheetData></worksheet>")));
  EXPECT_NE(m.find("book.xlsx#能源: '2B' (in row 2) is not a cell reference"), std::string::npos)
      << m;

  m = ReadError(
      MakeZip(WithPart(ExcelLikeParts(), "xl/worksheets/sheet2.xml",
                       std::string(kSheetHead) + R"(<row r="5"><c r="C5"><v>12abc</v></c></row>)"
                                                 "</sheetData></worksheet>")));
  EXPECT_NE(m.find("book.xlsx#能源!C5: '12abc' is stored as a number"), std::string::npos) << m;

  m = ReadError(MakeZip(WithPart(ExcelLikeParts(), "xl/strings.xml", "<sst><si><t>x</sst>")));
  EXPECT_NE(m.find("book.xlsx: the shared strings (xl/strings.xml) is not valid XML"),
            std::string::npos)
      << m;
}

TEST(XlsxTest, ZipBombsAndOversizedSheetsAreRefused) {
  // 4 MiB of repeated XML compresses about a thousand to one.
  std::string big = kSheetHead;
  while (big.size() < (4u << 20)) big += R"(<row><c t="inlineStr"><is><t>a</t></is></c></row>)";
  big += "</sheetData></worksheet>";
  std::string bytes = MakeZip(WithPart(ExcelLikeParts(), "xl/worksheets/sheet2.xml", big));
  ASSERT_LT(bytes.size(), 200'000u);

  std::string m = ReadError(bytes, {.max_part_bytes = 1u << 20});
  EXPECT_NE(m.find("book.xlsx: sheet '能源' (xl/worksheets/sheet2.xml) unpacks to"),
            std::string::npos)
      << m;
  m = ReadError(bytes, {.max_compression_ratio = 20});
  EXPECT_NE(m.find("possible zip bomb"), std::string::npos) << m;
  m = ReadError(bytes, {.max_total_bytes = 2u << 20});
  EXPECT_NE(m.find("the workbook unpacks to more than"), std::string::npos) << m;
  m = ReadError(bytes, {.max_rows = 1000});
  EXPECT_NE(m.find("more than 1000 rows"), std::string::npos) << m;
  m = ReadError(MakeZip(ExcelLikeParts()), {.max_cells = 5});
  EXPECT_NE(m.find("more than 5 filled cells"), std::string::npos) << m;
  m = ReadError(MakeZip(ExcelLikeParts()), {.max_columns = 4});
  EXPECT_NE(m.find("book.xlsx#能源!E3: more than 4 columns"), std::string::npos) << m;
  // Within the caps the same file reads.
  auto ok = ReadWorkbook(bytes, "book.xlsx");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_GT(ok->sheets[0].rows.size(), 50'000u);
}

SheetData Named(std::string name, std::vector<std::vector<Cell>> rows = {}) {
  SheetData s;
  s.name = std::move(name);
  s.rows = std::move(rows);
  return s;
}

TEST(XlsxTest, WriteRefusesWhatASpreadsheetCannotHold) {
  auto bad_name = WriteWorkbook({Named("a/b")});
  ASSERT_FALSE(bad_name.ok());
  EXPECT_NE(bad_name.status().message().find("'a/b' may not contain"), std::string::npos);
  EXPECT_FALSE(WriteWorkbook({Named(std::string(32, 'x'))}).ok());
  EXPECT_FALSE(WriteWorkbook({Named("")}).ok());
  auto twice = WriteWorkbook({Named("Data"), Named("data")});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("used twice"), std::string::npos);
  EXPECT_FALSE(WriteWorkbook({}).ok());
  SheetData nan = Named("n", {{Cell::Text("x"), Cell::Number(std::nan(""))}});
  auto r = WriteWorkbook({nan});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("sheet 'n'!B1"), std::string::npos) << r.status().message();
  // 31 Chinese characters are 31 characters, not 93 bytes.
  std::string name;
  for (int i = 0; i < 31; ++i) name += "能";
  EXPECT_TRUE(WriteWorkbook({Named(name)}).ok());
}

TEST(XlsxTest, ControlCharactersAreDroppedNotBreakingTheFile) {
  SheetData s = Named("x", {{Cell::Text(std::string("a\x01"
                                                    "b\x1f"
                                                    "c\td",
                                                    7))}});
  auto bytes = WriteWorkbook({s});
  ASSERT_TRUE(bytes.ok());
  auto book = ReadWorkbook(*bytes, "x.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  EXPECT_EQ(book->sheets[0].At(1, 1)->text, "abc\td");
}

}  // namespace
}  // namespace carbonpeak::xlsx
