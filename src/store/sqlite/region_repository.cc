#include <fmt/format.h>

#include "domain/region.h"
#include "store/sqlite/json_codec.h"
#include "store/sqlite/repositories.h"

namespace carbonpeak::store::sqlite {
namespace {

using domain::Region;
using domain::RegionLevel;

bool HasWhitespace(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
  }
  return false;
}

Result<Region> ReadRegion(const Statement& stmt) {
  Region region;
  region.code = stmt.Text(0);
  region.name = stmt.Text(1);
  std::string level = stmt.Text(2);
  std::optional<RegionLevel> parsed = domain::ParseRegionLevel(level);
  if (!parsed) {
    return Status::DataLoss(fmt::format(
        "region {} has the unknown level \"{}\" in the database; this program may be older "
        "than the database",
        region.code, level));
  }
  region.level = *parsed;
  region.parent_code = stmt.Text(3);
  region.name_en = stmt.Text(4);
  return region;
}

}  // namespace

Status SqliteRegionRepository::Add(const Region& region, const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  std::string what = fmt::format("adding region {} ({})", region.code, region.name);
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, what, /*reason_required=*/false));
  if (IsBlank(region.code) || HasWhitespace(region.code)) {
    return Status::InvalidArgument(fmt::format(
        "{}: the region code \"{}\" is empty or contains spaces; use the GB/T 2260 code, "
        "e.g. 430703",
        what, region.code));
  }
  if (IsBlank(region.name)) {
    return Status::InvalidArgument(
        fmt::format("{}: the region name is empty; give the official name", what));
  }

  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  {
    CPK_ASSIGN_OR_RETURN(Statement existing,
                         db.Prepare("SELECT name FROM regions WHERE code = ?1"));
    existing.BindText(1, region.code);
    CPK_ASSIGN_OR_RETURN(bool found, existing.Step());
    if (found) {
      return Status::AlreadyExists(
          fmt::format("region {} is already registered as {}; regions are never changed or removed",
                      region.code, existing.Text(0)));
    }
  }

  std::string_view level_name = domain::RegionLevelName(region.level);
  if (region.level == RegionLevel::kProvince) {
    if (!region.parent_code.empty()) {
      return Status::InvalidArgument(
          fmt::format("{}: a province has no parent region; leave parent_code empty (it is \"{}\")",
                      what, region.parent_code));
    }
  } else {
    if (region.parent_code.empty()) {
      return Status::InvalidArgument(
          fmt::format("{}: a {} needs its parent region (parent_code), e.g. the city of a county",
                      what, level_name));
    }
    CPK_ASSIGN_OR_RETURN(Statement parent, db.Prepare("SELECT level FROM regions WHERE code = ?1"));
    parent.BindText(1, region.parent_code);
    CPK_ASSIGN_OR_RETURN(bool found, parent.Step());
    if (!found) {
      return Status::InvalidArgument(
          fmt::format("{}: the parent region {} is not registered; add the parent first or correct "
                      "parent_code",
                      what, region.parent_code));
    }
    std::optional<RegionLevel> parent_level = domain::ParseRegionLevel(parent.Text(0));
    // Levels are ordered province < city < county < township: a parent is strictly above.
    if (!parent_level || static_cast<int>(*parent_level) >= static_cast<int>(region.level)) {
      return Status::InvalidArgument(fmt::format(
          "{}: the parent region {} is a {}, which cannot contain a {}; check the level or the "
          "parent code",
          what, region.parent_code, parent.Text(0), level_name));
    }
  }

  {
    CPK_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO regions (code, name, level, parent_code, name_en, created_at, "
                   "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    insert.BindText(1, region.code).BindText(2, region.name).BindText(3, level_name);
    if (region.parent_code.empty()) {
      insert.BindNull(4);
    } else {
      insert.BindText(4, region.parent_code);
    }
    insert.BindText(5, region.name_en).BindInt(6, now.micros).BindText(7, ctx.author);
    CPK_RETURN_IF_ERROR(insert.Run());
  }
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "region.add",
                                              .entity = "region:" + region.code,
                                              .before = "",
                                              .after = RegionJson(region),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  return tx.Commit();
}

Result<Region> SqliteRegionRepository::Get(const std::string& code) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare("SELECT code, name, level, ifnull(parent_code, ''), name_en "
                                  "FROM regions WHERE code = ?1"));
  stmt.BindText(1, code);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return Status::NotFound(
        fmt::format("region {} is not registered; check the code or add the region", code));
  }
  return ReadRegion(stmt);
}

Result<std::vector<Region>> SqliteRegionRepository::List() {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare("SELECT code, name, level, ifnull(parent_code, ''), name_en "
                                  "FROM regions ORDER BY code"));
  std::vector<Region> regions;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CPK_ASSIGN_OR_RETURN(Region region, ReadRegion(stmt));
    regions.push_back(std::move(region));
  }
  return regions;
}

}  // namespace carbonpeak::store::sqlite
