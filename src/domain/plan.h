// The plan registry's value types: a county's 碳达峰实施方案 with its targets, the ten actions
// and their tasks, responsible units and major projects. Plain structs, copied freely.
//
//   Plan plan;
//   plan.region_code = "430703";
//   plan.targets.push_back(Target{.indicator = "non_fossil_share", .year = 2025,
//                                 .kind = TargetKind::kAbout, .value = 23, .unit = "%"});
//
// Validation (region exists, indicator known, unit fits) lives in planimport/validate.h;
// these types only hold data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::domain {

/// 正式 (final) or 征求意见稿 (draft for comment). Stored as text: append only.
enum class PlanStatus { kFinal, kDraft };
std::string_view PlanStatusName(PlanStatus s);                     // "final", "draft"
std::optional<PlanStatus> ParsePlanStatus(std::string_view name);  // also accepts 正式/征求意见稿

/// How a target's number is to be read (DESIGN.md §4). Stored as text: append only.
enum class TargetKind {
  kPoint,        ///< 达到/提高到 X
  kAtLeast,      ///< X以上 / 不低于 X
  kAtMost,       ///< 不高于 X / X以内
  kAbout,        ///< X左右
  kRange,        ///< X～Y
  kQualitative,  ///< 全覆盖, 清零: no number
  kDelegated,    ///< 完成市下达指标: the number comes from the higher level
};
std::string_view TargetKindName(TargetKind k);  // "point", "at_least", "at_most", "about", ...
std::optional<TargetKind> ParseTargetKind(std::string_view name);

/// Where an item came from: the plan document and a 1-based line, optional character span.
struct Provenance {
  std::string document;  ///< File name or title of the source document.
  int line = 0;          ///< 1-based line; 0 = unknown.
  int span_begin = -1;   ///< Character offsets within the line; -1 = whole line.
  int span_end = -1;
};

struct Target {
  int64_t id = 0;         ///< Assigned by the store; 0 before saving.
  std::string indicator;  ///< Catalogue key, e.g. "non_fossil_share".
  int year = 0;           ///< Target year, e.g. 2025; 0 when the plan states none.
  TargetKind kind = TargetKind::kPoint;
  std::optional<double> value;       ///< The number (low end of a range); none for qualitative.
  std::optional<double> value_high;  ///< High end of a range.
  std::string unit;                  ///< As written in the plan, e.g. "%", "万千瓦".
  std::string qualifier;         ///< 力争, 确保, 原则上 … kept as written; may be empty.
  std::optional<int> base_year;  ///< For reductions "比2020年下降": 2020.
  std::string note;              ///< Free text: what the delegated/qualitative target demands.
  bool main_target = false;      ///< One of the plan's 主要目标.
  int action = 0;                ///< Number of the action it belongs to; 0 = main/appendix.
  Provenance provenance;
};

/// A 责任单位 as the county names it. `canonical_name` is unique within a plan's region.
struct ResponsibleUnit {
  std::string canonical_name;        ///< e.g. "区工业和信息化局".
  std::vector<std::string> aliases;  ///< Raw forms seen in documents, e.g. "区工信局".
  std::string type;                  ///< Catalogue lead-unit type, e.g. "development_reform".
};

struct Task {
  int64_t id = 0;
  std::string number;                          ///< As numbered in the plan, e.g. "3".
  std::string title;                           ///< Short heading.
  std::vector<std::string> lead_units;         ///< Canonical names of lead units (牵头).
  std::vector<std::string> cooperating_units;  ///< Canonical names of 配合 units.
  std::vector<Target> commitments;             ///< Quantitative commitments inside the task.
  Provenance provenance;
};

struct Action {
  int number = 0;     ///< 1..10 as in the plan.
  std::string title;  ///< e.g. "能源绿色低碳转型行动".
  std::vector<Task> tasks;
  Provenance provenance;
};

struct Project {
  int64_t id = 0;
  std::string name;
  std::string sector;                ///< e.g. "能源/风电".
  std::string capacity;              ///< As written, e.g. "200MW".
  std::optional<double> investment;  ///< 亿元.
  std::optional<int> start_year;
  std::optional<int> end_year;
  std::string status;  ///< e.g. "planned", "under_construction", "done".
  Provenance provenance;
};

struct Plan {
  int64_t id = 0;           ///< Assigned by the store.
  std::string region_code;  ///< GB/T 2260 code of the county.
  std::string title;
  std::string doc_number;  ///< e.g. "鹤政函〔2024〕1号"; may be empty.
  std::string issue_date;  ///< "YYYY-MM-DD" or empty.
  PlanStatus status = PlanStatus::kFinal;
  int base_year = 2020;
  std::string source_document;  ///< Name of the document it was read from.
  std::vector<Target> targets;  ///< Main targets and indicator-table targets.
  std::vector<Action> actions;
  std::vector<ResponsibleUnit> units;
  std::vector<Project> projects;
};

}  // namespace carbonpeak::domain
