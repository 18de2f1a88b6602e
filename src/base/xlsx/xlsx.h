// Office Open XML spreadsheets (.xlsx): read a workbook into sheets of cells, and write one.
// The only place that knows the zip container and the XML parts; callers see plain values.
//
//   CPK_ASSIGN_OR_RETURN(std::string bytes, ReadFile("energy 2023.xlsx"));
//   CPK_ASSIGN_OR_RETURN(xlsx::Workbook book, xlsx::ReadWorkbook(bytes, "energy 2023.xlsx"));
//   for (const xlsx::Sheet& sheet : book.sheets) {
//     const xlsx::Cell* c = sheet.At(12, 4);  // D12
//   }
//
//   xlsx::SheetData s{.name = "energy", .rows = {{xlsx::Cell::Text("region_code"), …}}};
//   CPK_ASSIGN_OR_RETURN(std::string out, xlsx::WriteWorkbook({s}));
//
// Reading understands shared strings (with rich-text runs), inline strings, numbers, booleans,
// error cells, formula cells (their cached value) and dates (kept as the spreadsheet's serial
// day number). Empty cells are absent. Merged ranges are listed; with
// ReadOptions::fill_merged the top-left value is copied into every cell of the range.
// Writing makes one worksheet per SheetData, with the first row bold and frozen when
// `header` is set, column widths, numbers as numbers and text as shared strings (or inline
// strings). Output is deterministic: the same input gives the same bytes.
//
// Thread safety: pure functions; call them concurrently. Failure contract: errors are returned,
// never thrown. A damaged or non-xlsx file, a part over the size caps (zip bombs), malformed
// XML, an invalid cell reference or an out-of-range shared string index is InvalidArgument
// naming the file, the sheet and the cell (A1 style) where known, and what to do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace carbonpeak::xlsx {

enum class CellType { kEmpty, kText, kNumber, kBool, kError };

/// One cell value. Text (and error codes such as "#DIV/0!") in `text`; numbers and booleans
/// (1/0) in `number`.
struct Cell {
  CellType type = CellType::kEmpty;
  std::string text;
  double number = 0;

  static Cell Empty() { return {}; }
  static Cell Text(std::string s) { return {CellType::kText, std::move(s), 0}; }
  static Cell Number(double v) { return {CellType::kNumber, {}, v}; }
  static Cell Bool(bool b) { return {CellType::kBool, {}, b ? 1.0 : 0.0}; }
  /// Nullopt-aware: an empty cell when `v` has no value.
  static Cell Number(std::optional<double> v) { return v ? Number(*v) : Empty(); }

  bool empty() const { return type == CellType::kEmpty; }
  /// The value as text: text as is, numbers in the shortest form that reads back exactly
  /// ("2023", "72.5", "1e-07"), booleans "TRUE"/"FALSE", empty "".
  std::string ToText() const;

  friend bool operator==(const Cell&, const Cell&) = default;
};

/// A rectangle of cells, 1-based and inclusive.
struct Range {
  int first_row = 0;
  int first_column = 0;
  int last_row = 0;
  int last_column = 0;
  friend bool operator==(const Range&, const Range&) = default;
};

struct Sheet {
  std::string name;
  /// rows[r - 1][c - 1] is the cell of row r, column c; rows end at their last non-empty
  /// cell, and the sheet at its last non-empty row.
  std::vector<std::vector<Cell>> rows;
  std::vector<Range> merged;
  int frozen_rows = 0;  ///< Rows frozen at the top (pane ySplit), 0 when none.

  /// The cell at (row, column), 1-based; nullptr when outside the used area or empty.
  const Cell* At(int row, int column) const;
  /// Number of columns of the widest row.
  int ColumnCount() const;
};

struct Workbook {
  std::vector<Sheet> sheets;  ///< In workbook order.
  const Sheet* Find(std::string_view name) const;
};

/// Caps against zip bombs and runaway files. The defaults fit a county statistics workbook
/// many times over.
struct ReadOptions {
  uint64_t max_part_bytes = 128ull << 20;   ///< Uncompressed size of any one XML part.
  uint64_t max_total_bytes = 512ull << 20;  ///< Uncompressed size of all parts read.
  uint64_t max_compression_ratio = 1000;    ///< Uncompressed / compressed, per part over 1 MiB.
  int max_sheets = 256;
  int max_rows = 1'048'576;  ///< Excel's own limits.
  int max_columns = 16'384;
  uint64_t max_cells = 10'000'000;  ///< Non-empty cells over all sheets.
  bool fill_merged = false;         ///< Copy the top-left value of a merged range into it.
};

/// Reads every worksheet of the workbook in `bytes`. `file_name` is used in messages only.
Result<Workbook> ReadWorkbook(std::string_view bytes, std::string_view file_name,
                              const ReadOptions& options = {});

struct SheetData {
  std::string name;  ///< 1–31 characters, none of : \ / ? * [ ]; unique (case-insensitive).
  std::vector<std::vector<Cell>> rows;
  bool header = true;                 ///< First row bold and frozen.
  std::vector<double> column_widths;  ///< In characters; missing or 0 = the program's default.
  std::vector<Range> merged;          ///< Ranges to merge.
};

struct WriteOptions {
  bool shared_strings = true;  ///< false: every text cell as an inline string.
};

/// The .xlsx bytes of a workbook with these sheets, in order. InvalidArgument for a bad or
/// duplicate sheet name, no sheet, or more rows/columns than a spreadsheet holds. Text cells
/// lose the control characters XML cannot carry (all below U+0020 except tab and newline).
Result<std::string> WriteWorkbook(const std::vector<SheetData>& sheets,
                                  const WriteOptions& options = {});

/// "A" for 1, "Z" for 26, "AA" for 27 … "XFD" for 16384; "" outside 1..16384.
std::string ColumnName(int column);
/// "D12" for (12, 4).
std::string CellName(int row, int column);
/// (row, column) of "D12" or "$D$12"; nullopt when not a cell reference within the sheet limits.
std::optional<std::pair<int, int>> ParseCellName(std::string_view name);

}  // namespace carbonpeak::xlsx
