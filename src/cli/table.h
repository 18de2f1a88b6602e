// Plain-text tables for terminal output that line up Chinese text (CJK characters take two
// columns). Pure formatting, no I/O.
//
//   cli::TextTable t({"代码", "名称"});
//   t.AddRow({"430703", "鼎城区"});
//   std::cout << t.Render();
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::cli {

/// Terminal columns `text` occupies: 2 for East Asian wide/full-width characters, else 1.
size_t DisplayWidth(std::string_view utf8);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  /// Columns separated by two spaces, a dashed rule under the header, cells longer than
  /// `max_width` columns cut with "…".
  std::string Render(size_t max_width = 60) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace carbonpeak::cli
