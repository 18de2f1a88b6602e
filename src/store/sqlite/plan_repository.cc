#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "store/sqlite/json_codec.h"
#include "store/sqlite/repositories.h"

namespace carbonpeak::store::sqlite {
namespace {

using domain::Plan;
using domain::PlanStatus;
using domain::Provenance;
using domain::Target;
using domain::TargetKind;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

// ----------------------------------------------------------------------------- validation

std::string DescribeTargetAt(std::string_view path, const Target& t) {
  return fmt::format("{} ({} {})", path, t.indicator.empty() ? "(no indicator)" : t.indicator,
                     t.year);
}

bool NeedsValue(TargetKind kind) {
  return kind == TargetKind::kPoint || kind == TargetKind::kAtLeast ||
         kind == TargetKind::kAtMost || kind == TargetKind::kAbout || kind == TargetKind::kRange;
}

/// Checks the revisable part of a target: numbers finite, kind and numbers consistent.
Status CheckTargetFigures(const Target& t, std::string_view where) {
  if (t.value && !std::isfinite(*t.value)) {
    return Status::InvalidArgument(fmt::format("{}: the value is not a finite number", where));
  }
  if (t.value_high && !std::isfinite(*t.value_high)) {
    return Status::InvalidArgument(
        fmt::format("{}: the upper value of the range is not a finite number", where));
  }
  std::string_view kind = domain::TargetKindName(t.kind);
  if (NeedsValue(t.kind) && !t.value) {
    return Status::InvalidArgument(fmt::format(
        "{}: a target of kind \"{}\" needs a value; use kind \"delegated\" when the number "
        "comes from the higher level, or \"qualitative\" when there is no number",
        where, kind));
  }
  if (t.kind == TargetKind::kRange) {
    if (!t.value_high) {
      return Status::InvalidArgument(
          fmt::format("{}: a range target needs both ends (value and value_high)", where));
    }
    if (*t.value_high < *t.value) {
      return Status::InvalidArgument(fmt::format(
          "{}: the range {}～{} runs backwards; value is the low end, value_high the high end",
          where, *t.value, *t.value_high));
    }
  } else if (t.value_high) {
    return Status::InvalidArgument(fmt::format(
        "{}: value_high is only used by range targets; this one is of kind \"{}\"", where, kind));
  }
  if (t.base_year && (*t.base_year < kMinYear || *t.base_year > kMaxYear)) {
    return Status::InvalidArgument(
        fmt::format("{}: base year {} is not a plausible year", where, *t.base_year));
  }
  return Status::Ok();
}

Status CheckTargetIdentity(const Target& t, std::string_view where) {
  if (IsBlank(t.indicator)) {
    return Status::InvalidArgument(fmt::format(
        "{}: the indicator key is empty; every target names its catalogue indicator", where));
  }
  // Year 0 means the plan states no year (a standing rule such as a supervision threshold).
  if (t.year != 0 && (t.year < kMinYear || t.year > kMaxYear)) {
    return Status::InvalidArgument(fmt::format(
        "{}: {} is not a valid target year; give the year as written in the plan, e.g. 2025, "
        "or 0 when the plan states none",
        where, t.year));
  }
  return Status::Ok();
}

// ----------------------------------------------------------------------------- reading

// Columns shared by every query that reads a target with one of its revisions.
constexpr std::string_view kTargetColumns =
    "t.id, t.indicator, t.year, t.action, t.main_target, t.doc, t.line, t.span_begin, "
    "t.span_end, r.revision, r.kind, r.value, r.value_high, r.unit, r.qualifier, r.note, "
    "r.base_year, r.author, r.recorded_at, r.source, r.reason";

Provenance ReadProvenance(const Statement& stmt, int first) {
  return Provenance{.document = stmt.Text(first),
                    .line = stmt.IntNarrow(first + 1),
                    .span_begin = stmt.IntNarrow(first + 2),
                    .span_end = stmt.IntNarrow(first + 3)};
}

/// Reads kTargetColumns starting at column `first`.
Result<TargetRevision> ReadTargetRevision(const Statement& stmt, int first) {
  TargetRevision rev;
  Target& t = rev.target;
  t.id = stmt.Int(first);
  t.indicator = stmt.Text(first + 1);
  t.year = stmt.IntNarrow(first + 2);
  t.action = stmt.IntNarrow(first + 3);
  t.main_target = stmt.Int(first + 4) != 0;
  t.provenance = ReadProvenance(stmt, first + 5);
  rev.revision = stmt.Int(first + 9);
  std::string kind = stmt.Text(first + 10);
  std::optional<TargetKind> parsed = domain::ParseTargetKind(kind);
  if (!parsed) {
    return Status::DataLoss(fmt::format(
        "target {} revision {} has the unknown kind \"{}\" in the database; this program may "
        "be older than the database",
        t.id, rev.revision, kind));
  }
  t.kind = *parsed;
  t.value = stmt.OptDouble(first + 11);
  t.value_high = stmt.OptDouble(first + 12);
  t.unit = stmt.Text(first + 13);
  t.qualifier = stmt.Text(first + 14);
  t.note = stmt.Text(first + 15);
  t.base_year = stmt.OptInt(first + 16);
  rev.author = stmt.Text(first + 17);
  rev.recorded_at = Timestamp{.micros = stmt.Int(first + 18)};
  rev.source = stmt.Text(first + 19);
  rev.reason = stmt.Text(first + 20);
  return rev;
}

// ----------------------------------------------------------------------------- writing

Status InsertRevision(Connection& db, int64_t target_id, const TargetRevision& rev) {
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO target_revisions (target_id, revision, kind, value, value_high, "
                 "unit, qualifier, note, base_year, author, recorded_at, source, reason) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  const Target& t = rev.target;
  stmt.BindInt(1, target_id)
      .BindInt(2, rev.revision)
      .BindText(3, domain::TargetKindName(t.kind))
      .BindOptDouble(4, t.value)
      .BindOptDouble(5, t.value_high)
      .BindText(6, t.unit)
      .BindText(7, t.qualifier)
      .BindText(8, t.note)
      .BindOptInt(9, t.base_year)
      .BindText(10, rev.author)
      .BindInt(11, rev.recorded_at.micros)
      .BindText(12, rev.source)
      .BindText(13, rev.reason);
  return stmt.Run();
}

/// Inserts a target (identity + revision 1) and sets target.id.
Status InsertTarget(Connection& db, int64_t plan_id, std::optional<int64_t> task_id,
                    size_t position, Target& target, const WriteContext& ctx, Timestamp now,
                    std::string_view where) {
  CPK_RETURN_IF_ERROR(CheckTargetIdentity(target, where));
  CPK_RETURN_IF_ERROR(CheckTargetFigures(target, where));
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO targets (plan_id, task_id, position, indicator, year, action, "
                 "main_target, doc, line, span_begin, span_end) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  stmt.BindInt(1, plan_id);
  if (task_id) {
    stmt.BindInt(2, *task_id);
  } else {
    stmt.BindNull(2);
  }
  stmt.BindInt(3, static_cast<int64_t>(position))
      .BindText(4, target.indicator)
      .BindInt(5, target.year)
      .BindInt(6, target.action)
      .BindInt(7, target.main_target ? 1 : 0)
      .BindText(8, target.provenance.document)
      .BindInt(9, target.provenance.line)
      .BindInt(10, target.provenance.span_begin)
      .BindInt(11, target.provenance.span_end);
  CPK_RETURN_IF_ERROR(stmt.Run().WithContext(where));
  target.id = db.LastInsertRowid();
  TargetRevision rev{.revision = 1,
                     .target = target,
                     .author = ctx.author,
                     .recorded_at = now,
                     .source = ctx.source,
                     .reason = ctx.reason};
  return InsertRevision(db, target.id, rev).WithContext(where);
}

void BindProvenance(Statement& stmt, int first, const Provenance& p) {
  stmt.BindText(first, p.document)
      .BindInt(first + 1, p.line)
      .BindInt(first + 2, p.span_begin)
      .BindInt(first + 3, p.span_end);
}

Status InsertTaskUnits(Connection& db, int64_t task_id, std::string_view role,
                       const std::vector<std::string>& names) {
  for (size_t idx = 0; idx < names.size(); ++idx) {
    CPK_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("INSERT INTO task_units (task_id, role, position, unit_name) "
                                    "VALUES (?1, ?2, ?3, ?4)"));
    stmt.BindInt(1, task_id)
        .BindText(2, role)
        .BindInt(3, static_cast<int64_t>(idx))
        .BindText(4, names[idx]);
    CPK_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

/// The latest revision of target `target_id`, or kNotFound.
Result<TargetRevision> LatestRevision(Connection& db, int64_t target_id) {
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(fmt::format("SELECT {} FROM targets t JOIN target_revisions r ON "
                             "r.target_id = t.id WHERE t.id = ?1 ORDER BY r.revision DESC "
                             "LIMIT 1",
                             kTargetColumns)));
  stmt.BindInt(1, target_id);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return Status::NotFound(fmt::format(
        "target {} does not exist; look up the target ids with the plan (plan show)", target_id));
  }
  return ReadTargetRevision(stmt, 0);
}

}  // namespace

// ----------------------------------------------------------------------------- Create

Result<int64_t> SqlitePlanRepository::Create(const Plan& input, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  const std::string what = fmt::format("storing the plan for region {}", input.region_code);
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, what, /*reason_required=*/false));
  if (input.base_year < kMinYear || input.base_year > kMaxYear) {
    return Status::InvalidArgument(fmt::format(
        "{}: base year {} is not a plausible year (usually 2020)", what, input.base_year));
  }

  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_RETURN_IF_ERROR(RequireRegion(db, input.region_code, what));
  std::string_view status_name = domain::PlanStatusName(input.status);
  {
    CPK_ASSIGN_OR_RETURN(Statement existing,
                         db.Prepare("SELECT id FROM plans WHERE region_code = ?1 AND status = ?2"));
    existing.BindText(1, input.region_code).BindText(2, status_name);
    CPK_ASSIGN_OR_RETURN(bool found, existing.Step());
    if (found) {
      return Status::AlreadyExists(
          fmt::format("a {} plan for region {} already exists (plan id {}); stored plans are never "
                      "replaced. Change single targets with a target revision instead",
                      status_name, input.region_code, existing.Int(0)));
    }
  }

  Plan plan = input;  // the stored copy, with ids filled in as rows are written
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO plans (region_code, status, title, doc_number, issue_date, "
                   "base_year, source_document, created_at, created_by) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    stmt.BindText(1, plan.region_code)
        .BindText(2, status_name)
        .BindText(3, plan.title)
        .BindText(4, plan.doc_number)
        .BindText(5, plan.issue_date)
        .BindInt(6, plan.base_year)
        .BindText(7, plan.source_document)
        .BindInt(8, now.micros)
        .BindText(9, ctx.author);
    CPK_RETURN_IF_ERROR(stmt.Run());
    plan.id = db.LastInsertRowid();
  }

  for (size_t idx = 0; idx < plan.targets.size(); ++idx) {
    std::string where = fmt::format(
        "{}: {}", what, DescribeTargetAt(fmt::format("targets[{}]", idx), plan.targets[idx]));
    CPK_RETURN_IF_ERROR(
        InsertTarget(db, plan.id, std::nullopt, idx, plan.targets[idx], ctx, now, where));
  }

  for (size_t action_idx = 0; action_idx < plan.actions.size(); ++action_idx) {
    domain::Action& action = plan.actions[action_idx];
    int64_t action_id = 0;
    {
      CPK_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("INSERT INTO actions (plan_id, position, number, title, doc, line, "
                     "span_begin, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
      stmt.BindInt(1, plan.id)
          .BindInt(2, static_cast<int64_t>(action_idx))
          .BindInt(3, action.number)
          .BindText(4, action.title);
      BindProvenance(stmt, 5, action.provenance);
      CPK_RETURN_IF_ERROR(stmt.Run());
      action_id = db.LastInsertRowid();
    }
    for (size_t task_idx = 0; task_idx < action.tasks.size(); ++task_idx) {
      domain::Task& task = action.tasks[task_idx];
      {
        CPK_ASSIGN_OR_RETURN(
            Statement stmt,
            db.Prepare("INSERT INTO tasks (action_id, position, number, title, doc, line, "
                       "span_begin, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
        stmt.BindInt(1, action_id)
            .BindInt(2, static_cast<int64_t>(task_idx))
            .BindText(3, task.number)
            .BindText(4, task.title);
        BindProvenance(stmt, 5, task.provenance);
        CPK_RETURN_IF_ERROR(stmt.Run());
        task.id = db.LastInsertRowid();
      }
      CPK_RETURN_IF_ERROR(InsertTaskUnits(db, task.id, "lead", task.lead_units));
      CPK_RETURN_IF_ERROR(InsertTaskUnits(db, task.id, "cooperating", task.cooperating_units));
      for (size_t c_idx = 0; c_idx < task.commitments.size(); ++c_idx) {
        std::string where = fmt::format(
            "{}: {}", what,
            DescribeTargetAt(
                fmt::format("actions[{}].tasks[{}].commitments[{}]", action_idx, task_idx, c_idx),
                task.commitments[c_idx]));
        CPK_RETURN_IF_ERROR(
            InsertTarget(db, plan.id, task.id, c_idx, task.commitments[c_idx], ctx, now, where));
      }
    }
  }

  std::map<std::string, size_t> unit_positions;
  for (size_t idx = 0; idx < plan.units.size(); ++idx) {
    const domain::ResponsibleUnit& unit = plan.units[idx];
    if (IsBlank(unit.canonical_name)) {
      return Status::InvalidArgument(fmt::format(
          "{}: units[{}] has no name; give the unit's full name, e.g. 区发展和改革局", what, idx));
    }
    auto [it, inserted] = unit_positions.emplace(unit.canonical_name, idx);
    if (!inserted) {
      return Status::InvalidArgument(fmt::format(
          "{}: units[{}] and units[{}] are both named {}; a unit is listed once, with all its "
          "other names as aliases",
          what, it->second, idx, unit.canonical_name));
    }
    int64_t unit_id = 0;
    {
      CPK_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("INSERT INTO responsible_units (plan_id, position, canonical_name, type) "
                     "VALUES (?1, ?2, ?3, ?4)"));
      stmt.BindInt(1, plan.id)
          .BindInt(2, static_cast<int64_t>(idx))
          .BindText(3, unit.canonical_name)
          .BindText(4, unit.type);
      CPK_RETURN_IF_ERROR(stmt.Run());
      unit_id = db.LastInsertRowid();
    }
    for (size_t alias_idx = 0; alias_idx < unit.aliases.size(); ++alias_idx) {
      CPK_ASSIGN_OR_RETURN(Statement stmt,
                           db.Prepare("INSERT INTO unit_aliases (unit_id, position, alias) "
                                      "VALUES (?1, ?2, ?3)"));
      stmt.BindInt(1, unit_id)
          .BindInt(2, static_cast<int64_t>(alias_idx))
          .BindText(3, unit.aliases[alias_idx]);
      CPK_RETURN_IF_ERROR(stmt.Run());
    }
  }

  for (size_t idx = 0; idx < plan.projects.size(); ++idx) {
    domain::Project& project = plan.projects[idx];
    if (project.investment && !std::isfinite(*project.investment)) {
      return Status::InvalidArgument(fmt::format(
          "{}: projects[{}] ({}): the investment is not a finite number", what, idx, project.name));
    }
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO projects (plan_id, position, name, sector, capacity, "
                   "investment, start_year, end_year, status, doc, line, span_begin, span_end) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
    stmt.BindInt(1, plan.id)
        .BindInt(2, static_cast<int64_t>(idx))
        .BindText(3, project.name)
        .BindText(4, project.sector)
        .BindText(5, project.capacity)
        .BindOptDouble(6, project.investment)
        .BindOptInt(7, project.start_year)
        .BindOptInt(8, project.end_year)
        .BindText(9, project.status);
    BindProvenance(stmt, 10, project.provenance);
    CPK_RETURN_IF_ERROR(stmt.Run());
    project.id = db.LastInsertRowid();
  }

  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "plan.create",
                                              .entity = fmt::format("plan:{}", plan.id),
                                              .before = "",
                                              .after = PlanJson(plan),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return plan.id;
}

// ----------------------------------------------------------------------------- reads

Result<std::vector<PlanSummary>> SqlitePlanRepository::List() {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare(
          "SELECT p.id, p.region_code, p.title, p.doc_number, p.status, p.base_year, "
          "p.created_at, "
          "(SELECT count(*) FROM targets t WHERE t.plan_id = p.id AND t.task_id IS NULL), "
          "(SELECT count(*) FROM tasks k JOIN actions a ON a.id = k.action_id "
          " WHERE a.plan_id = p.id), "
          "(SELECT count(*) FROM projects j WHERE j.plan_id = p.id) "
          "FROM plans p ORDER BY p.id"));
  std::vector<PlanSummary> plans;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    PlanSummary summary;
    summary.id = stmt.Int(0);
    summary.region_code = stmt.Text(1);
    summary.title = stmt.Text(2);
    summary.doc_number = stmt.Text(3);
    std::string status = stmt.Text(4);
    std::optional<PlanStatus> parsed = domain::ParsePlanStatus(status);
    if (!parsed) {
      return Status::DataLoss(fmt::format(
          "plan {} has the unknown status \"{}\" in the database; this program may be older "
          "than the database",
          summary.id, status));
    }
    summary.status = *parsed;
    summary.base_year = stmt.IntNarrow(5);
    summary.created_at = Timestamp{.micros = stmt.Int(6)};
    summary.target_count = stmt.IntNarrow(7);
    summary.task_count = stmt.IntNarrow(8);
    summary.project_count = stmt.IntNarrow(9);
    plans.push_back(std::move(summary));
  }
  return plans;
}

Result<Plan> SqlitePlanRepository::Get(int64_t id, std::optional<Timestamp> as_of) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  // One read transaction: all queries see the same snapshot even if another process writes.
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kRead));
  Plan plan;
  plan.id = id;
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT region_code, title, doc_number, issue_date, status, base_year, "
                   "source_document, created_at FROM plans WHERE id = ?1"));
    stmt.BindInt(1, id);
    CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) {
      return Status::NotFound(
          fmt::format("plan {} does not exist; the plan list shows the stored plans", id));
    }
    Timestamp created_at{.micros = stmt.Int(7)};
    if (as_of && created_at > *as_of) {
      return Status::NotFound(fmt::format("plan {} did not exist yet at {}; it was stored at {}",
                                          id, FormatTimestamp(*as_of),
                                          FormatTimestamp(created_at)));
    }
    plan.region_code = stmt.Text(0);
    plan.title = stmt.Text(1);
    plan.doc_number = stmt.Text(2);
    plan.issue_date = stmt.Text(3);
    std::string status = stmt.Text(4);
    std::optional<PlanStatus> parsed = domain::ParsePlanStatus(status);
    if (!parsed) {
      return Status::DataLoss(fmt::format(
          "plan {} has the unknown status \"{}\" in the database; this program may be older "
          "than the database",
          id, status));
    }
    plan.status = *parsed;
    plan.base_year = stmt.IntNarrow(5);
    plan.source_document = stmt.Text(6);
  }

  // Actions and tasks first, so commitments can be attached to their task.
  std::unordered_map<int64_t, size_t> action_index;  // action row id -> index
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT id, number, title, doc, line, span_begin, span_end FROM actions "
                   "WHERE plan_id = ?1 ORDER BY position"));
    stmt.BindInt(1, id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      action_index[stmt.Int(0)] = plan.actions.size();
      plan.actions.push_back(domain::Action{.number = stmt.IntNarrow(1),
                                            .title = stmt.Text(2),
                                            .tasks = {},
                                            .provenance = ReadProvenance(stmt, 3)});
    }
  }
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT k.id, k.action_id, k.number, k.title, k.doc, k.line, k.span_begin, "
                   "k.span_end FROM tasks k JOIN actions a ON a.id = k.action_id "
                   "WHERE a.plan_id = ?1 ORDER BY a.position, k.position"));
    stmt.BindInt(1, id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      plan.actions[action_index.at(stmt.Int(1))].tasks.push_back(
          domain::Task{.id = stmt.Int(0),
                       .number = stmt.Text(2),
                       .title = stmt.Text(3),
                       .lead_units = {},
                       .cooperating_units = {},
                       .commitments = {},
                       .provenance = ReadProvenance(stmt, 4)});
    }
  }
  // The vectors are complete: pointers into them stay valid from here on.
  std::unordered_map<int64_t, domain::Task*> tasks;
  for (domain::Action& action : plan.actions) {
    for (domain::Task& task : action.tasks) tasks[task.id] = &task;
  }
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT u.task_id, u.role, u.unit_name FROM task_units u "
                   "JOIN tasks k ON k.id = u.task_id JOIN actions a ON a.id = k.action_id "
                   "WHERE a.plan_id = ?1 ORDER BY u.task_id, u.role, u.position"));
    stmt.BindInt(1, id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      domain::Task* task = tasks.at(stmt.Int(0));
      (stmt.Text(1) == "lead" ? task->lead_units : task->cooperating_units).push_back(stmt.Text(2));
    }
  }
  {
    // Each target with the revision in force: the greatest recorded_at <= as_of, ties broken
    // by revision number. Plan targets (task_id NULL) first, then commitments by task.
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare(fmt::format(
            "SELECT t.task_id, {} FROM targets t JOIN target_revisions r ON r.target_id = t.id "
            "WHERE t.plan_id = ?1 AND r.revision = (SELECT r2.revision FROM target_revisions r2 "
            "WHERE r2.target_id = t.id AND r2.recorded_at <= ?2 "
            "ORDER BY r2.recorded_at DESC, r2.revision DESC LIMIT 1) "
            "ORDER BY t.task_id IS NOT NULL, t.task_id, t.position",
            kTargetColumns)));
    stmt.BindInt(1, id).BindInt(2, AsOfMicros(as_of));
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      CPK_ASSIGN_OR_RETURN(TargetRevision rev, ReadTargetRevision(stmt, 1));
      if (stmt.IsNull(0)) {
        plan.targets.push_back(std::move(rev.target));
      } else {
        tasks.at(stmt.Int(0))->commitments.push_back(std::move(rev.target));
      }
    }
  }
  {
    std::unordered_map<int64_t, size_t> unit_index;
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT id, canonical_name, type FROM responsible_units WHERE plan_id = ?1 "
                   "ORDER BY position"));
    stmt.BindInt(1, id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      unit_index[stmt.Int(0)] = plan.units.size();
      plan.units.push_back(domain::ResponsibleUnit{
          .canonical_name = stmt.Text(1), .aliases = {}, .type = stmt.Text(2)});
    }
    CPK_ASSIGN_OR_RETURN(
        Statement aliases,
        db.Prepare("SELECT a.unit_id, a.alias FROM unit_aliases a JOIN responsible_units u ON "
                   "u.id = a.unit_id WHERE u.plan_id = ?1 ORDER BY a.unit_id, a.position"));
    aliases.BindInt(1, id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, aliases.Step());
      if (!row) break;
      plan.units[unit_index.at(aliases.Int(0))].aliases.push_back(aliases.Text(1));
    }
  }
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT id, name, sector, capacity, investment, start_year, end_year, "
                   "status, doc, line, span_begin, span_end FROM projects WHERE plan_id = ?1 "
                   "ORDER BY position"));
    stmt.BindInt(1, id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      plan.projects.push_back(domain::Project{.id = stmt.Int(0),
                                              .name = stmt.Text(1),
                                              .sector = stmt.Text(2),
                                              .capacity = stmt.Text(3),
                                              .investment = stmt.OptDouble(4),
                                              .start_year = stmt.OptInt(5),
                                              .end_year = stmt.OptInt(6),
                                              .status = stmt.Text(7),
                                              .provenance = ReadProvenance(stmt, 8)});
    }
  }
  CPK_RETURN_IF_ERROR(tx.Commit());
  return plan;
}

Result<int64_t> SqlitePlanRepository::FindByRegion(const std::string& region_code) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(Statement stmt,
                       state_->connection->Prepare(
                           "SELECT id FROM plans WHERE region_code = ?1 "
                           "ORDER BY CASE status WHEN 'final' THEN 0 ELSE 1 END, id LIMIT 1"));
  stmt.BindText(1, region_code);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return Status::NotFound(fmt::format(
        "no plan is stored for region {}; import the region's plan first", region_code));
  }
  return stmt.Int(0);
}

// ----------------------------------------------------------------------------- revisions

Result<TargetRevision> SqlitePlanRepository::ReviseTarget(int64_t target_id, const Target& revised,
                                                          const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  const std::string what = fmt::format("revising target {}", target_id);
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, what, /*reason_required=*/true));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(TargetRevision previous, LatestRevision(db, target_id));
  const Target& stored = previous.target;

  auto identity_error = [&](std::string_view field, const std::string& was,
                            const std::string& given) {
    return Status::InvalidArgument(fmt::format(
        "{} ({} {}): the {} cannot change (stored: {}, given: {}). Only value, value_high, "
        "kind, unit, qualifier, note and base_year can be revised; a different {} is a "
        "different target",
        what, stored.indicator, stored.year, field, was, given, field));
  };
  if (revised.id != 0 && revised.id != target_id) {
    return identity_error("id", std::to_string(target_id), std::to_string(revised.id));
  }
  if (revised.indicator != stored.indicator) {
    return identity_error("indicator", stored.indicator, revised.indicator);
  }
  if (revised.year != stored.year) {
    return identity_error("year", std::to_string(stored.year), std::to_string(revised.year));
  }
  if (revised.action != stored.action) {
    return identity_error("action", std::to_string(stored.action), std::to_string(revised.action));
  }
  if (revised.main_target != stored.main_target) {
    return identity_error("main_target", stored.main_target ? "true" : "false",
                          revised.main_target ? "true" : "false");
  }
  const Provenance& a = stored.provenance;
  const Provenance& b = revised.provenance;
  if (a.document != b.document || a.line != b.line || a.span_begin != b.span_begin ||
      a.span_end != b.span_end) {
    return identity_error("provenance", fmt::format("{}:{}", a.document, a.line),
                          fmt::format("{}:{}", b.document, b.line));
  }
  CPK_RETURN_IF_ERROR(
      CheckTargetFigures(revised, fmt::format("{} ({} {})", what, stored.indicator, stored.year)));

  TargetRevision next;
  next.revision = previous.revision + 1;
  next.target = revised;
  next.target.id = target_id;
  next.author = ctx.author;
  // recorded_at never decreases along a target's revisions, so "latest" (highest revision)
  // and "as of the end of time" agree even if the clock steps back.
  next.recorded_at = std::max(now, previous.recorded_at);
  next.source = ctx.source;
  next.reason = ctx.reason;
  CPK_RETURN_IF_ERROR(InsertRevision(db, target_id, next));
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "target.revise",
                                              .entity = fmt::format("target:{}", target_id),
                                              .before = TargetRevisionJson(previous),
                                              .after = TargetRevisionJson(next),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return next;
}

Result<std::vector<TargetRevision>> SqlitePlanRepository::TargetHistory(int64_t target_id) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(Statement stmt,
                       state_->connection->Prepare(fmt::format(
                           "SELECT {} FROM targets t JOIN target_revisions r ON r.target_id = t.id "
                           "WHERE t.id = ?1 ORDER BY r.revision",
                           kTargetColumns)));
  stmt.BindInt(1, target_id);
  std::vector<TargetRevision> history;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CPK_ASSIGN_OR_RETURN(TargetRevision rev, ReadTargetRevision(stmt, 0));
    history.push_back(std::move(rev));
  }
  if (history.empty()) {
    return Status::NotFound(fmt::format(
        "target {} does not exist; look up the target ids with the plan (plan show)", target_id));
  }
  return history;
}

}  // namespace carbonpeak::store::sqlite
