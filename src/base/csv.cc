#include "base/csv.h"

#include <charconv>
#include <cmath>
#include <system_error>
#include <utility>

namespace carbonpeak::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

Status ErrorAt(const std::string& file, int line, size_t column, std::string_view message) {
  std::string m = file;
  m += ':';
  m += std::to_string(line);
  m += ':';
  m += std::to_string(column);
  m += ": ";
  m += message;
  return Status::InvalidArgument(std::move(m));
}

std::string Quoted(std::string_view s) {
  std::string out = "'";
  out += s;
  out += "'";
  return out;
}

// Cursor over the text that counts physical lines; a CRLF pair is one line end.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  char PeekAt(size_t offset) const {
    return pos_ + offset < text_.size() ? text_[pos_ + offset] : '\0';
  }
  bool AtLineEnd() const { return !AtEnd() && (Peek() == '\n' || Peek() == '\r'); }
  int line() const { return line_; }
  void Advance() { ++pos_; }

  // Consumes one line end (CRLF, LF or CR) and counts it.
  void ConsumeLineEnd() {
    if (Peek() == '\r' && PeekAt(1) == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  // True when the rest of the current physical line holds only spaces and tabs.
  bool RestOfLineBlank() const {
    for (size_t p = pos_; p < text_.size(); ++p) {
      char c = text_[p];
      if (c == '\n' || c == '\r') return true;
      if (!IsSpace(c)) return false;
    }
    return true;
  }

  void SkipLine() {
    while (!AtEnd() && !AtLineEnd()) ++pos_;
    if (!AtEnd()) ConsumeLineEnd();
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

// Reads one record starting at the scanner position. The scanner ends after the record's line
// end (or at the end of the text).
Status ReadRecord(Scanner& scan, const std::string& file, std::vector<std::string>& cells) {
  cells.clear();
  while (true) {
    std::string cell;
    if (!scan.AtEnd() && scan.Peek() == '"') {
      const int open_line = scan.line();
      scan.Advance();
      while (true) {
        if (scan.AtEnd()) {
          return ErrorAt(file, open_line, cells.size() + 1,
                         "a quoted field starts here but its closing quote is missing; add the "
                         "closing '\"' (a quote inside a field is written twice: \"\")");
        }
        char c = scan.Peek();
        if (c == '"') {
          if (scan.PeekAt(1) == '"') {
            cell += '"';
            scan.Advance();
            scan.Advance();
            continue;
          }
          scan.Advance();
          break;
        }
        if (c == '\r' || c == '\n') {
          cell += '\n';
          scan.ConsumeLineEnd();
          continue;
        }
        cell += c;
        scan.Advance();
      }
      while (!scan.AtEnd() && IsSpace(scan.Peek())) scan.Advance();
      if (!scan.AtEnd() && scan.Peek() != ',' && !scan.AtLineEnd()) {
        return ErrorAt(file, scan.line(), cells.size() + 1,
                       "unexpected text after the closing quote of a quoted field; enclose the "
                       "whole field in quotes and write each quote inside it twice (\"\")");
      }
    } else {
      while (!scan.AtEnd() && scan.Peek() != ',' && !scan.AtLineEnd()) {
        cell += scan.Peek();
        scan.Advance();
      }
    }
    cells.push_back(std::move(cell));
    if (scan.AtEnd()) return Status::Ok();
    if (scan.Peek() == ',') {
      scan.Advance();
      continue;
    }
    scan.ConsumeLineEnd();
    return Status::Ok();
  }
}

}  // namespace

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<double> ParseNumber(std::string_view text) {
  text = TrimSpaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

Result<Table> Parse(std::string_view text, std::string file_name) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  Table table;
  table.file_ = std::move(file_name);
  const std::string& file = table.file_;

  Scanner scan(text);
  std::vector<std::string> cells;
  bool have_header = false;
  while (!scan.AtEnd()) {
    if (scan.RestOfLineBlank()) {
      scan.SkipLine();
      continue;
    }
    const int line = scan.line();
    CPK_RETURN_IF_ERROR(ReadRecord(scan, file, cells));
    if (!have_header) {
      for (size_t col = 0; col < cells.size(); ++col) {
        std::string name(TrimSpaces(cells[col]));
        if (name.empty()) {
          return ErrorAt(file, line, col + 1,
                         "header cell is empty; give every column a name (or delete a trailing "
                         "comma at the end of the header line)");
        }
        for (size_t prev = 0; prev < table.header_.size(); ++prev) {
          if (table.header_[prev] == name) {
            return ErrorAt(file, line, col + 1,
                           "column name " + Quoted(name) +
                               " appears twice in the header (also "
                               "column " +
                               std::to_string(prev + 1) + "); rename one of them");
          }
        }
        table.header_.push_back(std::move(name));
      }
      table.header_line_ = line;
      have_header = true;
      continue;
    }
    const size_t want = table.header_.size();
    if (cells.size() < want) {
      return ErrorAt(file, line, cells.size() + 1,
                     "row has " + std::to_string(cells.size()) + " cells but the header has " +
                         std::to_string(want) + "; column " + Quoted(table.header_[cells.size()]) +
                         " onwards is missing. Add the missing cells (empty cells still need "
                         "their commas)");
    }
    if (cells.size() > want) {
      return ErrorAt(file, line, want + 1,
                     "row has " + std::to_string(cells.size()) + " cells but the header has " +
                         std::to_string(want) +
                         "; a cell probably contains a comma: enclose that cell in double quotes");
    }
    table.rows_.push_back(Row{line, cells});
  }
  if (!have_header) {
    return ErrorAt(file, 1, 1,
                   "the file has no header line (it is empty or blank); the first "
                   "line must name the columns");
  }
  return table;
}

std::optional<size_t> Table::ColumnIndex(std::string_view name) const {
  for (size_t col = 0; col < header_.size(); ++col) {
    if (header_[col] == name) return col;
  }
  return std::nullopt;
}

Status Table::RequireColumns(std::initializer_list<std::string_view> names) const {
  std::string missing;
  for (std::string_view name : names) {
    if (ColumnIndex(name)) continue;
    if (!missing.empty()) missing += ", ";
    missing += Quoted(name);
  }
  if (missing.empty()) return Status::Ok();
  std::string expected;
  for (std::string_view name : names) {
    if (!expected.empty()) expected += ',';
    expected += name;
  }
  return ErrorAt(file_, header_line_ == 0 ? 1 : header_line_, 1,
                 "the header lacks column " + missing + "; the header must contain: " + expected);
}

Status Table::Error(const Row& row, std::string_view column, std::string_view message) const {
  std::string m = file_;
  m += ':';
  m += std::to_string(row.line);
  if (std::optional<size_t> col = ColumnIndex(column)) {
    m += ':';
    m += std::to_string(*col + 1);
  }
  m += ": column ";
  m += Quoted(column);
  m += ": ";
  m += message;
  return Status::InvalidArgument(std::move(m));
}

Result<std::string> Table::Text(const Row& row, std::string_view column) const {
  std::optional<size_t> col = ColumnIndex(column);
  if (!col || *col >= row.cells.size()) {
    return Error(row, column, "the file has no such column; add it to the header");
  }
  std::string_view cell = TrimSpaces(row.cells[*col]);
  if (cell.empty()) return Error(row, column, "value is required but the cell is empty");
  return std::string(cell);
}

std::string Table::TextOr(const Row& row, std::string_view column, std::string fallback) const {
  std::optional<size_t> col = ColumnIndex(column);
  if (!col || *col >= row.cells.size()) return fallback;
  std::string_view cell = TrimSpaces(row.cells[*col]);
  if (cell.empty()) return fallback;
  return std::string(cell);
}

Result<std::optional<double>> Table::OptionalNumber(const Row& row, std::string_view column) const {
  std::optional<size_t> col = ColumnIndex(column);
  if (!col || *col >= row.cells.size()) return std::optional<double>();
  std::string_view cell = TrimSpaces(row.cells[*col]);
  if (cell.empty()) return std::optional<double>();
  std::optional<double> value = ParseNumber(cell);
  if (!value) {
    return Error(row, column,
                 Quoted(cell) +
                     " is not a number; write a plain decimal number such as 0.5366 "
                     "(no unit, no thousands separator, '.' as decimal point)");
  }
  return value;
}

Result<double> Table::Number(const Row& row, std::string_view column) const {
  std::optional<size_t> col = ColumnIndex(column);
  if (!col || *col >= row.cells.size()) {
    return Error(row, column, "the file has no such column; add it to the header");
  }
  CPK_ASSIGN_OR_RETURN(std::optional<double> value, OptionalNumber(row, column));
  if (!value) return Error(row, column, "a number is required but the cell is empty");
  return *value;
}

}  // namespace carbonpeak::csv
