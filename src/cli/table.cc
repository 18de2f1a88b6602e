#include "cli/table.h"

#include <algorithm>

namespace carbonpeak::cli {
namespace {

// Decodes one UTF-8 sequence at `pos`; invalid bytes count as one narrow character.
char32_t Next(std::string_view s, size_t& pos) {
  unsigned char c = static_cast<unsigned char>(s[pos]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (pos + static_cast<size_t>(len) > s.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3Fu);
  pos += static_cast<size_t>(len);
  return cp;
}

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string Cut(const std::string& s, size_t max_width) {
  if (DisplayWidth(s) <= max_width) return s;
  std::string out;
  size_t width = 0, pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char32_t cp = Next(s, pos);
    size_t w = IsWide(cp) ? 2 : 1;
    if (width + w + 1 > max_width) break;
    out.append(s, start, pos - start);
    width += w;
  }
  return out + "…";
}

}  // namespace

size_t DisplayWidth(std::string_view s) {
  size_t width = 0, pos = 0;
  while (pos < s.size()) width += IsWide(Next(s, pos)) ? 2 : 1;
  return width;
}

std::string TextTable::Render(size_t max_width) const {
  std::vector<std::vector<std::string>> cells;
  cells.push_back(header_);
  for (const auto& row : rows_) cells.push_back(row);
  size_t ncol = header_.size();
  for (const auto& row : cells) ncol = std::max(ncol, row.size());
  std::vector<size_t> widths(ncol, 0);
  for (auto& row : cells) {
    row.resize(ncol);
    for (size_t col = 0; col < ncol; ++col) {
      row[col] = Cut(row[col], max_width);
      widths[col] = std::max(widths[col], DisplayWidth(row[col]));
    }
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t col = 0; col < ncol; ++col) {
      line += row[col];
      if (col + 1 < ncol) line.append(widths[col] - DisplayWidth(row[col]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(cells[0]);
  std::string rule;
  for (size_t col = 0; col < ncol; ++col) {
    rule.append(widths[col], '-');
    if (col + 1 < ncol) rule += "  ";
  }
  out += rule + "\n";
  for (size_t idx = 1; idx < cells.size(); ++idx) emit(cells[idx]);
  return out;
}

}  // namespace carbonpeak::cli
