#include "planimport/extract/targets.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/text.h"
#include "planimport/text/chars.h"

namespace carbonpeak::planimport {
namespace {

using domain::TargetKind;

enum class Cmp { kPoint, kAtLeast, kAtMost, kRelative };

struct Verb {
  std::u32string_view text;
  Cmp cmp;
};

// Words right before a number that say how to read it. Longest match wins.
constexpr std::array kVerbs = {
    Verb{U"不得低于", Cmp::kAtLeast}, Verb{U"不得少于", Cmp::kAtLeast},
    Verb{U"不低于", Cmp::kAtLeast},   Verb{U"不少于", Cmp::kAtLeast},
    Verb{U"不小于", Cmp::kAtLeast},   Verb{U"超过", Cmp::kAtLeast},
    Verb{U"大于", Cmp::kAtLeast},     Verb{U"高于", Cmp::kAtLeast},
    Verb{U"多于", Cmp::kAtLeast},     Verb{U"突破", Cmp::kAtLeast},
    Verb{U"不低", Cmp::kAtLeast},     Verb{U"不高", Cmp::kAtMost},
    Verb{U"不得高于", Cmp::kAtMost},  Verb{U"不得超过", Cmp::kAtMost},
    Verb{U"不高于", Cmp::kAtMost},    Verb{U"不超过", Cmp::kAtMost},
    Verb{U"不大于", Cmp::kAtMost},    Verb{U"不多于", Cmp::kAtMost},
    Verb{U"低于", Cmp::kAtMost},      Verb{U"小于", Cmp::kAtMost},
    Verb{U"少于", Cmp::kAtMost},      Verb{U"控制在", Cmp::kAtMost},
    Verb{U"达到", Cmp::kPoint},       Verb{U"达", Cmp::kPoint},
    Verb{U"提高到", Cmp::kPoint},     Verb{U"提高至", Cmp::kPoint},
    Verb{U"提升到", Cmp::kPoint},     Verb{U"提升至", Cmp::kPoint},
    Verb{U"增加到", Cmp::kPoint},     Verb{U"增加至", Cmp::kPoint},
    Verb{U"增长到", Cmp::kPoint},     Verb{U"增长至", Cmp::kPoint},
    Verb{U"降低到", Cmp::kPoint},     Verb{U"降低至", Cmp::kPoint},
    Verb{U"下降到", Cmp::kPoint},     Verb{U"下降至", Cmp::kPoint},
    Verb{U"降到", Cmp::kPoint},       Verb{U"降至", Cmp::kPoint},
    Verb{U"稳定在", Cmp::kPoint},     Verb{U"保持在", Cmp::kPoint},
    Verb{U"维持在", Cmp::kPoint},     Verb{U"为", Cmp::kPoint},
    Verb{U"至", Cmp::kPoint},         Verb{U"到", Cmp::kPoint},
    Verb{U"下降", Cmp::kRelative},    Verb{U"降低", Cmp::kRelative},
    Verb{U"减少", Cmp::kRelative},    Verb{U"提高", Cmp::kRelative},
    Verb{U"增长", Cmp::kRelative},    Verb{U"压减", Cmp::kRelative},
    Verb{U"削减", Cmp::kRelative},    Verb{U"净增长", Cmp::kRelative},
};

// Verbs of doing (建设5000盏…): the indicator is named after the number.
constexpr std::array<std::u32string_view, 30> kActionVerbs = {
    U"新增",     U"新建",     U"建设",     U"建成", U"完成",     U"创建",
    U"培育",     U"改造",     U"新创",     U"引进", U"推广应用", U"推广",
    U"开通",     U"规划建设", U"支持建设", U"配备", U"建立",     U"实施",
    U"打造",     U"累计完成", U"改新建",   U"集聚", U"争创",     U"新引进落地",
    U"支持进行", U"支持",     U"规划改造", U"发展", U"认定",     U"申报"};

// Units written after numbers, longest first where one is a prefix of another.
constexpr std::array<std::u32string_view, 88> kUnits = {U"个百分点",
                                                        U"百分点",
                                                        U"吨标准煤/万元",
                                                        U"吨标煤/万元",
                                                        U"吨二氧化碳/万元",
                                                        U"万平方米/年",
                                                        U"蒸吨/小时",
                                                        U"吨标煤/年",
                                                        U"万吨标准煤",
                                                        U"万吨标煤",
                                                        U"吨标准煤",
                                                        U"吨标煤",
                                                        U"万吨二氧化碳当量",
                                                        U"万吨二氧化碳",
                                                        U"吨二氧化碳当量",
                                                        U"吨二氧化碳",
                                                        U"万千瓦时",
                                                        U"亿千瓦时",
                                                        U"千瓦时",
                                                        U"万千瓦",
                                                        U"千瓦",
                                                        U"兆瓦",
                                                        U"万kW",
                                                        U"MWh",
                                                        U"MW",
                                                        U"GW",
                                                        U"kWh",
                                                        U"kW",
                                                        U"KW",
                                                        U"万立方米",
                                                        U"亿立方米",
                                                        U"立方米",
                                                        U"万m³",
                                                        U"m³",
                                                        U"万平方米",
                                                        U"平方米",
                                                        U"平方公里",
                                                        U"平方千米",
                                                        U"万公顷",
                                                        U"公顷",
                                                        U"万亩",
                                                        U"亩",
                                                        U"万吨",
                                                        U"吨",
                                                        U"万头",
                                                        U"头",
                                                        U"万羽",
                                                        U"羽",
                                                        U"万只",
                                                        U"万人",
                                                        U"人",
                                                        U"个",
                                                        U"家",
                                                        U"座",
                                                        U"条",
                                                        U"处",
                                                        U"口",
                                                        U"盏",
                                                        U"户",
                                                        U"台",
                                                        U"件",
                                                        U"名",
                                                        U"辆",
                                                        U"套",
                                                        U"所",
                                                        U"项",
                                                        U"公里",
                                                        U"千米",
                                                        U"km",
                                                        U"亿元",
                                                        U"万元",
                                                        U"元",
                                                        U"蒸吨",
                                                        U"千伏",
                                                        U"kV",
                                                        U"%",
                                                        U"‰",
                                                        U"米",
                                                        U"T",
                                                        U"t",
                                                        U"天",
                                                        U"小时",
                                                        U"年",
                                                        U"辆次",
                                                        U"人次",
                                                        U"万辆",
                                                        U"万户",
                                                        U"万株"};

constexpr std::array<std::u32string_view, 7> kSuffixes = {U"及以上", U"以上", U"及以下", U"以下",
                                                          U"以内",   U"之内", U"左右"};

constexpr std::array<std::u32string_view, 6> kQualifiers = {U"力争", U"确保", U"原则上",
                                                            U"争取", U"预计", U"计划"};

bool IsDelim(char32_t c) {
  return c == U'，' || c == U'；' || c == U'。' || c == U'：' || c == U'！' || c == U'？' ||
         c == U'\n';
}

struct Token {
  size_t begin = 0;
  size_t end = 0;  // end of number (and range)
  double value = 0;
  std::optional<double> high;
  std::u32string unit;
  std::u32string suffix;
  size_t end_all = 0;  // after unit and suffix
  bool more = false;   // 90余个: more than the number
};

struct YearMark {
  size_t pos = 0;  // position of the first digit (or of 十四五)
  size_t end = 0;  // position after 年/年底/年前 …
  int year = 0;
  bool before = false;  // 2030年前
};

size_t ParseDigits(std::u32string_view t, size_t i, double* value) {
  size_t j = i;
  std::string ascii;
  while (j < t.size() && (IsDigit(t[j]) || (t[j] == U',' && j + 3 < t.size() + 1 && j > i &&
                                            j + 1 < t.size() && IsDigit(t[j + 1])))) {
    if (t[j] != U',') ascii.push_back(static_cast<char>(t[j]));
    ++j;
  }
  if (j < t.size() && t[j] == U'.' && j + 1 < t.size() && IsDigit(t[j + 1])) {
    ascii.push_back('.');
    ++j;
    while (j < t.size() && IsDigit(t[j])) ascii.push_back(static_cast<char>(t[j++]));
  }
  if (ascii.empty()) return i;
  *value = std::strtod(ascii.c_str(), nullptr);
  return j;
}

std::optional<Token> ReadToken(std::u32string_view t, size_t i) {
  Token tok;
  tok.begin = i;
  size_t j = ParseDigits(t, i, &tok.value);
  if (j == i) return std::nullopt;
  tok.end = j;
  // Range: 5～10, 2-3, 400-500
  if (j + 1 < t.size() &&
      (t[j] == U'～' || t[j] == U'-' || t[j] == U'—' || t[j] == U'–' || t[j] == U'至') &&
      IsDigit(t[j + 1])) {
    double high = 0;
    size_t k = ParseDigits(t, j + 1, &high);
    if (k > j + 1 && high > tok.value) {
      tok.high = high;
      tok.end = j = k;
    }
  }
  if (j < t.size() && (t[j] == U'余' || t[j] == U'多') && j + 1 < t.size() && !IsDigit(t[j + 1])) {
    tok.more = true;
    ++j;
  }
  for (std::u32string_view u : kUnits) {
    if (t.substr(j, u.size()) == u) {
      tok.unit = std::u32string(u);
      j += u.size();
      break;
    }
  }
  // "5～10家" may also be written "5家～10家"
  for (std::u32string_view s : kSuffixes) {
    if (t.substr(j, s.size()) == s) {
      tok.suffix = std::u32string(s);
      j += s.size();
      break;
    }
  }
  tok.end_all = j;
  return tok;
}

bool SkipToken(std::u32string_view t, const Token& tok) {
  size_t b = tok.begin;
  if (tok.unit == U"千伏" || tok.unit == U"kV") return true;  // voltage levels name equipment
  for (std::u32string_view label :
       {std::u32string_view(U"附表"), std::u32string_view(U"附件"), std::u32string_view(U"专栏"),
        std::u32string_view(U"表"), std::u32string_view(U"图")}) {
    if (b >= label.size() && t.substr(b - label.size(), label.size()) == label) return true;
  }
  if (b > 0) {
    char32_t p = t[b - 1];
    if ((p >= U'A' && p <= U'Z') || (p >= U'a' && p <= U'z') || p == U'第' || p == U'.' ||
        p == U'/' || p == U'〔' || p == U'[' || p == U'-' || p == U'—' || p == U'～') {
      return true;
    }
  }
  size_t after = tok.end;
  if (tok.unit.empty() && after < t.size()) {
    char32_t a = t[after];
    if (a == U'年' || a == U'月' || a == U'日' || a == U'号' || a == U'时' || a == U'期' ||
        a == U'批' || a == U'次' || a == U'届' || a == U'版' || a == U'岁' || a == U'倍' ||
        a == U'级' || a == U'星' || a == U'类' || a == U'〕' || a == U'大' || a == U'项' ||
        a == U'纵' || a == U'横' || a == U'类' || a == U'型' || a == U'代' || a == U'.' ||
        (a >= U'A' && a <= U'Z') || (a >= U'a' && a <= U'z') || a == U'/') {
      return true;
    }
  }
  if (!tok.unit.empty() && tok.end_all < t.size()) {
    char32_t a = t[tok.end_all];
    bool ascii_unit = tok.unit[0] < 0x80;
    if (a == U'级' || a == U'/' ||
        (ascii_unit && ((a >= U'A' && a <= U'Z') || (a >= U'a' && a <= U'z')))) {
      return true;
    }
  }
  // A bare four-digit year.
  if (tok.unit == U"年" || (tok.value >= 1949 && tok.value <= 2100 && tok.end - tok.begin == 4 &&
                            tok.unit.empty() && !tok.high)) {
    return true;
  }
  return false;
}

std::vector<YearMark> FindYears(std::u32string_view t, int* base_year_out) {
  std::vector<YearMark> marks;
  int title_depth = 0;
  for (size_t i = 0; i + 4 < t.size(); ++i) {
    if (t[i] == U'《') ++title_depth;
    if (t[i] == U'》' && title_depth > 0) --title_depth;
    if (title_depth > 0) continue;  // years inside a cited title: 《…规划（2023—2027年）》
    if (i > 0 && (t[i - 1] == U'—' || t[i - 1] == U'-' || t[i - 1] == U'～')) continue;
    if (!(IsDigit(t[i]) && IsDigit(t[i + 1]) && IsDigit(t[i + 2]) && IsDigit(t[i + 3]))) continue;
    if (i > 0 && IsDigit(t[i - 1])) continue;
    if (IsDigit(t[i + 4]) || t[i + 4] != U'年') continue;
    int year = static_cast<int>((t[i] - U'0') * 1000 + (t[i + 1] - U'0') * 100 +
                                (t[i + 2] - U'0') * 10 + (t[i + 3] - U'0'));
    if (year < 1990 || year > 2100) continue;
    size_t end = i + 5;
    // a date 2024年3月: not a target year
    if (end < t.size() && IsDigit(t[end])) continue;
    std::u32string_view before = t.substr(i >= 3 ? i - 3 : 0, i >= 3 ? 3 : i);
    std::u32string_view after = t.substr(end, 6);
    bool base = EndsWithU(before, U"较") || EndsWithU(before, U"比") || EndsWithU(before, U"与") ||
                EndsWithU(before, U"相比") || StartsWithU(after, U"相比") ||
                StartsWithU(after, U"为基") || StartsWithU(after, U"基础上") ||
                StartsWithU(after, U"的基础");
    if (base) {
      if (base_year_out && year < 2025) *base_year_out = year;
      continue;
    }
    YearMark m;
    m.pos = i;
    m.year = year;
    if (StartsWithU(after, U"底") || StartsWithU(after, U"末")) ++end;
    if (end < t.size() && t[end] == U'前') {
      m.before = true;
      ++end;
    }
    m.end = end;
    marks.push_back(m);
  }
  for (std::u32string_view plan :
       {std::u32string_view(U"十四五"), std::u32string_view(U"十五五")}) {
    size_t pos = 0;
    while ((pos = t.find(plan, pos)) != std::u32string_view::npos) {
      size_t end = pos + plan.size();
      if (end < t.size() && (t[end] == U'”' || t[end] == U'"')) ++end;
      std::u32string_view after = t.substr(end, 4);
      if (StartsWithU(after, U"末") || StartsWithU(after, U"期末") || StartsWithU(after, U"期间") ||
          StartsWithU(after, U"时期") || StartsWithU(after, U"规划期")) {
        YearMark m;
        m.pos = pos;
        m.end = end + 2;
        m.year = plan == U"十四五" ? 2025 : 2030;
        marks.push_back(m);
      }
      pos = end;
    }
  }
  std::sort(marks.begin(), marks.end(),
            [](const YearMark& a, const YearMark& b) { return a.pos < b.pos; });
  return marks;
}

// Start of the clause that ends at `pos`: after the last delimiter or unmatched 「（」.
size_t ClauseStart(std::u32string_view t, size_t pos) {
  int depth = 0;
  for (size_t i = pos; i-- > 0;) {
    char32_t c = t[i];
    if (c == U'）') {
      ++depth;
    } else if (c == U'（') {
      if (depth == 0) return i + 1;
      --depth;
    } else if (depth == 0 && IsDelim(c)) {
      return i + 1;
    }
  }
  return 0;
}

size_t SentenceStart(std::u32string_view t, size_t pos) {
  for (size_t i = pos; i-- > 0;) {
    if (t[i] == U'。' || t[i] == U'；' || t[i] == U'！' || t[i] == U'？') return i + 1;
  }
  return 0;
}

size_t AfterPhraseEnd(std::u32string_view t, size_t pos) {
  size_t i = pos;
  while (i < t.size() && !IsDelim(t[i]) && t[i] != U'、' && t[i] != U'（' && !IsDigit(t[i]) &&
         !(t[i] == U'的' && i > pos)) {
    ++i;
  }
  return i;
}

std::u32string StripFillers(std::u32string_view phrase) {
  static constexpr std::array<std::u32string_view, 40> kFillers = {
      U"全区", U"全县", U"全市", U"全镇",   U"本区", U"本县", U"本市", U"我区", U"我县", U"我市",
      U"力争", U"确保", U"争取", U"原则上", U"基本", U"实现", U"其中", U"同时", U"逐步", U"累计",
      U"分别", U"均",   U"共",   U"计划",   U"预计", U"每年", U"并",   U"且",   U"要",   U"将",
      U"使",   U"总",   U"达",   U"年",     U"底",   U"末",   U"前",   U"区",   U"县",   U"全"};
  std::u32string p = CleanPhrase(phrase);
  bool changed = true;
  while (changed && !p.empty()) {
    changed = false;
    for (std::u32string_view f : kFillers) {
      if (StartsWithU(p, f)) {
        p.erase(0, f.size());
        changed = true;
      }
      if (EndsWithU(p, f)) {
        p.erase(p.size() - f.size());
        changed = true;
      }
    }
    for (std::u32string_view v : kActionVerbs) {
      if (p == v) {
        p.clear();
        changed = true;
        break;
      }
    }
    for (const Verb& v : kVerbs) {
      if (EndsWithU(p, v.text) && v.text.size() >= 2) {
        p.erase(p.size() - v.text.size());
        changed = true;
      }
    }
  }
  return p;
}

bool IsActionVerbOnly(std::u32string_view cleaned) {
  for (std::u32string_view v : kActionVerbs) {
    if (cleaned == v) return true;
  }
  return false;
}

std::string Utf8(std::u32string_view s) { return text::EncodeUtf8(s); }

std::vector<std::u32string> SplitParts(std::u32string_view phrase) {
  std::vector<std::u32string> parts;
  std::u32string current;
  int depth = 0;
  for (size_t i = 0; i < phrase.size(); ++i) {
    char32_t c = phrase[i];
    if (c == U'（') ++depth;
    if (c == U'）' && depth > 0) --depth;
    bool sep = depth == 0 && (c == U'、' || c == U'和' || c == U'及' || c == U'与');
    if (depth == 0 && c == U'以' && i + 1 < phrase.size() && phrase[i + 1] == U'及') {
      parts.push_back(current);
      current.clear();
      ++i;
      continue;
    }
    if (sep) {
      parts.push_back(current);
      current.clear();
      continue;
    }
    current.push_back(c);
  }
  parts.push_back(current);
  std::vector<std::u32string> out;
  for (auto& p : parts) {
    if (!p.empty()) out.push_back(std::move(p));
  }
  return out;
}

struct PartMatch {
  IndicatorMatch match;
  std::u32string phrase;
};

// Matches each part of a list phrase, borrowing the shared head of the first part and the
// shared tail of the last part ("单位GDP能耗和二氧化碳排放下降率").
std::vector<PartMatch> MatchParts(const IndicatorMatcher& matcher,
                                  const std::vector<std::u32string>& parts, std::string_view unit,
                                  bool numeric) {
  std::vector<PartMatch> out;
  const std::u32string& first = parts.front();
  const std::u32string& last = parts.back();
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::u32string& p = parts[i];
    std::vector<std::u32string> variants;
    variants.push_back(p);
    if (i + 1 < parts.size()) {
      for (size_t k = last.size(); k-- > 1;) variants.push_back(p + last.substr(k));
    }
    if (i > 0) {
      for (size_t k = 1; k < first.size(); ++k) {
        std::u32string head = first.substr(0, k);
        variants.push_back(head + p);
        if (i + 1 < parts.size()) {
          for (size_t m = last.size(); m-- > 1;) variants.push_back(head + p + last.substr(m));
        }
      }
    }
    PartMatch best;
    size_t best_len = 0;
    for (const std::u32string& v : variants) {
      IndicatorMatch m = matcher.MatchExact(v, unit, numeric);
      if (!m.def) continue;
      size_t len = m.end - m.begin;
      // the match must use the part's own words, not only borrowed ones
      std::u32string_view matched = std::u32string_view(CleanPhrase(v)).substr(m.begin, len);
      (void)matched;
      if (len > best_len) {
        best_len = len;
        best.match = m;
        best.phrase = v;
      }
    }
    out.push_back(std::move(best));
  }
  return out;
}

domain::Provenance Prov(const Para& p, size_t begin, size_t end, const std::string& doc) {
  domain::Provenance pr;
  pr.document = doc;
  pr.line = p.LineAt(begin);
  pr.span_begin = p.ColAt(begin);
  int end_col = end > begin ? p.ColAt(end - 1) + 1 : pr.span_begin;
  pr.span_end = p.LineAt(end > begin ? end - 1 : begin) == pr.line ? end_col : -1;
  return pr;
}

std::string QualifierIn(std::u32string_view clause) {
  for (std::u32string_view q : kQualifiers) {
    if (Contains(clause, q)) return Utf8(q);
  }
  return "";
}

TargetKind KindOf(Cmp verb, const Token& tok) {
  if (tok.high) return TargetKind::kRange;
  if (verb == Cmp::kAtLeast) return TargetKind::kAtLeast;
  if (verb == Cmp::kAtMost) return TargetKind::kAtMost;
  if (tok.suffix == U"以上" || tok.suffix == U"及以上") return TargetKind::kAtLeast;
  if (tok.suffix == U"以下" || tok.suffix == U"及以下" || tok.suffix == U"以内" ||
      tok.suffix == U"之内") {
    return TargetKind::kAtMost;
  }
  if (tok.suffix == U"左右") return TargetKind::kAbout;
  if (tok.more) return TargetKind::kAtLeast;
  return TargetKind::kPoint;
}

void Dedupe(std::vector<FoundTarget>& found) {
  std::vector<FoundTarget> out;
  for (FoundTarget& f : found) {
    bool dup = std::any_of(out.begin(), out.end(), [&](const FoundTarget& o) {
      return o.target.indicator == f.target.indicator && o.target.year == f.target.year &&
             o.target.kind == f.target.kind && o.target.value == f.target.value &&
             o.target.value_high == f.target.value_high;
    });
    if (!dup) out.push_back(std::move(f));
  }
  found = std::move(out);
}

std::string Excerpt(std::u32string_view t, size_t begin, size_t end) {
  begin = std::min(begin, t.size());
  end = std::min(std::max(end, begin), t.size());
  if (end - begin > 60) end = begin + 60;
  return Utf8(t.substr(begin, end - begin));
}

// 1000吨标准煤以上的企业 / 65蒸吨/小时及以上燃煤锅炉: a number that delimits whom a measure
// concerns, not a target.
bool IsScopeThreshold(std::u32string_view t, const Token& tok) {
  std::u32string_view rest0 = t.substr(tok.end_all);
  bool energy_amount = Contains(tok.unit, U"标准煤") || Contains(tok.unit, U"标煤");
  if (energy_amount && (StartsWithU(rest0, U"企业") || StartsWithU(rest0, U"单位") ||
                        StartsWithU(rest0, U"用能") || StartsWithU(rest0, U"的"))) {
    return true;  // 年综合能源消费量未达1000吨标准煤企业
  }
  if (tok.begin >= 2 && (t[tok.begin - 2] == U'未' || t.substr(tok.begin - 2, 2) == U"未达")) {
    return true;
  }
  if (tok.suffix.empty() || tok.suffix == U"左右") return false;
  // 不再新建35蒸吨/小时以下燃煤锅炉 is a restriction, i.e. a target.
  std::u32string_view head =
      t.substr(tok.begin >= 6 ? tok.begin - 6 : 0, tok.begin >= 6 ? 6 : tok.begin);
  if (Contains(head, U"不再新建") || Contains(head, U"禁止新建") || Contains(head, U"不得新建")) {
    return false;
  }
  std::u32string_view rest = t.substr(tok.end_all);
  for (std::u32string_view w :
       {std::u32string_view(U"的"), std::u32string_view(U"企业"), std::u32string_view(U"用能"),
        std::u32string_view(U"重点"), std::u32string_view(U"单位"), std::u32string_view(U"燃煤"),
        std::u32string_view(U"锅炉"), std::u32string_view(U"项目")}) {
    if (StartsWithU(rest, w)) return true;
  }
  return false;
}

// True when an enumeration item (一是/二是…, 其次, 另外) starts between a year and a number.
bool YearScopeBroken(std::u32string_view t, size_t from, size_t to) {
  for (size_t i = from; i + 1 < to && i + 1 < t.size(); ++i) {
    if (t[i + 1] == U'是' &&
        (i == 0 || t[i - 1] == U'。' || t[i - 1] == U'；' || t[i - 1] == U'，')) {
      size_t len = 0;
      char32_t c = t[i];
      if (c == U'一' || c == U'二' || c == U'三' || c == U'四' || c == U'五' || c == U'六' ||
          c == U'七' || c == U'八' || c == U'九' || c == U'十') {
        (void)len;
        return true;
      }
    }
  }
  return false;
}

// 每年预计改造 → 改造: words of time and intent before the words that name something.
std::u32string StripLeadingQualifiers(std::u32string phrase) {
  static constexpr std::array<std::u32string_view, 12> kLeading = {
      U"每年", U"年均", U"预计", U"计划", U"力争", U"确保",
      U"争取", U"累计", U"共",   U"全年", U"逐年", U"均"};
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::u32string_view w : kLeading) {
      if (StartsWithU(phrase, w)) {
        phrase.erase(0, w.size());
        changed = true;
      }
    }
  }
  return phrase;
}

// 日处理量为100T, 每年改造50万平方米: an amount per day or per year. "" when the words say
// neither or the unit is already a rate.
std::string RateUnit(std::u32string_view words, const std::string& unit) {
  if (unit.empty() || unit == "%" || unit == "‰" || unit.find('/') != std::string::npos) return "";
  if (Contains(words, U"日处理") || Contains(words, U"日产") || Contains(words, U"每日") ||
      Contains(words, U"每天")) {
    return (unit == "T" ? std::string("t") : unit) + "/d";
  }
  if (Contains(words, U"每年") || Contains(words, U"年均")) return unit + "/年";
  return "";
}

// 年能耗1000吨标煤以上用能企业: a threshold of annual energy use is written in 吨标煤 after
// 年…能耗 / 年耗能 / 年…能源消费量; the catalogue keeps such thresholds per year.
std::string ThresholdUnit(std::u32string_view t, const Token& tok) {
  std::string unit = text::EncodeUtf8(tok.unit);
  if (!(Contains(tok.unit, U"标准煤") || Contains(tok.unit, U"标煤"))) return unit;
  size_t from = tok.begin >= 10 ? tok.begin - 10 : 0;
  std::u32string_view head = t.substr(from, tok.begin - from);
  size_t year = head.rfind(U'年');
  if (year != std::u32string_view::npos &&
      (Contains(head.substr(year), U"能耗") || Contains(head.substr(year), U"耗能") ||
       Contains(head.substr(year), U"能源消费"))) {
    return unit + "/年";
  }
  return unit;
}

}  // namespace

bool ParsePlainNumber(std::u32string_view t, double* value) {
  size_t i = 0;
  while (i < t.size() && t[i] == U' ') ++i;
  size_t j = ParseDigits(t, i, value);
  if (j == i) return false;
  while (j < t.size() && t[j] == U' ') ++j;
  return j == t.size();
}

std::vector<FoundTarget> TargetExtractor::FromParagraph(const Para& para,
                                                        std::vector<Diagnostic>* diags) const {
  std::vector<FoundTarget> found;
  std::u32string_view t = para.text;
  int base_year = 0;
  std::vector<YearMark> years = FindYears(t, &base_year);
  // The year of a number: the last year named before it in the paragraph, unless a new item of
  // an enumeration (一是…二是…, （1）…) or a sentence that starts over without a year lies between.
  auto year_at = [&](size_t pos, bool* before) {
    int year = 0;
    size_t mark_pos = 0;
    for (const YearMark& m : years) {
      if (m.pos >= pos) break;
      year = m.year;
      mark_pos = m.pos;
      if (before) *before = m.before;
    }
    if (year != 0 && YearScopeBroken(t, mark_pos, pos)) year = 0;
    // 新建…不高于1.3，到2025年，…不高于1.5: a sentence that names its year after the number
    // does not inherit the year of an earlier sentence.
    size_t sentence = SentenceStart(t, pos);
    if (year != 0 && mark_pos < sentence) {
      size_t sentence_end = pos;
      while (sentence_end < t.size() && t[sentence_end] != U'。' && t[sentence_end] != U'；') {
        ++sentence_end;
      }
      for (const YearMark& m : years) {
        if (m.pos > pos && m.pos < sentence_end) {
          year = 0;
          break;
        }
      }
    }
    return year;
  };
  auto year_mark_end_before = [&](size_t pos) {
    size_t end = 0;
    for (const YearMark& m : years) {
      if (m.end <= pos) end = std::max(end, m.end);
    }
    return end;
  };
  auto base_in = [&](size_t from, size_t to) -> std::optional<int> {
    std::u32string_view clause = t.substr(from, to - from);
    int b = 0;
    FindYears(clause, &b);
    if (b > 0) return b;
    return std::nullopt;
  };
  auto make = [&](const refdata::IndicatorDef& def, int year, size_t begin, size_t end) {
    FoundTarget f;
    f.target.indicator = def.key;
    f.target.year = year;
    f.target.provenance = Prov(para, begin, end, document_);
    return f;
  };

  // --- 1. Peak years: 2030年前实现碳达峰, 2030年前陆路交通运输石油消费达到峰值.
  for (std::u32string_view kw : {std::u32string_view(U"碳达峰"), std::u32string_view(U"达到峰值"),
                                 std::u32string_view(U"达峰")}) {
    size_t pos = 0;
    while ((pos = t.find(kw, pos)) != std::u32string_view::npos) {
      size_t kw_end = pos + kw.size();
      size_t start = ClauseStart(t, pos);
      const YearMark* mark = nullptr;
      for (const YearMark& m : years) {
        if (m.pos >= start && m.end <= pos && m.year >= 2025) mark = &m;
      }
      if (mark) {
        std::u32string phrase(t.substr(mark->end, kw_end - mark->end));
        std::u32string core = StripFillers(t.substr(mark->end, pos - mark->end));
        IndicatorMatch m;
        if (core.empty() || core == U"碳" || core == U"率先" || core == U"碳排放") {
          m = matcher_->MatchExact(U"碳达峰", "", false);
        } else {
          m = matcher_->MatchExact(phrase, "", false);
        }
        if (m.def && m.def->unit == "年") {
          FoundTarget f = make(*m.def, mark->year, mark->pos, kw_end);
          f.target.kind = mark->before ? TargetKind::kAtMost : TargetKind::kPoint;
          f.target.value = mark->year;
          f.target.unit = "年";
          f.target.qualifier = QualifierIn(t.substr(start, kw_end - start));
          f.phrase = Utf8(phrase);
          found.push_back(std::move(f));
        }
      }
      pos = kw_end;
    }
  }

  // --- 2. Numbers.
  const refdata::IndicatorDef* last_def = nullptr;
  std::u32string last_phrase;
  size_t last_phrase_sentence = std::u32string_view::npos;
  size_t prev_value_end = 0;
  int title_depth = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == U'《') ++title_depth;
    if (t[i] == U'》' && title_depth > 0) --title_depth;
    if (!IsDigit(t[i]) || (i > 0 && (IsDigit(t[i - 1]) || t[i - 1] == U'.'))) continue;
    std::optional<Token> first = ReadToken(t, i);
    if (!first) continue;
    if (title_depth > 0 || SkipToken(t, *first)) {
      i = first->end - 1;
      continue;
    }
    // A list of values: 10%、50%以及40%
    if (first->end_all > 0 && SentenceStart(t, first->begin) > prev_value_end) prev_value_end = 0;
    std::vector<Token> values{*first};
    size_t j = first->end_all;
    while (j < t.size()) {
      size_t k = j;
      if (t[k] == U'、' || t[k] == U'和' || t[k] == U'及') {
        ++k;
      } else if (t.substr(k, 2) == U"以及") {
        k += 2;
      } else {
        break;
      }
      if (k >= t.size() || !IsDigit(t[k])) break;
      std::optional<Token> next = ReadToken(t, k);
      if (!next || SkipToken(t, *next)) break;
      if (next->unit.empty()) next->unit = first->unit;
      values.push_back(*next);
      j = next->end_all;
    }
    if (values.size() > 1 && values.front().unit.empty()) {
      for (Token& v : values) {
        if (v.unit.empty()) v.unit = values.back().unit;
      }
    }
    const Token& tok = values.front();
    std::string unit = Utf8(tok.unit);
    // The verb right before the number.
    Cmp cmp = Cmp::kPoint;
    size_t verb_begin = tok.begin;
    bool has_verb = false;
    for (const Verb& v : kVerbs) {
      if (tok.begin >= v.text.size() &&
          t.substr(tok.begin - v.text.size(), v.text.size()) == v.text &&
          tok.begin - v.text.size() < verb_begin) {
        verb_begin = tok.begin - v.text.size();
        cmp = v.cmp;
        has_verb = true;
      }
    }
    // 达到 … with a prefix such as 分别/均 before it stays in the phrase and is stripped later.
    size_t clause = ClauseStart(t, tok.begin);
    clause = std::max(clause, std::min(year_mark_end_before(tok.begin), verb_begin));
    if (prev_value_end > clause && prev_value_end <= verb_begin) {
      clause = prev_value_end;  // 生猪80万头、肉牛3.5万头: the phrase starts after the last value
      // 完成52个老旧小区、6000户“一户一表”、24座公厕: each value has its own words.
      for (size_t k = verb_begin; k-- > clause;) {
        if (t[k] == U'、') {
          clause = k + 1;
          break;
        }
      }
      while (clause < verb_begin && (t[clause] == U'、' || t[clause] == U'和' ||
                                     t[clause] == U'及' || t[clause] == U'的')) {
        ++clause;
      }
    }
    size_t sentence = SentenceStart(t, tok.begin);
    // Indicator names are short: look at most 40 characters back and 24 ahead.
    if (verb_begin - clause > 40) clause = verb_begin - 40;
    std::u32string before(t.substr(clause, verb_begin - clause));
    std::u32string before_clean = StripFillers(before);
    size_t after_begin = values.back().end_all;
    size_t after_end = std::min(AfterPhraseEnd(t, after_begin), after_begin + 24);
    std::u32string after(t.substr(after_begin, after_end - after_begin));
    bool before_is_action = before_clean.empty() || IsActionVerbOnly(before_clean);
    std::string rate_unit = RateUnit(before, unit);
    std::string value_unit = unit;  // the unit the value is read in (a rate when the words say so)
    bool carried = false;
    bool has_suffix = !tok.suffix.empty();
    int year = year_at(tok.begin, nullptr);
    bool year_given = year != 0;
    bool past =
        Contains(before, U"已") || Contains(t.substr(clause, tok.begin - clause), U"已完成");

    // Phrase variants: 单位GDP能耗较2020年下降14.5% names the reduction rate.
    auto match_before = [&](bool exact_only, const std::string& fit_unit) {
      IndicatorMatch m;
      if (cmp == Cmp::kRelative && fit_unit == "%") {
        std::u32string base = before;
        size_t cut = base.find(U"较");
        if (cut == std::u32string::npos) cut = base.find(U"比");
        if (cut != std::u32string::npos) base.erase(cut);
        std::u32string verb(t.substr(verb_begin, tok.begin - verb_begin));
        for (const std::u32string& v : {base + verb, base + verb + U"率"}) {
          m = matcher_->MatchExact(v, fit_unit, true);
          if (m.def) return m;
        }
        for (std::u32string_view tail :
             {std::u32string_view(U"下降率"), std::u32string_view(U"降低率"),
              std::u32string_view(U"降幅"), std::u32string_view(U"增长率"),
              std::u32string_view(U"增幅")}) {
          m = matcher_->MatchExact(base + std::u32string(tail), fit_unit, true);
          if (m.def) return m;
        }
      }
      m = exact_only ? matcher_->MatchExact(before, fit_unit, true)
                     : matcher_->Match(before, fit_unit, true);
      if (!m.def && fit_unit == "%" && EndsWithU(before, U"的")) {
        // 新能源汽车新车销售量达到汽车新车销售总量的20%: a share of the first quantity.
        size_t reach = before.find(U"达到");
        std::u32string head = before.substr(0, reach == std::u32string::npos ? 0 : reach);
        for (std::u32string_view tail : {std::u32string_view(U"占比"), std::u32string_view(U"比重"),
                                         std::u32string_view(U"比例")}) {
          if (head.empty()) break;
          m = matcher_->MatchExact(head + std::u32string(tail), fit_unit, true);
          if (m.def) break;
        }
      }
      return m;
    };
    auto match_after = [&]() {
      IndicatorMatch a = matcher_->MatchExact(after, unit, true);
      std::u32string cleaned = CleanPhrase(after);
      if (a.def && cleaned.size() - a.end > 3) a = IndicatorMatch{};
      return a;
    };

    std::vector<std::pair<IndicatorMatch, std::u32string>> matches;  // one per value
    // (a) list phrase with one value per part, or one value for all parts
    std::vector<std::u32string> parts = SplitParts(CleanPhrase(before));
    if (!before_is_action && parts.size() > 1 && parts.size() <= 6) {
      IndicatorMatch whole = matcher_->MatchExact(before, unit, true);
      std::vector<PartMatch> pm = MatchParts(*matcher_, parts, unit, true);
      size_t matched = 0;
      std::vector<std::string> keys;
      for (const PartMatch& p : pm) {
        if (p.match.def && std::find(keys.begin(), keys.end(), p.match.def->key) == keys.end()) {
          keys.push_back(p.match.def->key);
          ++matched;
        }
      }
      bool whole_spans = false;
      if (whole.def) {
        std::u32string cleaned = CleanPhrase(before);
        std::u32string_view span =
            std::u32string_view(cleaned).substr(whole.begin, whole.end - whole.begin);
        whole_spans = span.find(U'和') != std::u32string_view::npos ||
                      span.find(U'、') != std::u32string_view::npos ||
                      span.find(U'及') != std::u32string_view::npos;
      }
      if (matched >= 2 && !whole_spans) {
        for (const PartMatch& p : pm) {
          if (p.match.def) matches.emplace_back(p.match, p.phrase);
        }
      }
    }
    if (matches.empty()) {
      IndicatorMatch m;
      std::u32string used;
      if (!before_is_action) {
        m = match_before(true, unit);
        used = before;
        if (!m.def && !rate_unit.empty()) {
          m = match_before(true, rate_unit);
          if (m.def) value_unit = rate_unit;
        }
        // 新增研发平台2家以上，科技型中小企业135家以上: 新增 at the head of the sentence
        // applies to every item of the list.
        std::u32string_view sentence_head = t.substr(sentence, clause - sentence);
        if (Contains(sentence_head, U"新增") && !Contains(before, U"新增")) {
          IndicatorMatch n = matcher_->MatchExact(U"新增" + CleanPhrase(before), unit, true);
          if (n.def && (!m.def || n.end - n.begin > m.end - m.begin)) {
            m = n;
            used = U"新增" + CleanPhrase(before);
          }
        }
        // 无害化处置率达到100%、资源化利用率达到60%: borrow the head of the previous phrase.
        if (!m.def && !last_phrase.empty() && last_phrase_sentence == sentence) {
          size_t best = 0;
          for (size_t k = 1; k < last_phrase.size(); ++k) {
            std::u32string v = last_phrase.substr(0, k) + CleanPhrase(before);
            IndicatorMatch b = matcher_->MatchExact(v, unit, true);
            if (b.def && b.end - b.begin > best && b.end > k) {
              best = b.end - b.begin;
              m = b;
              used = v;
            }
          }
        }
      }
      if (!m.def && !after.empty()) {
        // 每个镇区配备1座LNG加液场站: words on both sides of the number.
        std::u32string head = CleanPhrase(before);
        for (std::u32string_view v : kActionVerbs) {
          if (EndsWithU(head, v)) {
            head.erase(head.size() - v.size());
            break;
          }
        }
        std::u32string both = head + CleanPhrase(after);
        IndicatorMatch b = matcher_->MatchExact(both, unit, true);
        if (b.def && b.begin < head.size() && b.end > head.size() && both.size() - b.end <= 3) {
          m = b;
          used = both;
        }
      }
      if (!m.def) {
        IndicatorMatch a = match_after();
        if (a.def) {
          m = a;
          used = after;
        }
      }
      if (!m.def && clause > sentence) {
        // 建设光伏发电项目（一），总装机33.2万千瓦 / 景区充电设施全覆盖，车位比例不低于30% /
        // 对老旧小区实施改造，每年改造50万平方米: the clause names only the measure (or only
        // the verb); its subject is in an earlier clause of the sentence.
        std::u32string_view context = t.substr(sentence, clause - sentence);
        std::u32string own = StripLeadingQualifiers(CleanPhrase(before));
        bool short_own = before_is_action || before_clean.size() <= 5;
        for (int pass = 0; pass < 2 && short_own && !m.def; ++pass) {
          const std::string& u = pass == 0 ? unit : rate_unit;
          if (pass == 1 && rate_unit.empty()) break;
          for (const std::u32string& o : {before_clean, own}) {
            if (m.def || o.size() < 2) continue;
            m = matcher_->MatchCarried(o, context, u);
            if (m.def) {
              used = std::u32string(context) + o;
              value_unit = u;
              carried = true;
            }
          }
        }
      }
      if (!m.def && !before_is_action && !para.in_box) {
        m = match_before(false, unit);  // a guess from a similar name (not in project boxes)
        used = before;
      }
      if (!m.def && before_clean.empty() && has_verb && last_def &&
          last_phrase_sentence == sentence && matcher_->UnitFits(*last_def, unit, true)) {
        // 到2030年达到30万千瓦: the indicator named just before in the same sentence.
        m.def = last_def;
        m.confidence = 1;
        used = last_phrase;
      }
      if (m.def) matches.emplace_back(m, used);
    }
    bool threshold = false;
    if (past) matches.clear();
    if (!past && IsScopeThreshold(t, values.back())) {
      // 对年能耗1000吨标煤以上用能企业开展节能监察: the number delimits whom a measure
      // concerns. When the catalogue has a threshold indicator for the measure named in this
      // clause or the next one (its unit a consumption per year), the threshold is kept as an
      // at-least value of that indicator without a year; otherwise it is not a target.
      matches.clear();
      const Token& last = values.back();
      bool at_least = last.suffix == U"以上" || last.suffix == U"及以上" ||
                      (cmp == Cmp::kAtLeast && last.suffix.empty());
      std::string threshold_unit = ThresholdUnit(t, last);
      if (at_least && values.size() == 1 && threshold_unit != unit) {
        size_t end = last.end_all;
        for (int clauses = 0; clauses < 2 && end < t.size(); ++clauses) {
          while (end < t.size() && !IsDelim(t[end])) ++end;
          if (end < t.size() && (t[end] == U'。' || t[end] == U'；')) clauses = 2;
          std::u32string_view window = t.substr(last.end_all, end - last.end_all);
          IndicatorMatch m = matcher_->MatchExact(window, threshold_unit, true);
          if (m.def && m.def->unit.find('/') != std::string::npos) {
            matches.emplace_back(m, std::u32string(window));
            value_unit = threshold_unit;
            threshold = true;
            break;
          }
          if (end < t.size()) ++end;
        }
      }
    }
    if (tok.unit == U"个百分点" || tok.unit == U"百分点") {
      // 比重提高2个百分点: a change of a share, which the plan format cannot hold as a target.
      if (!matches.empty() && diags) {
        diags->push_back(
            Diagnostic{Severity::kWarning, "relative_change",
                       "line " + std::to_string(para.LineAt(tok.begin)) + ": a change of " +
                           matches[0].first.def->key +
                           " in percentage points was not imported as a "
                           "target; enter the resulting share by hand if the base value is known",
                       para.LineAt(tok.begin), Excerpt(t, clause, values.back().end_all)});
      }
      matches.clear();
    }
    // 清塘铺光伏发电项目装机规模7.2万千瓦: the capacity of a named project, not a target.
    bool capacity = unit == "万千瓦" || unit == "千瓦" || unit == "MW" || unit == "兆瓦" ||
                    unit == "kW" || unit == "GW";
    // 推进某某风力发电项目，总装机容量200MW: a total carried over from a named project is the
    // project's size, unless the indicator itself counts project batches.
    if (capacity && carried && matches.size() == 1 &&
        Contains(t.substr(sentence, clause - sentence), U"项目") &&
        !Contains(text::DecodeUtf8(matches[0].first.def->name_zh), U"项目")) {
      matches.clear();
    }
    if (capacity && matches.size() == 1 && !carried &&
        Contains(text::DecodeUtf8(matches[0].first.def->name_zh), U"项目")) {
      std::u32string cleaned = CleanPhrase(matches[0].second);
      if (matches[0].first.confidence >= 1 && matches[0].first.begin >= 2 &&
          cleaned.find(U"项目") != std::u32string::npos) {
        matches.clear();
      }
    }
    if (!matches.empty()) prev_value_end = values.back().end_all;
    if (matches.empty()) {
      bool looks_like_target = (has_verb || has_suffix) && (year_given || tok.unit == U"%") &&
                               tok.unit != U"个百分点" && tok.unit != U"百分点";
      if (looks_like_target && diags) {
        diags->push_back(Diagnostic{
            Severity::kWarning, "unmatched_target",
            "line " + std::to_string(para.LineAt(tok.begin)) +
                ": a number that reads like a target was not extracted, because no catalogue "
                "indicator matches \"" +
                Utf8(CleanPhrase(before.empty() ? after : before)) +
                "\"; add the phrase as an alias in data/indicators.csv if it is one",
            para.LineAt(tok.begin), Excerpt(t, clause, values.back().end_all)});
      }
      i = values.back().end_all > i ? values.back().end_all - 1 : i;
      continue;
    }
    std::u32string clause_text(t.substr(sentence, tok.begin - sentence));
    std::string qualifier = QualifierIn(t.substr(clause, tok.begin - clause));
    if (qualifier.empty()) {
      // 力争 at the start of the sentence applies to the whole sentence: "到2025年，力争…"
      qualifier = QualifierIn(t.substr(sentence, tok.begin - sentence));
      if (!qualifier.empty() && Contains(t.substr(sentence, tok.begin - sentence), U"。")) {
        qualifier.clear();
      }
    }
    std::optional<int> base = base_in(clause, tok.begin);
    // One value for several named indicators (A率、B率达到90%) applies to each of them.
    size_t pairs = values.size() == 1 ? matches.size() : values.size();
    for (size_t k = 0; k < pairs; ++k) {
      size_t v = values.size() == 1 ? 0 : k;
      const auto& [m, used] = matches[std::min(k, matches.size() - 1)];
      if (values.size() > 1 && matches.size() > 1 && k >= matches.size()) break;
      const Token& val = values[v];
      FoundTarget f = make(*m.def, threshold ? 0 : year, val.begin, val.end_all);
      Cmp c = v == 0 ? cmp : (val.suffix.empty() ? cmp : Cmp::kPoint);
      f.target.kind = KindOf(c, val);
      if (threshold) f.target.note = "scope threshold: the measure applies above this value";
      f.target.value = val.value;
      if (val.high) f.target.value_high = *val.high;
      f.target.unit = val.unit.empty()
                          ? (m.def->unit == "-" ? "" : m.def->unit)
                          : (value_unit != unit && v == 0 ? value_unit : Utf8(val.unit));
      f.target.qualifier = qualifier;
      if (base) f.target.base_year = *base;
      if (cmp == Cmp::kRelative && !base) {
        f.target.note = "change relative to the base year";
      }
      f.confidence = m.confidence;
      f.phrase = Utf8(used);
      if (year > 0 && year <= base_year_) {
        continue;  // a fact about the past, not a target
      }
      found.push_back(std::move(f));
      if (values.size() > 1 && matches.size() == 1 && k == 0) {
        // one indicator, several values: only keep the first unless the phrase says 分别
        if (!Contains(clause_text, U"分别") && !Contains(before, U"分别")) break;
      }
    }
    for (const auto& mm : matches) {
      last_def = mm.first.def;
      last_phrase = CleanPhrase(mm.second);
    }
    last_phrase_sentence = sentence;
    i = values.back().end_all > i ? values.back().end_all - 1 : i;
  }

  // --- 3. Delegated targets: 完成（常德）市下达指标, 完成市定目标.
  for (std::u32string_view kw : {std::u32string_view(U"下达"), std::u32string_view(U"定目标")}) {
    size_t pos = 0;
    while ((pos = t.find(kw, pos)) != std::u32string_view::npos) {
      size_t kw_pos = pos;
      pos += kw.size();
      size_t start = ClauseStart(t, kw_pos);
      std::u32string_view window = t.substr(start, kw_pos - start);
      size_t done = window.rfind(U"完成");
      if (done == std::u32string_view::npos || window.size() - done > 12) continue;
      size_t phrase_end = start + done;
      const size_t done_pos = phrase_end;
      if (phrase_end - start > 60) start = phrase_end - 60;
      std::u32string phrase(t.substr(start, phrase_end - start));
      for (std::u32string_view q : kQualifiers) {
        if (EndsWithU(phrase, q)) phrase.erase(phrase.size() - q.size());
      }
      size_t ye = year_mark_end_before(phrase_end);
      if (ye > start) phrase = std::u32string(t.substr(ye, phrase_end - ye));
      size_t note_end = pos;
      while (note_end < t.size() && !IsDelim(t[note_end]) && t[note_end] != U'）') ++note_end;
      std::vector<std::u32string> parts = SplitParts(CleanPhrase(phrase));
      std::vector<PartMatch> pm;
      if (!parts.empty() && parts.size() <= 6) pm = MatchParts(*matcher_, parts, "", false);
      bool any = false;
      int year = year_at(kw_pos, nullptr);
      for (const PartMatch& p : pm) {
        if (!p.match.def) continue;
        FoundTarget f = make(*p.match.def, year, start, note_end);
        f.target.kind = TargetKind::kDelegated;
        f.target.unit = p.match.def->unit == "-" ? "" : p.match.def->unit;
        f.target.note = Utf8(t.substr(done_pos, note_end - done_pos));
        f.target.qualifier = QualifierIn(t.substr(start, kw_pos - start));
        f.phrase = Utf8(p.phrase);
        found.push_back(std::move(f));
        any = true;
      }
      if (!any && diags && StripFillers(phrase).size() >= 2) {
        diags->push_back(Diagnostic{
            Severity::kWarning, "unmatched_delegated",
            "line " + std::to_string(para.LineAt(kw_pos)) +
                ": a delegated target (to be set by the higher level) names no catalogue "
                "indicator: \"" +
                Utf8(CleanPhrase(phrase)) + "\"",
            para.LineAt(kw_pos), Excerpt(t, start, note_end)});
      }
    }
  }

  // --- 4. Qualitative targets and 清零.
  for (std::u32string_view kw :
       {std::u32string_view(U"全覆盖"), std::u32string_view(U"清零"),
        std::u32string_view(U"全部实现"), std::u32string_view(U"全部完成"),
        std::u32string_view(U"基本完成"), std::u32string_view(U"得到合理控制")}) {
    size_t pos = 0;
    while ((pos = t.find(kw, pos)) != std::u32string_view::npos) {
      size_t kw_pos = pos;
      pos += kw.size();
      size_t start = ClauseStart(t, kw_pos);
      size_t ye = year_mark_end_before(kw_pos);
      if (ye > start) start = ye;
      if (kw_pos - start > 40) start = kw_pos - 40;
      std::u32string head(t.substr(start, kw_pos - start));
      std::u32string tail(t.substr(pos, AfterPhraseEnd(t, pos) - pos));
      bool has_number =
          std::any_of(head.begin(), head.end(), [](char32_t c) { return IsDigit(c); });
      if (has_number && kw != U"清零") continue;
      for (std::u32string_view v :
           {std::u32string_view(U"基本实现"), std::u32string_view(U"全面实现"),
            std::u32string_view(U"实现"), std::u32string_view(U"达到")}) {
        size_t at;
        while ((at = head.find(v)) != std::u32string::npos) head.erase(at, v.size());
      }
      IndicatorMatch m = matcher_->MatchExact(head + std::u32string(kw), "", false);
      if (!m.def) m = matcher_->MatchExact(head, "", false);
      if (!m.def && !tail.empty()) m = matcher_->MatchExact(head + tail, "", false);
      if (!m.def) continue;
      int year = year_at(kw_pos, nullptr);
      FoundTarget f = make(*m.def, year, start, pos);
      if (kw == U"清零") {
        f.target.kind = TargetKind::kPoint;
        f.target.value = 0;
        f.target.unit = m.def->unit == "-" ? "" : m.def->unit;
      } else {
        f.target.kind = TargetKind::kQualitative;
        f.target.unit = "";
        f.target.note = Utf8(t.substr(start, pos - start));
      }
      f.target.qualifier =
          QualifierIn(t.substr(ClauseStart(t, kw_pos), kw_pos - ClauseStart(t, kw_pos)));
      f.phrase = Utf8(head);
      bool numeric_exists = std::any_of(found.begin(), found.end(), [&](const FoundTarget& o) {
        return o.target.indicator == f.target.indicator && o.target.year == f.target.year;
      });
      if (!numeric_exists) found.push_back(std::move(f));
    }
  }
  Dedupe(found);
  return found;
}

bool TargetExtractor::IsIndicatorTable(const Table& table) {
  if (table.rows.empty()) return false;
  bool name = false;
  int years = 0;
  for (const Para& c : table.rows[0].cells) {
    if (Contains(c.text, U"指标")) name = true;
    if (c.text.size() >= 4 && IsDigit(c.text[0]) && IsDigit(c.text[1]) && IsDigit(c.text[2]) &&
        IsDigit(c.text[3])) {
      ++years;
    }
  }
  return name && years >= 1;
}

std::vector<FoundTarget> TargetExtractor::FromTable(const Table& table,
                                                    std::vector<Diagnostic>* diags) const {
  std::vector<FoundTarget> found;
  if (!IsIndicatorTable(table)) return found;
  const auto& header = table.rows[0].cells;
  int name_col = -1;
  int unit_col = -1;
  std::vector<std::pair<int, int>> year_cols;
  for (size_t c = 0; c < header.size(); ++c) {
    std::u32string_view h = header[c].text;
    if (name_col < 0 && Contains(h, U"指标") && !Contains(h, U"属性") && !Contains(h, U"类")) {
      name_col = static_cast<int>(c);
    } else if (h == U"单位" || h == U"计量单位" || h == U"单位名称") {
      unit_col = static_cast<int>(c);
    } else if (h.size() >= 4 && IsDigit(h[0]) && IsDigit(h[1]) && IsDigit(h[2]) && IsDigit(h[3])) {
      int y = static_cast<int>((h[0] - U'0') * 1000 + (h[1] - U'0') * 100 + (h[2] - U'0') * 10 +
                               (h[3] - U'0'));
      year_cols.emplace_back(static_cast<int>(c), y);
    }
  }
  if (name_col < 0) return found;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& cells = table.rows[r].cells;
    if (static_cast<int>(cells.size()) <= name_col) continue;
    const Para& name_cell = cells[static_cast<size_t>(name_col)];
    std::u32string name = CleanPhrase(name_cell.text);
    if (name.empty()) continue;
    std::u32string unit;
    if (unit_col >= 0 && static_cast<size_t>(unit_col) < cells.size()) {
      unit = CleanPhrase(cells[static_cast<size_t>(unit_col)].text);
      if (unit.empty()) {
        // "（万立方米）": the brackets were the whole unit
        std::u32string raw = cells[static_cast<size_t>(unit_col)].text;
        for (char32_t ch : raw) {
          if (ch != U'（' && ch != U'）' && ch != U' ') unit.push_back(ch);
        }
      }
    }
    Cmp name_cmp = Cmp::kPoint;
    for (const Verb& v : kVerbs) {
      if (EndsWithU(name, v.text) && v.text.size() >= 2 &&
          (v.cmp == Cmp::kAtLeast || v.cmp == Cmp::kAtMost)) {
        name_cmp = v.cmp;
        break;
      }
    }
    std::string unit8 = Utf8(unit);
    IndicatorMatch numeric_match = matcher_->Match(name, unit8, true);
    IndicatorMatch any_match = matcher_->Match(name, "", false);
    bool row_has_value = false;
    for (const auto& [col, year] : year_cols) {
      if (static_cast<size_t>(col) >= cells.size()) continue;
      const Para& cell = cells[static_cast<size_t>(col)];
      std::u32string_view v = cell.text;
      if (v.empty() || v == U"—" || v == U"-" || v == U"/" || v == U"——" || v == U"－") continue;
      row_has_value = true;
      double number = 0;
      FoundTarget f;
      f.target.year = year;
      f.target.provenance = Prov(cell, 0, cell.text.size(), document_);
      f.phrase = Utf8(name);
      if (ParsePlainNumber(v, &number) ||
          (IsDigit(v[0]) && ReadToken(v, 0) && ReadToken(v, 0)->end_all == v.size())) {
        if (!numeric_match.def) continue;
        std::optional<Token> tok = ReadToken(v, 0);
        f.target.indicator = numeric_match.def->key;
        f.target.value = tok ? tok->value : number;
        if (tok && tok->high) f.target.value_high = *tok->high;
        f.target.unit = !unit8.empty() ? unit8
                                       : (tok && !tok->unit.empty() ? Utf8(tok->unit)
                                                                    : numeric_match.def->unit);
        Token dummy;
        if (tok) dummy = *tok;
        f.target.kind = KindOf(name_cmp, dummy);
        f.confidence = numeric_match.confidence;
        if (year <= base_year_) f.target.note = "baseline value from the indicator table";
        found.push_back(std::move(f));
      } else if (Contains(v, U"下达") || Contains(v, U"定目标") || Contains(v, U"上级")) {
        if (!any_match.def) continue;
        f.target.indicator = any_match.def->key;
        f.target.kind = domain::TargetKind::kDelegated;
        f.target.unit = any_match.def->unit == "-" ? "" : any_match.def->unit;
        f.target.note = Utf8(v);
        f.confidence = any_match.confidence;
        found.push_back(std::move(f));
      } else {
        if (!any_match.def) continue;
        f.target.indicator = any_match.def->key;
        f.target.kind = domain::TargetKind::kQualitative;
        f.target.note = Utf8(v);
        f.confidence = any_match.confidence;
        found.push_back(std::move(f));
      }
    }
    if (row_has_value && !numeric_match.def && !any_match.def && diags) {
      diags->push_back(Diagnostic{
          Severity::kWarning, "unmatched_table_row",
          "line " + std::to_string(name_cell.first_line) + ": indicator table row \"" + Utf8(name) +
              "\" matches no catalogue indicator; its values were not imported",
          name_cell.first_line, Utf8(name)});
    }
  }
  return found;
}

}  // namespace carbonpeak::planimport
