// Layout of a plan's text: normalised lines, the plan body cut out of its envelope (bulletin
// covers, contents pages, notice headers, unrelated chronicles, 抄送 footers), paragraphs
// re-joined across page breaks, headings with their level whatever the numbering style, and
// flattened tables (one cell per line, cells led by a tab, rows separated by blank lines).
//
//   Layout layout = BuildLayout(utf8_text);
//   for (const Para& p : layout.paras) {
//     if (p.heading_level == 1) { /* 一、… */ }
//   }
//
// Every character of a paragraph remembers its source line and column, so extracted items
// carry provenance. Thread safety: pure functions. Failure contract: never fails; odd input
// gives few paragraphs and notes in `notes`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::planimport {

/// Numbering styles of headings, in the order plans usually nest them.
enum class HeadingStyle {
  kNone,
  kChapter,         ///< 第一章 / 第一部分 / 第一节
  kCjkComma,        ///< 一、
  kCjkParen,        ///< （一） or (一)
  kDigitDot,        ///< 1. 1、 1．
  kDigitParen,      ///< （1） or (1)
  kDigitHalfParen,  ///< 1）
  kCircled,         ///< ①
};

/// A run of normalised text with per-character provenance.
struct Para {
  std::u32string text;
  std::vector<int> line;  ///< 1-based source line of each character.
  std::vector<int> col;   ///< 0-based code-point column of each character in its source line.
  int first_line = 0;
  int last_line = 0;
  HeadingStyle style = HeadingStyle::kNone;
  int heading_level = 0;       ///< 0 = body text; 1 = top level.
  int number = 0;              ///< Heading number as an integer (一 = 1, （3） = 3).
  std::u32string number_text;  ///< As written, e.g. U"（一）".
  std::u32string title;        ///< Heading title without number, up to the first 。
  bool title_only = false;     ///< Heading with no body text on its own.
  bool in_box = false;         ///< Inside a 专栏 box.
  bool cell = false;           ///< Came from a tab-led table cell line.
  std::vector<int> path;  ///< Indices (into Layout::paras) of the enclosing headings, outer first.

  std::string Utf8() const;
  /// Provenance of character `pos` (clamped).
  int LineAt(size_t pos) const;
  int ColAt(size_t pos) const;
};

struct TableRow {
  std::vector<Para> cells;
};

/// A flattened table with at least three columns.
struct Table {
  std::vector<TableRow> rows;  ///< rows[0] is the header.
  int first_line = 0;
  int after_para = -1;     ///< Index of the paragraph just before the table (-1: none).
  std::u32string caption;  ///< The nearest preceding line that names it (附表2 …), if any.
};

struct Layout {
  std::vector<Para> paras;         ///< Body paragraphs in document order.
  std::vector<Table> tables;       ///< Tables inside the body.
  std::vector<Para> envelope;      ///< Lines outside the body (for metadata), in order.
  std::vector<std::string> notes;  ///< What was cut and why (for diagnostics).
  int total_lines = 0;
  int body_first_line = 0;
  int body_last_line = 0;
};

/// Normalises one line: full-width digits, letters and ％ to ASCII, ASCII brackets and
/// punctuation to their Chinese forms (except inside numbers), spaces removed except between
/// ASCII letters/digits, [bookmark: …] tags and markdown ** removed. Columns map each output
/// character back to the input.
void NormalizeLine(std::u32string_view raw, std::u32string& out, std::vector<int>& cols);

/// Recognises a heading number at the start of `text`. Returns kNone when there is none.
HeadingStyle DetectHeading(std::u32string_view text, size_t* number_len, int* number);

Layout BuildLayout(std::string_view utf8);

}  // namespace carbonpeak::planimport
