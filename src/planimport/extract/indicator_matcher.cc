#include "planimport/extract/indicator_matcher.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "base/text.h"
#include "planimport/text/layout.h"

namespace carbonpeak::planimport {
namespace {

bool IsQuote(char32_t c) {
  return c == U'“' || c == U'”' || c == U'"' || c == U'‘' || c == U'’' || c == U'\'' ||
         c == U'《' || c == U'》' || c == U'「' || c == U'」' || c == U' ';
}

}  // namespace

std::u32string CleanPhrase(std::u32string_view phrase) {
  std::u32string out;
  out.reserve(phrase.size());
  int depth = 0;
  for (char32_t c : phrase) {
    if (c == U'（') {
      ++depth;
      continue;
    }
    if (c == U'）') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0 || IsQuote(c)) continue;
    out.push_back(c);
  }
  return out;
}

IndicatorMatcher::IndicatorMatcher(const refdata::IndicatorCatalogue& catalogue)
    : catalogue_(&catalogue) {
  const auto& defs = catalogue.all();
  units_.resize(defs.size());
  for (size_t d = 0; d < defs.size(); ++d) {
    const refdata::IndicatorDef& def = defs[d];
    if (!def.unit.empty() && def.unit != "-") {
      Result<UnitInfo> u = ParseUnit(def.unit);
      if (u.ok()) units_[d] = *u;
    }
    std::vector<std::string> all = def.aliases;
    all.push_back(def.name_zh);
    for (const std::string& n : all) {
      std::u32string norm;
      std::vector<int> cols;
      NormalizeLine(text::DecodeUtf8(n), norm, cols);
      // Names keep their brackets: 能源消费总量（等价值） matches only a phrase that says so
      // (phrases lose bracketed asides, so it never matches a bare 能源消费总量).
      std::u32string cleaned;
      for (char32_t c : norm) {
        if (c != U'“' && c != U'”' && c != U'"' && c != U' ') cleaned.push_back(c);
      }
      if (cleaned.size() < 2) continue;
      Name name{cleaned, d, 0};
      std::unordered_set<uint64_t> seen;
      for (size_t i = 0; i + 1 < cleaned.size(); ++i) seen.insert(Key(cleaned[i], cleaned[i + 1]));
      name.bigrams = seen.size();
      size_t idx = names_.size();
      names_.push_back(std::move(name));
      by_first_[Key(cleaned[0], cleaned[1])].push_back(idx);
      for (uint64_t k : seen) by_bigram_[k].push_back(idx);
    }
  }
}

bool IndicatorMatcher::UnitFits(const refdata::IndicatorDef& def, std::string_view value_unit,
                                bool numeric) const {
  bool unitless = def.unit.empty() || def.unit == "-";
  if (!numeric) return true;
  if (unitless) return false;
  if (value_unit.empty()) return true;
  if (value_unit == def.unit) return true;
  size_t d = static_cast<size_t>(&def - catalogue_->all().data());
  Result<UnitInfo> vu = ParseUnit(value_unit);
  if (d >= units_.size() || !units_[d] || !vu.ok()) return true;  // cannot tell: accept
  const UnitInfo& cu = *units_[d];
  if (vu->dimension != cu.dimension) return false;
  if (cu.dimension == Dimension::kCount) {
    // 个/家/座/处/所 are used for the same things; 套, 台, 辆, 盏 … name specific kinds of items.
    auto generic = [](std::string_view u) {
      return u == "个" || u == "家" || u == "座" || u == "处" || u == "所" || u == "项";
    };
    if (!(generic(value_unit) && generic(def.unit)) && value_unit != def.unit &&
        !(value_unit.size() > 3 && value_unit.substr(0, 3) == "万" &&
          value_unit.substr(3) == def.unit)) {
      std::string_view a = value_unit;
      std::string_view b = def.unit;
      if (a.substr(0, 3) == "万") a.remove_prefix(3);
      if (b.substr(0, 3) == "万") b.remove_prefix(3);
      if (a != b) return false;
    }
  }
  if (cu.dimension == Dimension::kCompound) return UnitsCompatible(value_unit, def.unit);
  return true;
}

IndicatorMatch IndicatorMatcher::MatchExact(std::u32string_view raw, std::string_view value_unit,
                                            bool numeric) const {
  std::u32string phrase = CleanPhrase(raw);
  IndicatorMatch best;
  size_t best_len = 0;
  const auto& defs = catalogue_->all();
  for (size_t i = 0; i + 1 < phrase.size(); ++i) {
    auto it = by_first_.find(Key(phrase[i], phrase[i + 1]));
    if (it == by_first_.end()) continue;
    for (size_t idx : it->second) {
      const Name& n = names_[idx];
      if (n.text.size() <= best_len || phrase.size() - i < n.text.size()) continue;
      if (std::u32string_view(phrase).substr(i, n.text.size()) != n.text) continue;
      if (!UnitFits(defs[n.def], value_unit, numeric)) continue;
      best_len = n.text.size();
      best.def = &defs[n.def];
      best.confidence = 1;
      best.begin = i;
      best.end = i + n.text.size();
    }
  }
  return best;
}

IndicatorMatch IndicatorMatcher::MatchCarried(std::u32string_view own_raw,
                                              std::u32string_view context_raw,
                                              std::string_view value_unit) const {
  IndicatorMatch best;
  std::u32string own = CleanPhrase(own_raw);
  std::u32string context = CleanPhrase(context_raw);
  if (own.size() < 2 || context.size() < 2) return best;
  auto it = by_bigram_.find(Key(own[0], own[1]));
  if (it == by_bigram_.end()) return best;
  static constexpr std::u32string_view kMeasures[] = {U"面积", U"规模", U"数量",
                                                      U"容量", U"总量", U"能力"};
  const auto& defs = catalogue_->all();
  size_t best_len = 0;
  double best_cover = 0;
  for (size_t idx : it->second) {
    const Name& n = names_[idx];
    size_t pos = n.text.find(own);
    if (pos == std::u32string::npos || pos < 2) continue;
    std::u32string_view name(n.text);
    std::u32string_view left = name.substr(0, pos);
    std::u32string_view right = name.substr(pos + own.size());
    if (!right.empty() &&
        std::find(std::begin(kMeasures), std::end(kMeasures), right) == std::end(kMeasures)) {
      continue;
    }
    double cover = 1;
    if (context.find(left) == std::u32string::npos) {
      // Every character in order, and most character pairs as written.
      size_t at = 0;
      bool in_order = true;
      for (char32_t c : left) {
        size_t f = context.find(c, at);
        if (f == std::u32string::npos) {
          in_order = false;
          break;
        }
        at = f + 1;
      }
      if (!in_order) continue;
      size_t pairs = 0;
      for (size_t i = 0; i + 1 < left.size(); ++i) {
        if (context.find(left.substr(i, 2)) != std::u32string::npos) ++pairs;
      }
      cover = static_cast<double>(pairs) / static_cast<double>(left.size() - 1);
      if (cover < 0.6) continue;
      cover = 0.9;
    }
    if (!UnitFits(defs[n.def], value_unit, true)) continue;
    if (n.text.size() < best_len || (n.text.size() == best_len && cover <= best_cover)) continue;
    best_len = n.text.size();
    best_cover = cover;
    best.def = &defs[n.def];
    best.confidence = cover;
  }
  return best;
}

IndicatorMatch IndicatorMatcher::Match(std::u32string_view raw, std::string_view value_unit,
                                       bool numeric) const {
  IndicatorMatch exact = MatchExact(raw, value_unit, numeric);
  if (exact.def) return exact;
  std::u32string phrase = CleanPhrase(raw);
  if (phrase.size() < 3) return exact;
  std::unordered_map<size_t, size_t> shared;
  std::unordered_set<uint64_t> seen;
  for (size_t i = 0; i + 1 < phrase.size(); ++i) {
    uint64_t k = Key(phrase[i], phrase[i + 1]);
    if (!seen.insert(k).second) continue;
    auto it = by_bigram_.find(k);
    if (it == by_bigram_.end()) continue;
    for (size_t idx : it->second) ++shared[idx];
  }
  const auto& defs = catalogue_->all();
  double best_score = 0;
  size_t best_idx = 0;
  IndicatorMatch best;
  for (const auto& [idx, count] : shared) {
    const Name& n = names_[idx];
    if (n.bigrams == 0 || count < 3) continue;
    double coverage = static_cast<double>(count) / static_cast<double>(n.bigrams);
    // Penalise phrases much longer than the name: they talk about something else too.
    double spread = static_cast<double>(count) / static_cast<double>(phrase.size() - 1);
    double score = coverage * 0.85 + spread * 0.15;
    if (coverage < 0.75) continue;
    // The head noun (last two characters: 比例, 面积, 覆盖率 …) must be there.
    std::u32string_view head = std::u32string_view(n.text).substr(n.text.size() - 2);
    if (phrase.find(head) == std::u32string::npos) continue;
    if (!UnitFits(defs[n.def], value_unit, numeric)) continue;
    if (score > best_score || (score == best_score && best.def && idx < best_idx)) {
      best_score = score;
      best_idx = idx;
      best.def = &defs[n.def];
      best.confidence = std::min(0.95, score);
    }
  }
  return best;
}

}  // namespace carbonpeak::planimport
