// carbonpeak::csv — a small RFC 4180 reader for the CSV files the program ships and imports.
//
// Parse() turns text into a Table: a header row plus data rows, each row remembering the
// physical line it starts on so that every error can say "file:line:column". It does no I/O.
//
//   CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//   CPK_ASSIGN_OR_RETURN(csv::Table table, csv::Parse(text, "refdata/gwp.csv"));
//   for (const csv::Row& row : table.rows()) {
//     CPK_ASSIGN_OR_RETURN(double gwp, table.Number(row, "gwp100"));
//   }
//
// Accepted input: UTF-8 with or without a byte-order mark; CRLF, LF or lone CR line ends;
// fields separated by ',', optionally enclosed in '"' (then they may hold commas, line breaks
// and '""' for a quote). Blank lines (empty or only spaces/tabs) are skipped. The first
// non-blank line is the header; every later row must have exactly as many cells as it.
// Line breaks inside a quoted field are returned as '\n'.
//
// Thread safety: a Table is an immutable value after Parse(); share it freely.
// Failure contract: Parse() and the cell accessors return InvalidArgument errors whose message
// starts with "file:line:column: " (line and column 1-based; the column counts cells, not
// characters) and says what is wrong and how to fix it. Nothing throws.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace carbonpeak::csv {

/// One data row. `line` is the 1-based physical line the row starts on.
struct Row {
  int line = 0;
  std::vector<std::string> cells;
};

class Table;

/// Parses CSV text; `file_name` is used only in error messages and by Table::file().
Result<Table> Parse(std::string_view text, std::string file_name);

/// A parsed CSV file. Every row has exactly header().size() cells.
class Table {
 public:
  Table() = default;

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<Row>& rows() const { return rows_; }
  const std::string& file() const { return file_; }
  /// Physical line of the header row (1 unless blank lines precede it).
  int header_line() const { return header_line_; }

  /// 0-based index of the header cell equal to `name`, if any.
  std::optional<size_t> ColumnIndex(std::string_view name) const;

  /// Error "file:1:1: …" naming every column of `names` the header lacks; OK if none is
  /// missing. Use it before reading rows so a wrong file fails once, clearly.
  Status RequireColumns(std::initializer_list<std::string_view> names) const;

  /// The cell with surrounding spaces trimmed; an error when it is empty or the column is
  /// unknown.
  Result<std::string> Text(const Row& row, std::string_view column) const;
  /// The trimmed cell, or `fallback` when it is empty or the column does not exist.
  std::string TextOr(const Row& row, std::string_view column, std::string fallback = "") const;
  /// The cell as a finite decimal number ("0.5366", "-30", "1e3"); an error when it is empty or
  /// not a number.
  Result<double> Number(const Row& row, std::string_view column) const;
  /// Like Number(), but an empty cell (or a missing column) gives std::nullopt.
  Result<std::optional<double>> OptionalNumber(const Row& row, std::string_view column) const;

  /// InvalidArgument "file:line:column: column '<column>': <message>" for a cell of `row`.
  /// When the header has no such column the position is "file:line".
  Status Error(const Row& row, std::string_view column, std::string_view message) const;

 private:
  friend Result<Table> Parse(std::string_view text, std::string file_name);

  std::string file_;
  int header_line_ = 0;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

/// Parses a whole cell as a finite double (surrounding spaces allowed). Shared by Table and by
/// callers that read numbers out of composite cells ("0.4;0.4;0.95", "2000-3000").
std::optional<double> ParseNumber(std::string_view text);

/// The text without leading and trailing ASCII spaces and tabs.
std::string_view TrimSpaces(std::string_view text);

}  // namespace carbonpeak::csv
