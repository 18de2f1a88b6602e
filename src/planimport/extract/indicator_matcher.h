// Maps a phrase from a plan ("新能源发电总装机容量", "农膜回收率") to an indicator of the
// catalogue: first the longest catalogue name or alias contained in the phrase whose unit fits
// the value's unit, then (as a guess with a confidence below 1) the name whose character pairs
// the phrase covers best.
//
//   IndicatorMatcher matcher(refdata.indicators);
//   IndicatorMatch m = matcher.Match(U"全区森林覆盖率", "%", /*numeric=*/true);
//   if (m.def) use(m.def->key, m.confidence);
//
// Thread safety: immutable after construction; Match may be called from many threads.
// Failure contract: never fails; no match gives def == nullptr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/units.h"
#include "refdata/refdata.h"

namespace carbonpeak::planimport {

struct IndicatorMatch {
  const refdata::IndicatorDef* def = nullptr;
  double confidence = 0;  ///< 1 for a name contained in the phrase; lower for a guess.
  size_t begin = 0;       ///< Span of the matched name in the phrase (exact matches only).
  size_t end = 0;
};

/// Removes quotes and brackets' content and normalises a phrase for matching.
std::u32string CleanPhrase(std::u32string_view phrase);

class IndicatorMatcher {
 public:
  explicit IndicatorMatcher(const refdata::IndicatorCatalogue& catalogue);

  /// `value_unit` is the unit written after the number ("" when none); `numeric` is false for
  /// delegated and qualitative targets, which accept any indicator.
  IndicatorMatch Match(std::u32string_view phrase, std::string_view value_unit, bool numeric) const;
  /// Only names contained in the phrase (confidence 1), no guesses.
  IndicatorMatch MatchExact(std::u32string_view phrase, std::string_view value_unit,
                            bool numeric) const;

  /// A clause that names only a measure ("总装机", "车位比例") or only a verb ("改造"), whose
  /// subject was named in an earlier clause: the longest catalogue name that contains `own`,
  /// whose words before `own` are found in `context` (as a run, or as most of their character
  /// pairs in order) and whose words after it, if any, are a measure noun (面积, 规模 …).
  /// Confidence 1 when the carried words appear as written, 0.9 otherwise.
  IndicatorMatch MatchCarried(std::u32string_view own, std::u32string_view context,
                              std::string_view value_unit) const;

  /// True when a value written in `value_unit` fits the indicator's catalogue unit.
  bool UnitFits(const refdata::IndicatorDef& def, std::string_view value_unit, bool numeric) const;

 private:
  struct Name {
    std::u32string text;
    size_t def = 0;
    size_t bigrams = 0;
  };
  static uint64_t Key(char32_t a, char32_t b) {
    return (static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(b);
  }

  const refdata::IndicatorCatalogue* catalogue_;
  std::vector<Name> names_;
  std::unordered_map<uint64_t, std::vector<size_t>> by_first_;   // first bigram -> names
  std::unordered_map<uint64_t, std::vector<size_t>> by_bigram_;  // any bigram -> names
  std::vector<std::optional<UnitInfo>> units_;                   // parsed catalogue unit per def
};

}  // namespace carbonpeak::planimport
