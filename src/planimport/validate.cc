#include "planimport/validate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "base/clock.h"
#include "base/units.h"
#include "planimport/internal/suggest.h"

namespace carbonpeak::planimport {
namespace {

using domain::Action;
using domain::Plan;
using domain::Project;
using domain::Provenance;
using domain::Region;
using domain::RegionLevel;
using domain::ResponsibleUnit;
using domain::Target;
using domain::TargetKind;
using domain::Task;

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string Path(const std::string& base, std::string_view field) {
  return base.empty() ? std::string(field) : base + "." + std::string(field);
}

std::string Index(const std::string& base, size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

std::string FormatNumber(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  std::string text = std::to_string(value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

bool PlausibleYear(int year) { return year >= kMinYear && year <= kMaxYear; }

// A catalogue unit of "-" (or nothing) marks an indicator that has no unit: coverage
// statements, yes/no targets.
bool HasNoUnit(std::string_view catalogue_unit) {
  return catalogue_unit.empty() || catalogue_unit == "-";
}

class Checker {
 public:
  Checker(const refdata::IndicatorCatalogue& indicators, const std::vector<Region>& regions)
      : indicators_(indicators), regions_(regions) {
    for (const refdata::IndicatorDef& def : indicators_.all()) indicator_keys_.push_back(def.key);
  }

  std::vector<PlanProblem> Run(const Plan& plan) {
    CheckPlanFields(plan);
    for (const Action& action : plan.actions) action_numbers_.insert(action.number);
    IndexUnits(plan);
    for (size_t idx = 0; idx < plan.targets.size(); ++idx) {
      CheckTarget(plan.targets[idx], Index("targets", idx), plan);
    }
    CheckActions(plan);
    CheckUnits(plan);
    CheckProjects(plan);
    return std::move(problems_);
  }

 private:
  void Add(std::string path, std::string message) {
    problems_.push_back({std::move(path), std::move(message)});
  }

  void CheckPlanFields(const Plan& plan) {
    CheckRegion(plan.region_code);
    if (plan.title.empty()) {
      Add("title",
          "the plan has no title; give the one on the document, e.g. 鼎城区碳达峰实施方案");
    }
    if (!plan.issue_date.empty()) {
      bool ok = plan.issue_date.size() == 10 && ParseTimestamp(plan.issue_date).ok();
      if (!ok) {
        Add("issue_date", Quote(plan.issue_date) +
                              " is not a date; write it as YYYY-MM-DD, e.g. 2024-03-27, or leave "
                              "it empty when the document carries no date");
      }
    }
    if (!PlausibleYear(plan.base_year)) {
      Add("base_year", std::to_string(plan.base_year) +
                           " is not a plausible base year; use a year between 2000 and 2100 "
                           "(most plans use 2020)");
    }
  }

  void CheckRegion(const std::string& code) {
    if (code.empty()) {
      Add("region_code", "missing; write the county's 6-digit GB/T 2260 code, e.g. 430703");
      return;
    }
    std::vector<std::string> counties;
    const Region* found = nullptr;
    for (const Region& region : regions_) {
      if (region.code == code) found = &region;
      if (region.level == RegionLevel::kCounty) {
        counties.push_back(region.code + " " + region.name);
      }
    }
    std::string known = counties.empty()
                            ? "the region table has no county-level regions"
                            : "county-level regions known: " + internal::JoinAlternatives(counties);
    if (found == nullptr) {
      Add("region_code", Quote(code) + " is not in the region table (data/regions.csv); " + known);
      return;
    }
    if (found->level != RegionLevel::kCounty) {
      Add("region_code", Quote(code) + " is " + found->name + ", a " +
                             std::string(domain::RegionLevelName(found->level)) +
                             "-level region; a plan belongs to one county-level region (" + known +
                             ")");
    }
  }

  void IndexUnits(const Plan& plan) {
    for (size_t idx = 0; idx < plan.units.size(); ++idx) {
      const ResponsibleUnit& unit = plan.units[idx];
      if (!unit.canonical_name.empty()) {
        unit_names_.emplace(unit.canonical_name, idx);
        unit_name_list_.push_back(unit.canonical_name);
      }
      for (const std::string& alias : unit.aliases) {
        if (!alias.empty()) unit_names_.emplace(alias, idx);
      }
    }
  }

  void CheckIndicator(const Target& t, const std::string& path,
                      const refdata::IndicatorDef** def_out) {
    *def_out = nullptr;
    if (t.indicator.empty()) {
      Add(Path(path, "indicator"),
          "missing; write the indicator's catalogue key, e.g. non_fossil_share");
      return;
    }
    const refdata::IndicatorDef* def = indicators_.Find(t.indicator);
    if (def != nullptr) {
      *def_out = def;
      return;
    }
    std::string message = Quote(t.indicator) + " is not in the indicator catalogue";
    // A Chinese name instead of a key: point at the key that carries it.
    if (const refdata::IndicatorDef* named = indicators_.FindByName(t.indicator)) {
      Add(Path(path, "indicator"), message + "; write its key " + named->key + " instead");
      return;
    }
    std::vector<std::string> close = internal::ClosestMatches(t.indicator, indicator_keys_, 3);
    if (!close.empty()) {
      message += "; did you mean " + internal::JoinAlternatives(close) + "?";
    } else {
      message += "; use a key from data/indicators.csv, or ask the administrator to add it";
    }
    Add(Path(path, "indicator"), message);
  }

  void CheckUnit(const Target& t, const std::string& path, const refdata::IndicatorDef* def) {
    if (def == nullptr) return;
    bool has_number = t.value.has_value() || t.value_high.has_value();
    if (t.unit.empty()) {
      if (has_number && !HasNoUnit(def->unit)) {
        Add(Path(path, "unit"), "the target has a value but no unit; write the unit, e.g. " +
                                    Quote(def->unit) + " (the catalogue unit of " + def->key + ")");
      }
      return;
    }
    if (HasNoUnit(def->unit)) {
      Add(Path(path, "unit"), Quote(t.unit) + " given, but indicator " + def->key +
                                  " has no unit in the catalogue; leave the unit empty or pick "
                                  "another indicator");
      return;
    }
    if (!UnitsCompatible(t.unit, def->unit)) {
      Add(Path(path, "unit"), Quote(t.unit) + " does not fit indicator " + def->key +
                                  ", which is measured in " + Quote(def->unit) +
                                  "; use a unit of that kind or pick the right indicator");
    }
  }

  void CheckKind(const Target& t, const std::string& path) {
    std::string kind(domain::TargetKindName(t.kind));
    for (const auto& [field, number] :
         {std::pair{"value", t.value}, std::pair{"value_high", t.value_high}}) {
      if (number && !std::isfinite(*number)) {
        Add(Path(path, field), "is not a finite number; write a plain number such as 23");
      }
    }
    switch (t.kind) {
      case TargetKind::kPoint:
      case TargetKind::kAtLeast:
      case TargetKind::kAtMost:
      case TargetKind::kAbout:
        if (!t.value) {
          Add(Path(path, "value"), "a target of kind " + kind +
                                       " needs a value; add it, or use kind qualitative (no "
                                       "number) or delegated (number set by the city)");
        }
        if (t.value_high) {
          Add(Path(path, "value_high"),
              "only a target of kind range has value_high; remove it "
              "or change the kind to range");
        }
        break;
      case TargetKind::kRange:
        if (!t.value) Add(Path(path, "value"), "a range needs its low end in value");
        if (!t.value_high)
          Add(Path(path, "value_high"), "a range needs its high end in value_high");
        if (t.value && t.value_high && std::isfinite(*t.value) && std::isfinite(*t.value_high) &&
            *t.value > *t.value_high) {
          Add(Path(path, "value_high"), "the range runs from " + FormatNumber(*t.value) + " to " +
                                            FormatNumber(*t.value_high) +
                                            ": the low end is above the high end; swap them");
        }
        break;
      case TargetKind::kQualitative:
        if (t.value) {
          Add(Path(path, "value"),
              "a qualitative target (全覆盖, 清零 …) carries no number; "
              "remove value or use a numeric kind such as point or at_least");
        }
        if (t.value_high) Add(Path(path, "value_high"), "a qualitative target carries no number");
        break;
      case TargetKind::kDelegated:
        // value stays empty until the city assigns the number; then it holds that number.
        if (t.value_high) {
          Add(Path(path, "value_high"),
              "a delegated target holds at most one assigned number in "
              "value; remove value_high");
        }
        break;
    }
  }

  void CheckYears(const Target& t, const std::string& path, const Plan& plan) {
    if (t.year != 0 && !PlausibleYear(t.year)) {
      Add(Path(path, "year"), std::to_string(t.year) +
                                  " is not a plausible target year; use a year between 2000 and "
                                  "2100, or leave it out when the plan names no year");
    }
    if (t.base_year && !PlausibleYear(*t.base_year)) {
      Add(Path(path, "base_year"), std::to_string(*t.base_year) +
                                       " is not a plausible base year; use a year between 2000 "
                                       "and 2100");
      return;
    }
    int base = t.base_year.value_or(plan.base_year);
    if (t.year != 0 && PlausibleYear(t.year) && PlausibleYear(base) && base >= t.year) {
      std::string field = t.base_year ? "base_year" : "year";
      Add(Path(path, field), "the target year " + std::to_string(t.year) +
                                 " is not after the base year " + std::to_string(base) +
                                 "; check both years");
    }
  }

  void CheckProvenance(const Provenance& p, const std::string& path) {
    std::string base = Path(path, "provenance");
    if (p.line < 0) {
      Add(Path(base, "line"), "must be 0 (unknown) or a line number counted from 1");
    }
    bool whole_line = p.span_begin == -1 && p.span_end == -1;
    bool valid_span = p.span_begin >= 0 && p.span_end >= p.span_begin;
    if (!whole_line && !valid_span) {
      Add(Path(base, "span"),
          "must be [begin, end] with 0 <= begin <= end, or be left out for "
          "the whole line");
    }
  }

  void CheckTarget(const Target& t, const std::string& path, const Plan& plan) {
    const refdata::IndicatorDef* def = nullptr;
    CheckIndicator(t, path, &def);
    CheckKind(t, path);
    CheckUnit(t, path, def);
    CheckYears(t, path, plan);
    if (t.action != 0 && action_numbers_.count(t.action) == 0) {
      Add(Path(path, "action"), "refers to action " + std::to_string(t.action) +
                                    ", which the plan does not have; use 0 for main and "
                                    "appendix targets or the number of one of its actions");
    }
    CheckProvenance(t.provenance, path);
  }

  void CheckUnitReference(const std::string& name, const std::string& path) {
    if (name.empty()) {
      Add(path, "empty unit name; remove it or write the unit's name");
      return;
    }
    if (unit_names_.count(name) > 0) return;
    std::string message = Quote(name) +
                          " is not declared in the plan's units; add it to \"units\" (or as an "
                          "alias of the unit it stands for)";
    std::vector<std::string> close = internal::ClosestMatches(name, unit_name_list_, 2);
    if (!close.empty()) message += "; did you mean " + internal::JoinAlternatives(close) + "?";
    Add(path, message);
  }

  void CheckActions(const Plan& plan) {
    std::set<int> seen;
    for (size_t action_idx = 0; action_idx < plan.actions.size(); ++action_idx) {
      const Action& action = plan.actions[action_idx];
      std::string path = Index("actions", action_idx);
      if (action.number < 1) {
        Add(Path(path, "number"), "actions are numbered from 1, as in the plan (一 = 1)");
      } else if (!seen.insert(action.number).second) {
        Add(Path(path, "number"), "action " + std::to_string(action.number) +
                                      " appears twice; each action needs its own number");
      }
      if (action.title.empty()) {
        Add(Path(path, "title"),
            "the action has no title; write its heading, e.g. "
            "能源绿色低碳转型行动");
      }
      CheckProvenance(action.provenance, path);
      for (size_t task_idx = 0; task_idx < action.tasks.size(); ++task_idx) {
        CheckTask(action.tasks[task_idx], Index(Path(path, "tasks"), task_idx), plan);
      }
    }
  }

  void CheckTask(const Task& task, const std::string& path, const Plan& plan) {
    if (task.title.empty()) {
      Add(Path(path, "title"), "the task has no title; write its short heading");
    }
    for (size_t idx = 0; idx < task.lead_units.size(); ++idx) {
      CheckUnitReference(task.lead_units[idx], Index(Path(path, "lead_units"), idx));
    }
    for (size_t idx = 0; idx < task.cooperating_units.size(); ++idx) {
      CheckUnitReference(task.cooperating_units[idx], Index(Path(path, "cooperating_units"), idx));
    }
    for (size_t idx = 0; idx < task.commitments.size(); ++idx) {
      CheckTarget(task.commitments[idx], Index(Path(path, "commitments"), idx), plan);
    }
    CheckProvenance(task.provenance, path);
  }

  void CheckUnits(const Plan& plan) {
    std::map<std::string, size_t> canonical;  // name -> first index
    for (size_t idx = 0; idx < plan.units.size(); ++idx) {
      const ResponsibleUnit& unit = plan.units[idx];
      std::string path = Index("units", idx);
      if (unit.canonical_name.empty()) {
        Add(Path(path, "canonical_name"), "the unit has no name; write its full official name");
        continue;
      }
      if (!unit.type.empty() && !refdata::IsLeadUnitType(unit.type)) {
        std::vector<std::string> types;
        for (std::string_view type : refdata::LeadUnitTypes()) types.emplace_back(type);
        std::string message = Quote(unit.type) + " is not a lead-unit type; use one of " +
                              internal::JoinAlternatives(types) + ", or leave it empty";
        Add(Path(path, "type"), message);
      }
      auto [it, inserted] = canonical.emplace(unit.canonical_name, idx);
      if (!inserted) {
        Add(Path(path, "canonical_name"),
            Quote(unit.canonical_name) + " is already declared as units[" +
                std::to_string(it->second) + "]; merge the two entries");
      }
    }
    for (size_t idx = 0; idx < plan.units.size(); ++idx) {
      const ResponsibleUnit& unit = plan.units[idx];
      for (size_t alias_idx = 0; alias_idx < unit.aliases.size(); ++alias_idx) {
        const std::string& alias = unit.aliases[alias_idx];
        std::string path = Index(Path(Index("units", idx), "aliases"), alias_idx);
        if (alias.empty()) {
          Add(path, "empty alias; remove it");
          continue;
        }
        // An alias that also names another unit makes task references ambiguous.
        for (size_t other = 0; other < plan.units.size(); ++other) {
          if (other == idx) continue;
          const ResponsibleUnit& o = plan.units[other];
          bool clash = o.canonical_name == alias;
          for (const std::string& a : o.aliases) clash = clash || a == alias;
          if (clash) {
            Add(path, Quote(alias) + " also names units[" + std::to_string(other) + "] (" +
                          o.canonical_name + "); an alias must point to one unit only");
            break;
          }
        }
      }
    }
  }

  void CheckProjects(const Plan& plan) {
    for (size_t idx = 0; idx < plan.projects.size(); ++idx) {
      const Project& p = plan.projects[idx];
      std::string path = Index("projects", idx);
      if (p.name.empty()) Add(Path(path, "name"), "the project has no name");
      if (p.investment && (!std::isfinite(*p.investment) || *p.investment < 0)) {
        Add(Path(path, "investment"), "must be a non-negative amount in 亿元 (100 million yuan)");
      }
      for (const auto& [field, year] :
           {std::pair{"start_year", p.start_year}, std::pair{"end_year", p.end_year}}) {
        if (year && !PlausibleYear(*year)) {
          Add(Path(path, field),
              std::to_string(*year) + " is not a plausible year; use a year between 2000 and 2100");
        }
      }
      if (p.start_year && p.end_year && *p.start_year > *p.end_year) {
        Add(Path(path, "end_year"), "the project ends (" + std::to_string(*p.end_year) +
                                        ") before it starts (" + std::to_string(*p.start_year) +
                                        "); check both years");
      }
      if (!p.status.empty()) {
        bool known = false;
        std::vector<std::string> names;
        for (std::string_view s : kProjectStatuses) {
          known = known || s == p.status;
          names.emplace_back(s);
        }
        if (!known) {
          Add(Path(path, "status"), Quote(p.status) + " is not a project status; use " +
                                        internal::JoinAlternatives(names) + ", or leave it empty");
        }
      }
      CheckProvenance(p.provenance, path);
    }
  }

  const refdata::IndicatorCatalogue& indicators_;
  const std::vector<Region>& regions_;
  std::vector<std::string> indicator_keys_;
  std::set<int> action_numbers_;
  std::map<std::string, size_t> unit_names_;  // canonical names and aliases -> unit index
  std::vector<std::string> unit_name_list_;
  std::vector<PlanProblem> problems_;
};

}  // namespace

std::vector<PlanProblem> FindPlanProblems(const Plan& plan,
                                          const refdata::IndicatorCatalogue& indicators,
                                          const std::vector<Region>& regions) {
  return Checker(indicators, regions).Run(plan);
}

Status ValidatePlan(const Plan& plan, const refdata::IndicatorCatalogue& indicators,
                    const std::vector<Region>& regions) {
  std::vector<PlanProblem> problems = FindPlanProblems(plan, indicators, regions);
  if (problems.empty()) return Status::Ok();
  std::string name = plan.region_code.empty() ? std::string("without a region") : plan.region_code;
  if (!plan.title.empty()) name += " (" + plan.title + ")";
  std::string message = "the plan " + name + " has " + std::to_string(problems.size()) +
                        (problems.size() == 1 ? " problem" : " problems") +
                        "; fix them and load it again:";
  size_t listed = std::min(problems.size(), kMaxListedProblems);
  for (size_t idx = 0; idx < listed; ++idx) {
    message += "\n  " + problems[idx].path + ": " + problems[idx].message;
  }
  if (problems.size() > listed) {
    message += "\n  … and " + std::to_string(problems.size() - listed) + " more";
  }
  return Status::InvalidArgument(std::move(message));
}

}  // namespace carbonpeak::planimport
