// Target extraction: quantitative, delegated and qualitative targets from paragraphs and from
// flattened indicator tables, each with its provenance.
//
// The rules describe the language of carbon-peak plans, not particular files:
//   year      到2025年 / 至2030年 / 2030年前 / “十四五”末 (→2025) / “十五五”期间 (→2030); the
//             last year named earlier in the paragraph applies; 较2020年 / 比2020年 is a base year
//   value     12.5%, 58万千瓦, ranges 5～10家 / 2-3个, lists 10%、50%以及40%
//   kind      以上/不低于/不少于/超过 → at_least; 以下/以内/不高于/小于/少于/控制在 → at_most;
//             左右 → about; ranges → range; otherwise point (达到/提高到/稳定在/下降 …)
//   qualifier 力争 / 确保 / 原则上 / 争取, kept as written
//   delegated 完成（市/省）下达（的）指标/目标/任务, 完成市定目标 → kind delegated, no number
//   qualitative 全覆盖 / 全部完成 / 基本完成 / 得到合理控制 → kind qualitative; 清零 → point 0
//   indicator the phrase before the verb (or after the number: 建设5000盏太阳能路灯), matched to
//             the catalogue; lists 能耗和二氧化碳排放下降率 share their head and their tail
//
//   TargetExtractor ex(matcher, 2020, "plan.txt");
//   std::vector<FoundTarget> found = ex.FromParagraph(para, &diagnostics);
//
// Thread safety: const methods, safe to share. Failure contract: never fails; what looks like a
// target but cannot be read becomes a diagnostic.
#pragma once

#include <string>
#include <vector>

#include "domain/plan.h"
#include "planimport/document.h"
#include "planimport/extract/indicator_matcher.h"
#include "planimport/text/layout.h"

namespace carbonpeak::planimport {

struct FoundTarget {
  domain::Target target;
  double confidence = 1;  ///< Below 1: the indicator was guessed from a similar name.
  std::string phrase;     ///< The words the indicator was read from.
};

class TargetExtractor {
 public:
  TargetExtractor(const IndicatorMatcher& matcher, int base_year, std::string document)
      : matcher_(&matcher), base_year_(base_year), document_(std::move(document)) {}

  std::vector<FoundTarget> FromParagraph(const Para& para, std::vector<Diagnostic>* diags) const;
  /// An indicator table (header with 指标 and year columns); other tables give nothing.
  std::vector<FoundTarget> FromTable(const Table& table, std::vector<Diagnostic>* diags) const;

  /// True when the header looks like an indicator table.
  static bool IsIndicatorTable(const Table& table);

 private:
  const IndicatorMatcher* matcher_;
  int base_year_;
  std::string document_;
};

/// Parses a plain number such as "12.5", "1,000" or "3.2"; false when `text` is not one.
bool ParsePlainNumber(std::u32string_view text, double* value);

}  // namespace carbonpeak::planimport
