#include "planimport/text/layout.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/text.h"
#include "planimport/text/chars.h"

namespace carbonpeak::planimport {
namespace {

bool IsAsciiAlnum(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

int CjkNumeral(std::u32string_view s, size_t* len) {
  // 一 … 九十九; returns 0 when there is none.
  auto digit = [](char32_t c) -> int {
    switch (c) {
      case U'一':
        return 1;
      case U'二':
        return 2;
      case U'三':
        return 3;
      case U'四':
        return 4;
      case U'五':
        return 5;
      case U'六':
        return 6;
      case U'七':
        return 7;
      case U'八':
        return 8;
      case U'九':
        return 9;
      default:
        return -1;
    }
  };
  size_t i = 0;
  int value = 0;
  int current = 0;
  bool any = false;
  while (i < s.size() && i < 4) {
    char32_t c = s[i];
    if (c == U'十') {
      value += (current == 0 ? 1 : current) * 10;
      current = 0;
      any = true;
    } else if (int d = digit(c); d > 0) {
      current = d;
      any = true;
    } else {
      break;
    }
    ++i;
  }
  if (!any) return 0;
  *len = i;
  return value + current;
}

int AsciiNumber(std::u32string_view s, size_t* len) {
  size_t i = 0;
  int value = 0;
  while (i < s.size() && i < 3 && s[i] >= U'0' && s[i] <= U'9') {
    value = value * 10 + static_cast<int>(s[i] - U'0');
    ++i;
  }
  if (i == 0) return 0;
  *len = i;
  return value;
}

bool IsTerminal(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'：' || c == U'）' ||
         c == U'】' || c == U'!' || c == U'?';
}

// A table-of-contents line: heading text followed by dot leaders or spaces and a page number.
bool LooksLikeTocLine(std::u32string_view raw) {
  size_t end = raw.size();
  while (end > 0 && text::IsSpace(raw[end - 1])) --end;
  size_t digits = end;
  while (digits > 0 && ((raw[digits - 1] >= U'0' && raw[digits - 1] <= U'9') ||
                        (raw[digits - 1] >= U'０' && raw[digits - 1] <= U'９'))) {
    --digits;
  }
  if (digits == end || digits == 0 || end - digits > 3) return false;
  char32_t before = raw[digits - 1];
  return before == U'.' || before == U'…' || before == U'·' || before == U'-' ||
         text::IsSpace(before) || before == U'\t';
}

struct Line {
  int number = 0;
  std::u32string raw;
  std::u32string text;
  std::vector<int> cols;
  bool tab = false;
  bool blank = true;
};

Para LinePara(const Line& l) {
  Para p;
  p.text = l.text;
  p.line.assign(l.text.size(), l.number);
  p.col = l.cols;
  p.first_line = p.last_line = l.number;
  p.cell = l.tab;
  return p;
}

void Append(Para& p, const Line& l) {
  p.text += l.text;
  p.line.insert(p.line.end(), l.text.size(), l.number);
  p.col.insert(p.col.end(), l.cols.begin(), l.cols.end());
  p.last_line = l.number;
}

bool IsNoticeLine(std::u32string_view t) {
  if (t.size() > 40) return false;
  if (Contains(t, U"〔") && Contains(t, U"〕") && Contains(t, U"号")) return true;
  if (Contains(t, U"印发") || Contains(t, U"通知") || StartsWithU(t, U"现将")) return true;
  if (StartsWithU(t, U"各") && (t.back() == U'：' || Contains(t, U"单位"))) return true;
  if (LooksLikeDate(t)) return true;
  if (t.size() <= 20 && (EndsWithU(t, U"人民政府") || EndsWithU(t, U"办公室"))) return true;
  return false;
}

bool IsTitleLine(std::u32string_view t) {
  if (t.empty() || t.size() > 60) return false;
  if (Contains(t, U"印发") || Contains(t, U"通知") || StartsWithU(t, U"关于") ||
      Contains(t, U"。")) {
    return false;
  }
  return (Contains(t, U"方案") || Contains(t, U"规划") || Contains(t, U"计划")) &&
         (Contains(t, U"碳") || Contains(t, U"达峰"));
}

bool IsEndMarker(const Line& l) {
  std::u32string_view t = l.text;
  if (StartsWithU(t, U"抄送") || StartsWithU(t, U"抄报")) return true;
  if (t.size() <= 30 && Contains(t, U"大事记")) return true;
  if (t.size() <= 40 && EndsWithU(t, U"印发") && Contains(t, U"年")) return true;
  return false;
}

int StyleRank(HeadingStyle s) { return static_cast<int>(s); }

}  // namespace

std::string Para::Utf8() const { return text::EncodeUtf8(text); }

int Para::LineAt(size_t pos) const {
  if (line.empty()) return first_line;
  return line[std::min(pos, line.size() - 1)];
}

int Para::ColAt(size_t pos) const {
  if (col.empty()) return 0;
  return col[std::min(pos, col.size() - 1)];
}

void NormalizeLine(std::u32string_view raw, std::u32string& out, std::vector<int>& cols) {
  out.clear();
  cols.clear();
  std::u32string mapped;
  std::vector<int> mapped_cols;
  mapped.reserve(raw.size());
  mapped_cols.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char32_t c = raw[i];
    if (c == U'[' && StartsWithU(raw.substr(i), U"[bookmark:")) {
      size_t close = raw.find(U']', i);
      if (close != std::u32string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == U'*' && i + 1 < raw.size() && raw[i + 1] == U'*') {
      ++i;
      continue;
    }
    if (c == U'\uFEFF' || c == U'\u200B') continue;
    char32_t prev = i > 0 ? raw[i - 1] : 0;
    char32_t next = i + 1 < raw.size() ? raw[i + 1] : 0;
    auto digit = [](char32_t d) { return (d >= U'0' && d <= U'9') || (d >= U'０' && d <= U'９'); };
    if (c >= U'０' && c <= U'９') {
      c = U'0' + (c - U'０');
    } else if (c >= U'Ａ' && c <= U'Ｚ') {
      c = U'A' + (c - U'Ａ');
    } else if (c >= U'ａ' && c <= U'ｚ') {
      c = U'a' + (c - U'ａ');
    } else if (c == U'％') {
      c = U'%';
    } else if (c == U'．') {
      c = U'.';
    } else if (c == U'＋') {
      c = U'+';
    } else if (c == U'－') {
      c = U'-';
    } else if (c == U'／') {
      c = U'/';
    } else if (c == U'＜') {
      c = U'<';
    } else if (c == U'＞') {
      c = U'>';
    } else if (c == U'(') {
      c = U'（';
    } else if (c == U')') {
      c = U'）';
    } else if (c == U',' && !(digit(prev) && digit(next))) {
      c = U'，';
    } else if (c == U';') {
      c = U'；';
    } else if (c == U':' && !(digit(prev) && digit(next))) {
      c = U'：';
    } else if (c == U'~' || c == U'〜') {
      c = U'～';
    } else if (c == U'\t' || text::IsSpace(c)) {
      c = U' ';
    }
    mapped.push_back(c);
    mapped_cols.push_back(static_cast<int>(i));
  }
  for (size_t i = 0; i < mapped.size(); ++i) {
    if (mapped[i] == U' ') {
      size_t j = i;
      while (j < mapped.size() && mapped[j] == U' ') ++j;
      bool keep =
          !out.empty() && j < mapped.size() && IsAsciiAlnum(out.back()) &&
          IsAsciiAlnum(mapped[j]) &&
          !((out.back() >= U'0' && out.back() <= U'9') && (mapped[j] >= U'0' && mapped[j] <= U'9'));
      if (keep) {
        out.push_back(U' ');
        cols.push_back(mapped_cols[i]);
      }
      i = j - 1;
      continue;
    }
    out.push_back(mapped[i]);
    cols.push_back(mapped_cols[i]);
  }
}

HeadingStyle DetectHeading(std::u32string_view t, size_t* number_len, int* number) {
  size_t len = 0;
  if (t.empty()) return HeadingStyle::kNone;
  if (t[0] == U'第') {
    int n = CjkNumeral(t.substr(1), &len);
    if (n > 0 && 1 + len < t.size() &&
        (t[1 + len] == U'章' || t[1 + len] == U'节' || StartsWithU(t.substr(1 + len), U"部分"))) {
      *number = n;
      *number_len = 1 + len + (t[1 + len] == U'部' ? 2 : 1);
      return HeadingStyle::kChapter;
    }
    return HeadingStyle::kNone;
  }
  if (int n = CjkNumeral(t, &len); n > 0) {
    if (len < t.size() && t[len] == U'、') {
      *number = n;
      *number_len = len + 1;
      return HeadingStyle::kCjkComma;
    }
    return HeadingStyle::kNone;
  }
  if (t[0] == U'（') {
    if (int n = CjkNumeral(t.substr(1), &len); n > 0 && 1 + len < t.size() && t[1 + len] == U'）') {
      *number = n;
      *number_len = len + 2;
      return HeadingStyle::kCjkParen;
    }
    if (int n = AsciiNumber(t.substr(1), &len);
        n > 0 && 1 + len < t.size() && t[1 + len] == U'）') {
      *number = n;
      *number_len = len + 2;
      return HeadingStyle::kDigitParen;
    }
    return HeadingStyle::kNone;
  }
  if (t[0] >= U'①' && t[0] <= U'⑳') {
    *number = static_cast<int>(t[0] - U'①') + 1;
    *number_len = 1;
    return HeadingStyle::kCircled;
  }
  if (int n = AsciiNumber(t, &len); n > 0 && len < t.size()) {
    char32_t sep = t[len];
    char32_t after = len + 1 < t.size() ? t[len + 1] : 0;
    bool after_ok = after != 0 && !(after >= U'0' && after <= U'9') && after != U'%' &&
                    after != U'年' && after != U'月' && after != U'日' && after != U'万';
    if ((sep == U'.' || sep == U'、') && after_ok && n <= 60) {
      *number = n;
      *number_len = len + 1;
      return HeadingStyle::kDigitDot;
    }
    if (sep == U'）' && after_ok && n <= 60) {
      *number = n;
      *number_len = len + 1;
      return HeadingStyle::kDigitHalfParen;
    }
  }
  return HeadingStyle::kNone;
}

Layout BuildLayout(std::string_view utf8) {
  Layout layout;
  std::vector<Line> lines;
  {
    size_t start = 0;
    int number = 0;
    while (start <= utf8.size()) {
      size_t end = utf8.find('\n', start);
      if (end == std::string_view::npos) end = utf8.size();
      std::string_view piece = utf8.substr(start, end - start);
      if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
      Line l;
      l.number = ++number;
      l.raw = text::DecodeUtf8(piece);
      size_t first = 0;
      while (first < l.raw.size() && (l.raw[first] == U' ' || l.raw[first] == U'\u3000')) ++first;
      l.tab = first < l.raw.size() && l.raw[first] == U'\t';
      NormalizeLine(l.raw, l.text, l.cols);
      l.blank = l.text.empty();
      if (l.blank && l.tab) l.blank = false;  // an empty table cell still counts
      lines.push_back(std::move(l));
      if (end == utf8.size()) break;
      start = end + 1;
    }
  }
  layout.total_lines = static_cast<int>(lines.size());
  if (lines.empty()) return layout;

  // --- The body: from the title (or the first 一、 heading) to the first end marker.
  size_t first_heading = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t len = 0;
    int number = 0;
    if (lines[i].blank || LooksLikeTocLine(lines[i].raw)) continue;
    if (DetectHeading(lines[i].text, &len, &number) == HeadingStyle::kCjkComma && number == 1) {
      bool has_second = false;
      for (size_t j = i + 1; j < lines.size() && !has_second; ++j) {
        size_t len2 = 0;
        int number2 = 0;
        if (!LooksLikeTocLine(lines[j].raw) &&
            DetectHeading(lines[j].text, &len2, &number2) == HeadingStyle::kCjkComma &&
            number2 == 2) {
          has_second = true;
        }
      }
      if (has_second) {
        first_heading = i;
        break;
      }
    }
  }
  size_t begin = 0;
  if (first_heading < lines.size()) {
    size_t seen = 0;
    bool found = false;
    for (size_t i = first_heading; i-- > 0 && seen < 30;) {
      if (lines[i].blank) continue;
      ++seen;
      if (IsTitleLine(lines[i].text)) {
        begin = i;
        found = true;
        break;
      }
      if (IsNoticeLine(lines[i].text) || LooksLikeTocLine(lines[i].raw)) {
        begin = i + 1;
        found = true;
        break;
      }
    }
    if (!found) begin = 0;
    if (begin > 0) {
      layout.notes.push_back("lines 1-" + std::to_string(lines[begin - 1].number) +
                             " are taken as the document's envelope (cover, contents or notice "
                             "header) and only read for the title, number and date");
    }
  }
  size_t end = lines.size();
  for (size_t i = std::max(begin, first_heading < lines.size() ? first_heading : begin);
       i < lines.size(); ++i) {
    if (IsEndMarker(lines[i])) {
      end = i;
      layout.notes.push_back(
          "the plan is taken to end before line " + std::to_string(lines[i].number) + " (" +
          text::EncodeUtf8(lines[i].text.substr(0, 20)) + "…); what follows is not read");
      break;
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if ((i < begin || i >= end) && !lines[i].blank) layout.envelope.push_back(LinePara(lines[i]));
  }
  layout.body_first_line = begin < lines.size() ? lines[begin].number : 0;
  layout.body_last_line = end > 0 ? lines[end - 1].number : 0;

  // --- Paragraphs and tables.
  std::vector<Para>& paras = layout.paras;
  bool open = false;  // the last paragraph may be continued
  size_t i = begin;
  while (i < end) {
    const Line& l = lines[i];
    if (l.blank) {
      ++i;
      continue;
    }
    if (l.tab) {
      // A run of blank-separated row pieces whose first line is tab-led.
      std::vector<std::vector<size_t>> pieces;
      size_t j = i;
      while (j < end) {
        if (lines[j].blank) {
          ++j;
          continue;
        }
        if (!lines[j].tab) break;
        std::vector<size_t> piece;
        while (j < end && !lines[j].blank) piece.push_back(j++);
        pieces.push_back(std::move(piece));
      }
      auto cells_of = [&](const std::vector<size_t>& piece) {
        std::vector<Para> cells;
        for (size_t k : piece) {
          if (lines[k].tab || cells.empty()) {
            cells.push_back(LinePara(lines[k]));
          } else {
            Append(cells.back(), lines[k]);
          }
        }
        return cells;
      };
      std::vector<Para> header = cells_of(pieces.front());
      if (header.size() >= 3) {
        Table table;
        table.first_line = l.number;
        table.after_para = static_cast<int>(paras.size()) - 1;
        for (size_t k = paras.size(); k-- > 0 && paras.size() - k <= 3;) {
          std::u32string_view t = paras[k].text;
          if (StartsWithU(t, U"附表") || Contains(t, U"指标") || Contains(t, U"项目") ||
              Contains(t, U"表")) {
            table.caption = paras[k].text;
            break;
          }
        }
        table.rows.push_back(TableRow{std::move(header)});
        size_t width = table.rows[0].cells.size();
        TableRow pending;
        for (size_t p = 1; p < pieces.size(); ++p) {
          std::vector<Para> cells = cells_of(pieces[p]);
          for (Para& c : cells) pending.cells.push_back(std::move(c));
          if (pending.cells.size() >= width) {
            table.rows.push_back(std::move(pending));
            pending = TableRow{};
          }
        }
        if (!pending.cells.empty()) table.rows.push_back(std::move(pending));
        layout.tables.push_back(std::move(table));
      } else {
        bool box = !pieces.empty() && StartsWithU(lines[pieces.front().front()].text, U"专栏");
        for (const auto& piece : pieces) {
          for (size_t k : piece) {
            if (lines[k].text.empty()) continue;
            Para p = LinePara(lines[k]);
            p.cell = true;
            p.in_box = box;
            paras.push_back(std::move(p));
          }
        }
      }
      open = false;
      i = j;
      continue;
    }
    size_t len = 0;
    int number = 0;
    HeadingStyle style = DetectHeading(l.text, &len, &number);
    bool continues = open && !paras.empty() && style == HeadingStyle::kNone &&
                     !IsTerminal(paras.back().text.back()) && !StartsWithU(l.text, U"——") &&
                     !StartsWithU(l.text, U"专栏") && !StartsWithU(l.text, U"附件") &&
                     !StartsWithU(l.text, U"附表");
    if (continues) {
      Append(paras.back(), l);
    } else {
      paras.push_back(LinePara(l));
      paras.back().cell = false;
    }
    Para& p = paras.back();
    // A heading that stands alone (no full stop, short) is never continued.
    size_t hl = 0;
    int hn = 0;
    HeadingStyle hs = DetectHeading(p.text, &hl, &hn);
    open = !(hs != HeadingStyle::kNone && p.text.find(U'。') == std::u32string::npos &&
             p.text.size() <= 40);
    ++i;
  }

  // --- Very long paragraphs (a file without line breaks, a pasted table) are cut at sentence
  // ends so that every later step stays linear in the document size.
  {
    constexpr size_t kMaxPara = 3000;
    std::vector<Para> cut;
    cut.reserve(paras.size());
    for (Para& p : paras) {
      if (p.text.size() <= kMaxPara) {
        cut.push_back(std::move(p));
        continue;
      }
      size_t start = 0;
      while (start < p.text.size()) {
        size_t stop_at = std::min(p.text.size(), start + kMaxPara);
        if (stop_at < p.text.size()) {
          size_t stop = p.text.rfind(U'。', stop_at - 1);
          if (stop != std::u32string::npos && stop > start + kMaxPara / 2) stop_at = stop + 1;
        }
        Para piece;
        piece.text = p.text.substr(start, stop_at - start);
        piece.line.assign(p.line.begin() + static_cast<std::ptrdiff_t>(start),
                          p.line.begin() + static_cast<std::ptrdiff_t>(stop_at));
        piece.col.assign(p.col.begin() + static_cast<std::ptrdiff_t>(start),
                         p.col.begin() + static_cast<std::ptrdiff_t>(stop_at));
        piece.first_line = piece.line.front();
        piece.last_line = piece.line.back();
        piece.cell = p.cell;
        piece.in_box = p.in_box;
        cut.push_back(std::move(piece));
        start = stop_at;
      }
    }
    paras = std::move(cut);
  }

  // --- Headings and their levels.
  std::vector<std::pair<HeadingStyle, int>> stack;  // style, paragraph index
  for (size_t k = 0; k < paras.size(); ++k) {
    Para& p = paras[k];
    for (const auto& s : stack) p.path.push_back(s.second);
    if (p.cell) continue;
    size_t len = 0;
    int number = 0;
    HeadingStyle style = DetectHeading(p.text, &len, &number);
    if (style == HeadingStyle::kNone) continue;
    std::u32string_view rest = std::u32string_view(p.text).substr(len);
    while (!rest.empty() && rest.front() == U' ') rest.remove_prefix(1);
    size_t stop = rest.find(U'。');
    std::u32string_view title = rest.substr(0, stop);
    bool title_only =
        stop == std::u32string_view::npos ? rest.size() <= 60 : stop + 1 >= rest.size();
    if (title.empty() || (stop == std::u32string_view::npos && rest.size() > 60)) continue;
    // Sentences that merely start with a number ("1、2号机组…") are rare; accept the rest.
    auto found =
        std::find_if(stack.begin(), stack.end(), [&](const auto& s) { return s.first == style; });
    if (found != stack.end()) {
      stack.erase(found, stack.end());
    } else if (style == HeadingStyle::kCjkComma || style == HeadingStyle::kChapter) {
      while (!stack.empty() && StyleRank(stack.back().first) > StyleRank(style)) stack.pop_back();
    }
    p.path.clear();
    for (const auto& s : stack) p.path.push_back(s.second);
    stack.emplace_back(style, static_cast<int>(k));
    p.style = style;
    p.heading_level = static_cast<int>(stack.size());
    p.number = number;
    p.number_text = p.text.substr(0, len);
    p.title = std::u32string(title);
    while (!p.title.empty() && (p.title.back() == U'：' || p.title.back() == U' '))
      p.title.pop_back();
    p.title_only = title_only;
  }
  return layout;
}

}  // namespace carbonpeak::planimport
