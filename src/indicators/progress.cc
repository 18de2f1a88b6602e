#include "indicators/progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "base/units.h"

namespace carbonpeak::indicators {
namespace {

using domain::TargetKind;
using refdata::Direction;

// ------------------------------------------------------------------------------ formatting

// Up to 4 decimals, trailing zeros dropped: 14.5, 8.9710, 0.4321 → "14.5", "8.971", "0.4321".
std::string Num(double value) {
  std::string s = fmt::format("{:.4f}", value);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

enum class Lang { kZh, kEn };

std::string WithUnit(double value, std::string_view unit, Lang lang) {
  if (unit.empty() || unit == "-") return Num(value);
  if (unit == "%" || lang == Lang::kZh) return Num(value) + std::string(unit);
  return fmt::format("{} {}", Num(value), unit);
}

std::string TargetText(TargetKind kind, double value, std::optional<double> high,
                       std::string_view unit, double tolerance, Lang lang) {
  const std::string v = WithUnit(value, unit, lang);
  const bool zh = lang == Lang::kZh;
  switch (kind) {
    case TargetKind::kAtLeast:
      return zh ? "不低于" + v : "at least " + v;
    case TargetKind::kAtMost:
      return zh ? "不高于" + v : "at most " + v;
    case TargetKind::kAbout:
      return zh ? fmt::format("{}左右（容差{}%）", v, Num(tolerance * 100))
                : fmt::format("about {} (tolerance {}%)", v, Num(tolerance * 100));
    case TargetKind::kRange:
      return fmt::format("{}～{}", Num(value), WithUnit(high.value_or(value), unit, lang));
    case TargetKind::kPoint:
    case TargetKind::kDelegated:
    case TargetKind::kQualitative:
      break;
  }
  return zh ? "达到" + v : "reach " + v;
}

std::string_view StatusZh(TargetStatus status) {
  switch (status) {
    case TargetStatus::kMet:
      return "已完成";
    case TargetStatus::kOnTrack:
      return "进展正常";
    case TargetStatus::kBehind:
      return "滞后";
    case TargetStatus::kUnknown:
      return "无法评估";
    case TargetStatus::kNotApplicable:
      return "暂不适用";
  }
  return "";
}

std::string_view StatusEn(TargetStatus status) {
  switch (status) {
    case TargetStatus::kMet:
      return "met";
    case TargetStatus::kOnTrack:
      return "on track";
    case TargetStatus::kBehind:
      return "behind";
    case TargetStatus::kUnknown:
      return "cannot be assessed";
    case TargetStatus::kNotApplicable:
      return "not applicable yet";
  }
  return "";
}

// ------------------------------------------------------------------------------ target rules

// A comparator fixes the direction of progress; other kinds take the catalogue's.
Direction EffectiveDirection(TargetKind kind, Direction catalogue) {
  if (kind == TargetKind::kAtLeast) return Direction::kHigherIsBetter;
  if (kind == TargetKind::kAtMost) return Direction::kLowerIsBetter;
  return catalogue;
}

// Whether `actual` fulfils the target (point/delegated: reach it in the direction of progress;
// about: within the relative tolerance on the unfavourable side; range: the weaker end, or inside
// the band for a neutral indicator).
bool Satisfies(TargetKind kind, Direction direction, double actual, double value,
               std::optional<double> high, double tolerance) {
  const double band = tolerance * std::fabs(value);
  const auto within = [&](double low, double up) {
    return AtLeastAsGood(Direction::kHigherIsBetter, actual, low) &&
           AtLeastAsGood(Direction::kLowerIsBetter, actual, up);
  };
  switch (kind) {
    case TargetKind::kAtLeast:
      return AtLeastAsGood(Direction::kHigherIsBetter, actual, value);
    case TargetKind::kAtMost:
      return AtLeastAsGood(Direction::kLowerIsBetter, actual, value);
    case TargetKind::kAbout:
      if (direction == Direction::kHigherIsBetter)
        return AtLeastAsGood(direction, actual, value - band);
      if (direction == Direction::kLowerIsBetter)
        return AtLeastAsGood(direction, actual, value + band);
      return within(value - band, value + band);
    case TargetKind::kRange: {
      const double up = high.value_or(value);
      if (direction == Direction::kHigherIsBetter) return AtLeastAsGood(direction, actual, value);
      if (direction == Direction::kLowerIsBetter) return AtLeastAsGood(direction, actual, up);
      return within(value, up);
    }
    case TargetKind::kPoint:
    case TargetKind::kDelegated:
    case TargetKind::kQualitative:
      break;
  }
  if (direction == Direction::kNeutral) return within(value - band, value + band);
  return AtLeastAsGood(direction, actual, value);
}

// The number the schedule leads to: the target value, or a range's weaker end.
std::optional<double> Goal(TargetKind kind, Direction direction, double value,
                           std::optional<double> high) {
  if (kind != TargetKind::kRange) return value;
  if (direction == Direction::kHigherIsBetter) return value;
  if (direction == Direction::kLowerIsBetter) return high.value_or(value);
  return std::nullopt;
}

std::string SupplyHint(const refdata::IndicatorDef& def) {
  if (def.source == refdata::IndicatorSource::kComputed) {
    return "import the statistics it is computed from with `carbonpeak data import` (and compute "
           "the inventory with `carbonpeak inventory compute` for emission indicators)";
  }
  return fmt::format(
      "the lead unit ({}) reports the value: import it with `carbonpeak data import`",
      def.lead_unit_type.empty() ? "see the indicator catalogue" : def.lead_unit_type);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string WarningBasis(const refdata::IndicatorDef& def, WarningLevel level,
                         std::span<const refdata::WarningLevel> rows) {
  const bool total = StartsWith(def.key, "energy_consumption_total");
  const std::string_view dimension = total ? "能源消费总量控制" : "能耗强度降低";
  const std::string_view grade = level == WarningLevel::kLevel1   ? "一级"
                                 : level == WarningLevel::kLevel2 ? "二级"
                                                                  : "三级";
  std::string basis;
  for (const refdata::WarningLevel& row : rows) {
    if (StartsWith(row.dimension, dimension) && row.level.find(grade) != std::string::npos) {
      basis =
          fmt::format("{}:{} ({}; {})", row.source.file, row.source.line, row.dimension, row.level);
      break;
    }
  }
  if (basis.empty()) {
    basis = fmt::format("refdata/warning_levels.csv ({}; {}预警), 发改办环资〔2021〕629号",
                        dimension, grade);
  }
  const bool direct =
      total || def.key == "energy_intensity" || def.key == "energy_intensity_reduction";
  if (!direct) basis += fmt::format("; applied by analogy to {}", def.key);
  return basis;
}

std::string WarningTextZh(WarningLevel level, int previous_year, const std::string& previous) {
  switch (level) {
    case WarningLevel::kLevel1:
      return fmt::format("一级预警（红色）：比{}年（{}）变差", previous_year, previous);
    case WarningLevel::kLevel2:
      return "二级预警（黄色）：有改善但慢于时序进度";
    case WarningLevel::kLevel3:
      return "三级预警（绿色）：符合时序进度";
    case WarningLevel::kNone:
      break;
  }
  return "";
}

std::string WarningTextEn(WarningLevel level, int previous_year, const std::string& previous) {
  switch (level) {
    case WarningLevel::kLevel1:
      return fmt::format("level 1 warning (red): worse than {} ({})", previous_year, previous);
    case WarningLevel::kLevel2:
      return "level 2 warning (yellow): improving, but slower than the schedule";
    case WarningLevel::kLevel3:
      return "level 3 (green): on schedule";
    case WarningLevel::kNone:
      break;
  }
  return "";
}

TargetProgress Unknown(TargetProgress p, std::string zh, std::string en, std::string next_step) {
  p.status = TargetStatus::kUnknown;
  p.explanation_zh = std::move(zh);
  p.explanation_en = std::move(en);
  p.next_step = std::move(next_step);
  return p;
}

TargetProgress Qualitative(TargetProgress p, const domain::Target& target,
                           const refdata::IndicatorDef& def, const LeadUnitReport* report,
                           int current_year) {
  const bool usable =
      report != nullptr && report->year <= current_year &&
      (report->status == TargetStatus::kMet || report->status == TargetStatus::kOnTrack ||
       report->status == TargetStatus::kBehind);
  const std::string what = !target.note.empty() ? target.note : target.qualifier;
  if (!usable) {
    return Unknown(
        std::move(p),
        fmt::format("定性目标（{}{}），牵头单位尚未报告进展", def.name_zh,
                    what.empty() ? "" : "：" + what),
        fmt::format("qualitative target ({}{}): the lead unit has not reported its progress yet",
                    def.name_en, what.empty() ? "" : ": " + what),
        fmt::format(
            "the lead unit ({}) reports whether the target is met, on track or behind",
            def.lead_unit_type.empty() ? "see the indicator catalogue" : def.lead_unit_type));
  }
  p.status = report->status;
  p.actual_year = report->year;
  const std::string by = report->reported_by.empty() ? "牵头单位" : report->reported_by;
  const std::string by_en = report->reported_by.empty() ? "the lead unit" : report->reported_by;
  p.explanation_zh =
      fmt::format("定性目标（{}），{}于{}年报告：{}{}", def.name_zh, by, report->year,
                  StatusZh(report->status), report->note.empty() ? "" : "（" + report->note + "）");
  p.explanation_en = fmt::format("qualitative target ({}), reported by {} for {}: {}{}",
                                 def.name_en, by_en, report->year, StatusEn(report->status),
                                 report->note.empty() ? "" : " (" + report->note + ")");
  return p;
}

}  // namespace

std::string_view TargetStatusName(TargetStatus status) {
  switch (status) {
    case TargetStatus::kMet:
      return "met";
    case TargetStatus::kOnTrack:
      return "on_track";
    case TargetStatus::kBehind:
      return "behind";
    case TargetStatus::kUnknown:
      return "unknown";
    case TargetStatus::kNotApplicable:
      return "not_applicable";
  }
  return "unknown";
}

std::optional<TargetStatus> ParseTargetStatus(std::string_view name) {
  for (TargetStatus s : {TargetStatus::kMet, TargetStatus::kOnTrack, TargetStatus::kBehind,
                         TargetStatus::kUnknown, TargetStatus::kNotApplicable}) {
    if (TargetStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view ScheduleKindName(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::kNone:
      return "none";
    case ScheduleKind::kCumulativeReduction:
      return "cumulative_reduction";
    case ScheduleKind::kLinear:
      return "linear";
  }
  return "none";
}

bool IsCumulativeReduction(const refdata::IndicatorDef& def) {
  constexpr std::string_view kSuffix = "_reduction";
  return def.unit == "%" && def.key.size() > kSuffix.size() &&
         std::string_view(def.key).substr(def.key.size() - kSuffix.size()) == kSuffix;
}

Result<TargetProgress> TrackTarget(const domain::Target& target, const refdata::IndicatorDef* def,
                                   const ActualSeries& actual, const LeadUnitReport* report,
                                   const TrackingOptions& options) {
  if (options.current_year <= 0) {
    return Status::InvalidArgument(
        "target tracking needs the current year (TrackingOptions::current_year), the year the "
        "assessment is made in");
  }
  if (!(options.about_tolerance >= 0 && options.about_tolerance < 1)) {
    return Status::InvalidArgument(fmt::format(
        "the tolerance of 'about' targets must be a fraction in [0, 1), e.g. 0.02 for 2%; got {}",
        options.about_tolerance));
  }
  TargetProgress p;
  p.target_id = target.id;
  p.indicator = target.indicator;
  p.target_year = target.year;
  p.kind = target.kind;
  p.qualifier = target.qualifier;
  p.base_year = target.base_year.value_or(options.default_base_year);
  if (def == nullptr) {
    return Unknown(std::move(p), fmt::format("指标 {} 不在指标目录中，无法跟踪", target.indicator),
                   fmt::format("indicator '{}' is not in the catalogue (data/indicators.csv), so "
                               "the target cannot be tracked",
                               target.indicator),
                   "correct the target's indicator key, or add the indicator to "
                   "data/indicators.csv");
  }
  p.direction = def->direction;
  p.unit = actual.unit.empty() ? def->unit : actual.unit;

  if (target.kind == TargetKind::kQualitative) {
    return Qualitative(std::move(p), target, *def, report, options.current_year);
  }
  const std::string revise =
      fmt::format("carbonpeak target revise {} --value V --reason \"…\"",
                  target.id > 0 ? std::to_string(target.id) : std::string("ID"));
  if (target.kind == TargetKind::kDelegated && !target.value.has_value()) {
    p.status = TargetStatus::kNotApplicable;
    p.explanation_zh = fmt::format("{}：完成上级下达指标，上级尚未下达具体数值", def->name_zh);
    p.explanation_en = fmt::format(
        "{}: the value is set by the higher level and has not been assigned yet", def->name_en);
    p.next_step = "record the value the city assigns with `" + revise + "`";
    return p;
  }
  if (!target.value.has_value() ||
      (target.kind == TargetKind::kRange && !target.value_high.has_value())) {
    return Unknown(std::move(p), fmt::format("{}：目标缺少数值，无法评估", def->name_zh),
                   fmt::format("{}: the target has no {}number, so it cannot be assessed",
                               def->name_en, target.kind == TargetKind::kRange ? "upper " : ""),
                   fmt::format("record the number with `{}`{}", revise,
                               target.kind == TargetKind::kRange ? " --value-high H" : ""));
  }

  // The target's numbers in the unit of the actual values.
  double value = *target.value;
  std::optional<double> high = target.value_high;
  if (!target.unit.empty() && target.unit != p.unit) {
    Result<double> v = ConvertValue(value, target.unit, p.unit);
    Result<double> h = high ? ConvertValue(*high, target.unit, p.unit) : Result<double>(0.0);
    if (!v.ok() || !h.ok()) {
      return Unknown(
          std::move(p),
          fmt::format("{}：目标单位“{}”与指标单位“{}”不一致，无法比较", def->name_zh, target.unit,
                      p.unit),
          fmt::format("{}: the target's unit '{}' does not convert to the indicator's unit '{}'",
                      def->name_en, target.unit, p.unit),
          fmt::format(
              "correct the unit with `carbonpeak target revise {} --unit {} --reason \"…\"`",
              target.id > 0 ? std::to_string(target.id) : std::string("ID"), p.unit));
    }
    value = *v;
    if (high) high = *h;
  }
  p.target_value = value;
  p.target_value_high = high;

  const TargetKind kind = target.kind == TargetKind::kDelegated ? TargetKind::kPoint : target.kind;
  const Direction direction = EffectiveDirection(kind, def->direction);
  const double tolerance = options.about_tolerance;
  const std::string target_zh = TargetText(kind, value, high, p.unit, tolerance, Lang::kZh);
  const std::string target_en = TargetText(kind, value, high, p.unit, tolerance, Lang::kEn);

  // Which schedule applies.
  const bool reduction = IsCumulativeReduction(*def);
  if (target.year > p.base_year && direction != Direction::kNeutral && def->unit != "年") {
    p.schedule = reduction ? ScheduleKind::kCumulativeReduction : ScheduleKind::kLinear;
  }

  // The year assessed: the latest with data, not after the current or the target year, and
  // after the base year when a schedule applies.
  const int limit =
      target.year > 0 ? std::min(options.current_year, target.year) : options.current_year;
  const int earliest = p.schedule == ScheduleKind::kNone ? INT_MIN : p.base_year + 1;
  auto it = actual.by_year.upper_bound(limit);
  if (it == actual.by_year.begin() || std::prev(it)->first < earliest) {
    const std::string years = earliest == INT_MIN ? fmt::format("up to {}", limit)
                                                  : fmt::format("{}–{}", earliest, limit);
    const std::string note = actual.missing_note.empty() ? "" : " (" + actual.missing_note + ")";
    return Unknown(
        std::move(p), fmt::format("{}：{}年暂无实际值，无法评估{}", def->name_zh, years, note),
        fmt::format("{}: no actual value for {}{}", def->name_en, years, note), SupplyHint(*def));
  }
  --it;
  const int year = it->first;
  const double a = it->second;
  p.actual_year = year;
  p.actual = a;

  if (reduction) {
    p.base_value = 0.0;  // a cumulative reduction is 0 in its base year by definition
  } else if (auto b = actual.by_year.find(p.base_year); b != actual.by_year.end()) {
    p.base_value = b->second;
  } else {
    p.base_value = actual.base_value;
  }
  if (auto prev = actual.by_year.find(year - 1); prev != actual.by_year.end()) {
    p.previous = prev->second;
  } else if (year - 1 == p.base_year) {
    p.previous = p.base_value;
  }

  const bool final_year = target.year > 0 && year == target.year;
  const bool satisfied = Satisfies(kind, direction, a, value, high, tolerance);
  const std::string a_zh = WithUnit(a, p.unit, Lang::kZh);
  const std::string a_en = WithUnit(a, p.unit, Lang::kEn);

  // The schedule's expectation for the year assessed.
  std::string schedule_problem;
  if (p.schedule != ScheduleKind::kNone) {
    const std::optional<double> goal = Goal(kind, direction, value, high);
    if (goal && p.schedule == ScheduleKind::kCumulativeReduction) {
      Result<double> e = ExpectedCumulativeReduction(*goal / 100.0, p.base_year, target.year, year);
      if (e.ok()) {
        p.expected = *e * 100.0;
      } else {
        schedule_problem = e.status().message();
      }
    } else if (goal && p.base_value) {
      Result<double> e = LinearPathValue(*p.base_value, *goal, p.base_year, target.year, year);
      if (e.ok()) p.expected = *e;
    }
  }

  if (final_year) {
    p.status = satisfied ? TargetStatus::kMet : TargetStatus::kBehind;
    p.explanation_zh = fmt::format("{}年{}实际{}，目标{}：{}", year, def->name_zh, a_zh, target_zh,
                                   satisfied ? "已完成" : "未完成");
    p.explanation_en = fmt::format("{} in {} was {} against a target of {}: {}", def->name_en, year,
                                   a_en, target_en, satisfied ? "met" : "not met");
  } else if (p.schedule != ScheduleKind::kNone) {
    if (!p.expected) {
      if (!schedule_problem.empty()) {
        return Unknown(
            std::move(p), fmt::format("{}：无法计算时序进度", def->name_zh),
            fmt::format("{}: no time schedule can be computed: {}", def->name_en, schedule_problem),
            "check the target's value and years");
      }
      return Unknown(
          std::move(p),
          fmt::format("{}：缺少{}年基期值，无法计算时序进度", def->name_zh, p.base_year),
          fmt::format("{}: the {} base-year value is missing, so the schedule to the target "
                      "cannot be drawn",
                      def->name_en, p.base_year),
          fmt::format("record the {} value of {}: {}", p.base_year, def->key, SupplyHint(*def)));
    }
    const bool on_schedule = AtLeastAsGood(direction, a, *p.expected);
    p.status = on_schedule ? TargetStatus::kOnTrack : TargetStatus::kBehind;
    const std::string e_zh = WithUnit(*p.expected, p.unit, Lang::kZh);
    const std::string e_en = WithUnit(*p.expected, p.unit, Lang::kEn);
    p.explanation_zh =
        fmt::format("{}年{}实际{}，按时序进度应达{}（{}年目标{}）：{}", year, def->name_zh, a_zh,
                    e_zh, target.year, target_zh, on_schedule ? "进度正常" : "落后于时序进度");
    p.explanation_en = fmt::format(
        "{} in {} was {}; the schedule to the {} target ({}) expects "
        "{}: {}",
        def->name_en, year, a_en, target.year, target_en, e_en,
        on_schedule ? "on schedule" : "behind schedule");
  } else {
    p.status = satisfied ? (target.year > 0 ? TargetStatus::kOnTrack : TargetStatus::kMet)
                         : TargetStatus::kBehind;
    const std::string when_zh =
        target.year > 0 ? fmt::format("{}年目标", target.year) : std::string("目标（未定年份）");
    const std::string when_en = target.year > 0 ? fmt::format("the {} target", target.year)
                                                : std::string("the target (no year stated)");
    p.explanation_zh = fmt::format("{}年{}实际{}，{}{}：{}", year, def->name_zh, a_zh, when_zh,
                                   target_zh, satisfied ? "已达到目标值" : "尚未达到目标值");
    p.explanation_en = fmt::format(
        "{} in {} was {} against {} of {}: {} (no time schedule applies)", def->name_en, year, a_en,
        when_en, target_en, satisfied ? "target level reached" : "target level not reached yet");
  }

  // The barometer: needs the schedule and the year before.
  if (p.expected && p.previous) {
    p.warning = ClassifyWarning(direction, a, *p.previous, *p.expected);
    if (p.warning != WarningLevel::kNone) {
      p.warning_basis = WarningBasis(*def, p.warning, options.warning_levels);
      p.explanation_zh +=
          "；" + WarningTextZh(p.warning, year - 1, WithUnit(*p.previous, p.unit, Lang::kZh));
      p.explanation_en +=
          "; " + WarningTextEn(p.warning, year - 1, WithUnit(*p.previous, p.unit, Lang::kEn));
    }
  }
  if (target.year > 0 && options.current_year >= target.year && !final_year) {
    p.explanation_zh += fmt::format("；{}年实际值尚未录入", target.year);
    p.explanation_en += fmt::format("; the {} value is not recorded yet", target.year);
    if (p.next_step.empty()) p.next_step = SupplyHint(*def);
  }
  return p;
}

Result<std::vector<TargetProgress>> TrackTargets(std::span<const domain::Target> targets,
                                                 const refdata::IndicatorCatalogue& catalogue,
                                                 const TrackingData& data,
                                                 const TrackingOptions& options) {
  static const ActualSeries kEmpty;
  std::vector<TargetProgress> out;
  out.reserve(targets.size());
  for (const domain::Target& target : targets) {
    auto series = data.series.find(target.indicator);
    auto report = data.reports.find(target.id);
    CPK_ASSIGN_OR_RETURN(
        TargetProgress p,
        TrackTarget(target, catalogue.Find(target.indicator),
                    series == data.series.end() ? kEmpty : series->second,
                    report == data.reports.end() ? nullptr : &report->second, options));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace carbonpeak::indicators
