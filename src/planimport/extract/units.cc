#include "planimport/extract/units.h"

#include <algorithm>
#include <array>
#include <string>

#include "base/text.h"
#include "planimport/text/chars.h"

namespace carbonpeak::planimport {
namespace {

std::string Utf8(std::u32string_view s) { return text::EncodeUtf8(s); }

bool IsMarker(std::u32string_view c) {
  return Contains(c, U"责任单位") || Contains(c, U"牵头单位") || Contains(c, U"职责分工") ||
         Contains(c, U"配合单位") || EndsWithU(c, U"负责") || EndsWithU(c, U"牵头") ||
         Contains(c, U"牵头，") || EndsWithU(c, U"配合") || EndsWithU(c, U"分工落实");
}

std::u32string StripTail(std::u32string s) {
  static constexpr std::array<std::u32string_view, 12> kTails = {U"等按职责分工负责",
                                                                 U"按职责分工负责",
                                                                 U"等按职责分工落实",
                                                                 U"按职责分工落实",
                                                                 U"等按照职责分工负责",
                                                                 U"按照职责分工负责",
                                                                 U"等分别负责",
                                                                 U"分别负责",
                                                                 U"等负责",
                                                                 U"负责",
                                                                 U"等部门",
                                                                 U"等"};
  bool changed = true;
  while (changed) {
    changed = false;
    while (!s.empty() && (s.back() == U' ' || s.back() == U'。' || s.back() == U'，')) s.pop_back();
    for (std::u32string_view t : kTails) {
      if (EndsWithU(s, t)) {
        s.erase(s.size() - t.size());
        changed = true;
        break;
      }
    }
  }
  return s;
}

void Fill(std::u32string_view content, Responsibility& r) {
  std::u32string c(content);
  auto take_after = [&](std::u32string_view label, std::u32string* out) {
    size_t at = c.find(label);
    if (at == std::u32string::npos) return false;
    size_t from = at + label.size();
    size_t to = c.size();
    for (std::u32string_view stop :
         {std::u32string_view(U"；"), std::u32string_view(U"配合单位"),
          std::u32string_view(U"责任单位"), std::u32string_view(U"牵头单位")}) {
      size_t s = c.find(stop, from);
      if (s != std::u32string::npos) to = std::min(to, s);
    }
    *out = c.substr(from, to - from);
    return true;
  };
  std::u32string lead;
  std::u32string coop;
  bool labelled_lead = take_after(U"牵头单位：", &lead) || take_after(U"牵头单位", &lead);
  bool labelled_coop = take_after(U"配合单位：", &coop) || take_after(U"配合单位", &coop);
  if (!labelled_coop && labelled_lead) take_after(U"责任单位：", &coop);
  if (labelled_lead) {
    r.lead = SplitUnits(StripTail(lead));
    r.cooperating = SplitUnits(StripTail(coop));
    return;
  }
  std::u32string body = c;
  size_t label = body.find(U"责任单位");
  if (label != std::u32string::npos) {
    body = body.substr(label + 4);
    if (!body.empty() && (body[0] == U'：' || body[0] == U':')) body.erase(0, 1);
  }
  // A牵头，B、C配合
  size_t lead_at = body.find(U"牵头");
  if (lead_at != std::u32string::npos) {
    r.lead = SplitUnits(body.substr(0, lead_at));
    std::u32string rest = body.substr(lead_at + 2);
    while (!rest.empty() && (rest[0] == U'，' || rest[0] == U'、')) rest.erase(0, 1);
    if (EndsWithU(rest, U"配合")) rest.erase(rest.size() - 2);
    r.cooperating = SplitUnits(StripTail(rest));
    return;
  }
  std::vector<std::string> all = SplitUnits(StripTail(body));
  if (all.empty()) return;
  r.lead.push_back(all.front());
  r.cooperating.assign(all.begin() + 1, all.end());
}

}  // namespace

std::vector<std::string> SplitUnits(std::u32string_view list) {
  std::vector<std::string> out;
  std::u32string current;
  int depth = 0;
  auto flush = [&]() {
    std::u32string s = current;
    current.clear();
    while (!s.empty() && s.front() == U' ') s.erase(0, 1);
    if (StartsWithU(s, U"由")) s.erase(0, 1);
    while (EndsWithU(s, U"等")) s.pop_back();
    while (!s.empty() && s.back() == U' ') s.pop_back();
    if (s.size() >= 2 && s.size() <= 40) out.push_back(Utf8(s));
  };
  for (char32_t ch : list) {
    if (ch == U'（') ++depth;
    if (ch == U'）' && depth > 0) --depth;
    if (depth == 0 && (ch == U'、' || ch == U'，' || ch == U'；' || ch == U'。')) {
      flush();
      continue;
    }
    current.push_back(ch);
  }
  flush();
  return out;
}

std::optional<Responsibility> FindResponsibility(std::u32string_view t) {
  // Bracketed groups, last first.
  for (size_t close = t.size(); close-- > 0;) {
    if (t[close] != U'）') continue;
    int depth = 0;
    size_t open = std::u32string_view::npos;
    for (size_t i = close + 1; i-- > 0;) {
      if (t[i] == U'）') ++depth;
      if (t[i] == U'（') {
        if (--depth == 0) {
          open = i;
          break;
        }
      }
    }
    if (open == std::u32string_view::npos) continue;
    std::u32string_view content = t.substr(open + 1, close - open - 1);
    if (IsMarker(content) && content.size() >= 4) {
      Responsibility r;
      r.raw = Utf8(t.substr(open, close - open + 1));
      r.begin = open;
      r.end = close + 1;
      Fill(content, r);
      if (!r.lead.empty()) return r;
    }
    close = open == 0 ? 0 : open;  // skip the inner part of this group
    if (close == 0) break;
  }
  // A paragraph or sentence "责任单位：A、B。"
  for (std::u32string_view label :
       {std::u32string_view(U"责任单位："), std::u32string_view(U"牵头单位："),
        std::u32string_view(U"责任部门：")}) {
    size_t at = t.rfind(label);
    if (at == std::u32string_view::npos) continue;
    size_t end = t.find(U'。', at);
    if (end == std::u32string_view::npos) end = t.size();
    Responsibility r;
    r.raw = Utf8(t.substr(at, end - at));
    r.begin = at;
    r.end = end;
    Fill(t.substr(at, end - at), r);
    if (!r.lead.empty()) return r;
  }
  return std::nullopt;
}

std::string UnitKeyOf(std::string_view name) {
  std::u32string s;
  int depth = 0;
  for (char32_t c : text::DecodeUtf8(name)) {
    if (c == U'（' || c == U'(') {
      ++depth;
      continue;
    }
    if (c == U'）' || c == U')') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth == 0 && c != U' ') s.push_back(c);
  }
  struct Rule {
    std::u32string_view from, to;
  };
  static constexpr std::array kRules = {Rule{U"发展和改革委员会", U"发展和改革局"},
                                        Rule{U"发改局", U"发展和改革局"},
                                        Rule{U"工信局", U"工业和信息化局"},
                                        Rule{U"住建局", U"住房和城乡建设局"},
                                        Rule{U"市场监管局", U"市场监督管理局"},
                                        Rule{U"人社局", U"人力资源和社会保障局"},
                                        Rule{U"城管局", U"城市管理和综合执法局"},
                                        Rule{U"文旅局", U"文化旅游广电体育局"},
                                        Rule{U"卫健局", U"卫生健康局"},
                                        Rule{U"卫生健康委员会", U"卫生健康局"},
                                        Rule{U"统计局", U"统计局"}};
  for (const Rule& r : kRules) {
    size_t at = s.find(r.from);
    if (at != std::u32string::npos) s.replace(at, r.from.size(), r.to);
  }
  std::u32string key;
  for (char32_t c : s) {
    if (c != U'和') key.push_back(c);
  }
  std::sort(key.begin(), key.end());
  return Utf8(key);
}

void UnitCanonicalizer::Add(const std::string& raw) {
  ++groups_[UnitKeyOf(raw)][raw];
  order_.emplace(raw, order_.size());
}

void UnitCanonicalizer::Build() {
  canonical_.clear();
  for (const auto& [key, forms] : groups_) {
    // The most frequent spelling; on a tie the full name (委员会 counting as 局), then the
    // spelling met first.
    auto full_length = [](const std::string& s) {
      std::string t = s;
      size_t at = t.find("委员会");
      if (at != std::string::npos) t.replace(at, std::string("委员会").size(), "局");
      return t.size();
    };
    std::string best;
    int best_count = -1;
    for (const auto& [form, count] : forms) {
      bool better = count > best_count;
      if (count == best_count) {
        size_t a = full_length(form);
        size_t b = full_length(best);
        better = a > b || (a == b && order_.at(form) < order_.at(best));
      }
      if (better) {
        best = form;
        best_count = count;
      }
    }
    canonical_[key] = best;
  }
}

std::string UnitCanonicalizer::Canonical(const std::string& raw) const {
  auto it = canonical_.find(UnitKeyOf(raw));
  return it == canonical_.end() ? raw : it->second;
}

std::vector<domain::ResponsibleUnit> UnitCanonicalizer::Units() const {
  std::vector<domain::ResponsibleUnit> out;
  for (const auto& [key, forms] : groups_) {
    domain::ResponsibleUnit u;
    auto it = canonical_.find(key);
    u.canonical_name = it == canonical_.end() ? forms.begin()->first : it->second;
    for (const auto& [form, count] : forms) {
      if (form != u.canonical_name) u.aliases.push_back(form);
    }
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace carbonpeak::planimport
