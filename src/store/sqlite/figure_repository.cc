#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "store/sqlite/json_codec.h"
#include "store/sqlite/repositories.h"

namespace carbonpeak::store::sqlite {
namespace {

/// dims is "" or "k=v;k=v" with non-empty keys in strictly ascending order, so one figure has
/// exactly one spelling.
Status CheckDims(std::string_view dims, std::string_view where) {
  if (dims.empty()) return Status::Ok();
  std::string previous_key;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t end = dims.find(';', start);
    std::string_view part =
        dims.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::InvalidArgument(fmt::format(
          "{}: the dimensions \"{}\" are not in the form key=value;key=value (part \"{}\")", where,
          dims, part));
    }
    std::string key(part.substr(0, eq));
    if (!first && key <= previous_key) {
      return Status::InvalidArgument(fmt::format(
          "{}: the dimensions \"{}\" must list each key once, sorted by key (\"{}\" comes after "
          "\"{}\")",
          where, dims, key, previous_key));
    }
    previous_key = std::move(key);
    first = false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return Status::Ok();
}

Status CheckFigure(const FigureKey& key, double value, std::string_view unit,
                   std::string_view where) {
  if (IsBlank(key.item)) {
    return Status::InvalidArgument(
        fmt::format("{}: the item is empty; give the indicator key or statistic code", where));
  }
  if (IsBlank(key.period)) {
    return Status::InvalidArgument(
        fmt::format("{}: the period is empty; use e.g. 2023, 2023Q1 or 2023-05", where));
  }
  CPK_RETURN_IF_ERROR(CheckDims(key.dims, where));
  if (!std::isfinite(value)) {
    return Status::InvalidArgument(fmt::format("{}: the value is not a finite number", where));
  }
  if (IsBlank(unit)) {
    return Status::InvalidArgument(fmt::format(
        "{}: the unit is empty; give the unit as written in the source, e.g. 万元 or 万tce",
        where));
  }
  return Status::Ok();
}

constexpr std::string_view kRevisionColumns =
    "r.revision, r.value, r.unit, r.author, r.recorded_at, r.source, r.reason";

FigureRevision ReadRevision(const Statement& stmt, int first) {
  return FigureRevision{.revision = stmt.Int(first),
                        .value = stmt.Double(first + 1),
                        .unit = stmt.Text(first + 2),
                        .author = stmt.Text(first + 3),
                        .recorded_at = Timestamp{.micros = stmt.Int(first + 4)},
                        .source = stmt.Text(first + 5),
                        .reason = stmt.Text(first + 6)};
}

/// Adds one revision inside the caller's transaction. `source`/`reason` are this figure's.
Result<FigureRevision> PutOne(Connection& db, const FigureKey& key, double value,
                              const std::string& unit, const WriteContext& ctx,
                              std::string_view source, std::string_view reason, Timestamp now,
                              std::string_view where) {
  CPK_RETURN_IF_ERROR(CheckFigure(key, value, unit, where));
  CPK_RETURN_IF_ERROR(RequireRegion(db, key.region_code, where));

  std::optional<int64_t> figure_id;
  std::optional<FigureRevision> previous;
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare(fmt::format(
            "SELECT f.id, {} FROM figures f JOIN figure_revisions r ON r.figure_id = f.id "
            "WHERE f.region_code = ?1 AND f.item = ?2 AND f.period = ?3 AND f.dims = ?4 "
            "ORDER BY r.revision DESC LIMIT 1",
            kRevisionColumns)));
    stmt.BindText(1, key.region_code)
        .BindText(2, key.item)
        .BindText(3, key.period)
        .BindText(4, key.dims);
    CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (found) {
      figure_id = stmt.Int(0);
      previous = ReadRevision(stmt, 1);
    }
  }
  if (previous && IsBlank(reason)) {
    return Status::InvalidArgument(fmt::format(
        "{}: this figure already has a value ({} {}, revision {}); a correction needs a "
        "reason (WriteContext.reason)",
        where, previous->value, previous->unit, previous->revision));
  }
  if (!figure_id) {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO figures (region_code, item, period, dims, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)"));
    stmt.BindText(1, key.region_code)
        .BindText(2, key.item)
        .BindText(3, key.period)
        .BindText(4, key.dims)
        .BindInt(5, now.micros);
    CPK_RETURN_IF_ERROR(stmt.Run().WithContext(where));
    figure_id = db.LastInsertRowid();
  }

  FigureRevision next{.revision = previous ? previous->revision + 1 : 1,
                      .value = value,
                      .unit = unit,
                      .author = ctx.author,
                      // Never before the previous revision: "latest" and "as of the end of time"
                      // agree even if the clock steps back.
                      .recorded_at = previous ? std::max(now, previous->recorded_at) : now,
                      .source = std::string(source),
                      .reason = std::string(reason)};
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO figure_revisions (figure_id, revision, value, unit, author, "
                   "recorded_at, source, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    stmt.BindInt(1, *figure_id)
        .BindInt(2, next.revision)
        .BindDouble(3, next.value)
        .BindText(4, next.unit)
        .BindText(5, next.author)
        .BindInt(6, next.recorded_at.micros)
        .BindText(7, next.source)
        .BindText(8, next.reason);
    CPK_RETURN_IF_ERROR(stmt.Run().WithContext(where));
  }
  CPK_RETURN_IF_ERROR(
      AppendAudit(db, ctx,
                  AuditRecord{.time = now,
                              .action = "figure.put",
                              .entity = FigureEntity(key),
                              .before = previous ? FigureRevisionJson(key, *previous) : "",
                              .after = FigureRevisionJson(key, next),
                              .source = source,
                              .reason = reason}));
  return next;
}

}  // namespace

Result<FigureRevision> SqliteFigureRepository::Put(const FigureKey& key, double value,
                                                   const std::string& unit,
                                                   const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  const std::string where = "storing figure " + DescribeKey(key);
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, where, /*reason_required=*/false));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(FigureRevision rev,
                       PutOne(db, key, value, unit, ctx, ctx.source, ctx.reason, now, where));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return rev;
}

Result<std::vector<FigureRevision>> SqliteFigureRepository::PutAll(
    const std::vector<Figure>& figures, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(
      CheckWriteContext(ctx, "storing a batch of figures", /*reason_required=*/false));
  std::map<FigureKey, size_t> seen;
  for (size_t idx = 0; idx < figures.size(); ++idx) {
    auto [it, inserted] = seen.emplace(figures[idx].key, idx);
    if (!inserted) {
      return Status::InvalidArgument(fmt::format(
          "storing a batch of figures: figures[{}] and figures[{}] are the same figure ({}); a "
          "batch holds each figure once — remove the duplicate row",
          it->second, idx, DescribeKey(figures[idx].key)));
    }
  }
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  std::vector<FigureRevision> revisions;
  revisions.reserve(figures.size());
  for (size_t idx = 0; idx < figures.size(); ++idx) {
    const Figure& figure = figures[idx];
    // A figure's own source (file and cell) and reason win over the batch's.
    std::string_view source = IsBlank(figure.revision.source) ? ctx.source : figure.revision.source;
    std::string_view reason = IsBlank(figure.revision.reason) ? ctx.reason : figure.revision.reason;
    std::string where =
        fmt::format("storing a batch of figures: figures[{}] ({})", idx, DescribeKey(figure.key));
    CPK_ASSIGN_OR_RETURN(FigureRevision rev,
                         PutOne(db, figure.key, figure.revision.value, figure.revision.unit, ctx,
                                source, reason, now, where));
    revisions.push_back(std::move(rev));
  }
  CPK_RETURN_IF_ERROR(tx.Commit());
  return revisions;
}

Result<FigureRevision> SqliteFigureRepository::Get(const FigureKey& key,
                                                   std::optional<Timestamp> as_of) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare(fmt::format(
          "SELECT {} FROM figures f JOIN figure_revisions r ON r.figure_id = f.id "
          "WHERE f.region_code = ?1 AND f.item = ?2 AND f.period = ?3 AND f.dims = ?4 "
          "AND r.recorded_at <= ?5 ORDER BY r.recorded_at DESC, r.revision DESC LIMIT 1",
          kRevisionColumns)));
  stmt.BindText(1, key.region_code)
      .BindText(2, key.item)
      .BindText(3, key.period)
      .BindText(4, key.dims)
      .BindInt(5, AsOfMicros(as_of));
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return Status::NotFound(fmt::format("no value is stored for figure {}{}", DescribeKey(key),
                                        as_of ? " as of " + FormatTimestamp(*as_of) : ""));
  }
  return ReadRevision(stmt, 0);
}

Result<std::vector<FigureRevision>> SqliteFigureRepository::History(const FigureKey& key) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare(
          fmt::format("SELECT {} FROM figures f JOIN figure_revisions r ON r.figure_id = f.id "
                      "WHERE f.region_code = ?1 AND f.item = ?2 AND f.period = ?3 AND f.dims = ?4 "
                      "ORDER BY r.revision",
                      kRevisionColumns)));
  stmt.BindText(1, key.region_code)
      .BindText(2, key.item)
      .BindText(3, key.period)
      .BindText(4, key.dims);
  std::vector<FigureRevision> history;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    history.push_back(ReadRevision(stmt, 0));
  }
  if (history.empty()) {
    return Status::NotFound(fmt::format("no value is stored for figure {}", DescribeKey(key)));
  }
  return history;
}

Result<std::vector<Figure>> SqliteFigureRepository::List(const std::string& region_code,
                                                         const std::string& item,
                                                         std::optional<Timestamp> as_of) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kRead));
  {
    CPK_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT 1 FROM regions WHERE code = ?1"));
    stmt.BindText(1, region_code);
    CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) {
      return Status::NotFound(fmt::format(
          "region {} is not registered, so it has no figures; check the code", region_code));
    }
  }
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(fmt::format(
          "SELECT f.region_code, f.item, f.period, f.dims, {} FROM figures f "
          "JOIN figure_revisions r ON r.figure_id = f.id "
          "WHERE f.region_code = ?1 AND (?2 = '' OR f.item = ?2) AND r.revision = ("
          "SELECT r2.revision FROM figure_revisions r2 WHERE r2.figure_id = f.id "
          "AND r2.recorded_at <= ?3 ORDER BY r2.recorded_at DESC, r2.revision DESC LIMIT 1) "
          "ORDER BY f.item, f.period, f.dims",
          kRevisionColumns)));
  stmt.BindText(1, region_code).BindText(2, item).BindInt(3, AsOfMicros(as_of));
  std::vector<Figure> figures;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    figures.push_back(Figure{.key = FigureKey{.region_code = stmt.Text(0),
                                              .item = stmt.Text(1),
                                              .period = stmt.Text(2),
                                              .dims = stmt.Text(3)},
                             .revision = ReadRevision(stmt, 4)});
  }
  CPK_RETURN_IF_ERROR(tx.Commit());
  return figures;
}

}  // namespace carbonpeak::store::sqlite
