// Helpers shared by the SQLite repositories: write-context checks, entity names, the audit log.
#include <fmt/format.h>

#include "store/sqlite/repositories.h"

namespace carbonpeak::store::sqlite {

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

Status CheckWriteContext(const WriteContext& ctx, std::string_view what, bool reason_required) {
  if (IsBlank(ctx.author)) {
    return Status::InvalidArgument(fmt::format(
        "{}: the author is missing; every change records who made it (WriteContext.author, "
        "e.g. the user name)",
        what));
  }
  if (reason_required && IsBlank(ctx.reason)) {
    return Status::InvalidArgument(
        fmt::format("{}: a correction needs a reason (WriteContext.reason), e.g. \"revised annual "
                    "statistics\" or \"value assigned by the city\"",
                    what));
  }
  return Status::Ok();
}

std::string DescribeKey(const FigureKey& key) {
  return fmt::format("{}/{}/{}/{}", key.region_code, key.item, key.period, key.dims);
}

std::string FigureEntity(const FigureKey& key) { return "figure:" + DescribeKey(key); }

Status AppendAudit(Connection& connection, const WriteContext& ctx, const AuditRecord& record) {
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      connection.Prepare("INSERT INTO audit_log (time, actor, action, entity, before_json, "
                         "after_json, source, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  stmt.BindInt(1, record.time.micros)
      .BindText(2, ctx.author)
      .BindText(3, record.action)
      .BindText(4, record.entity)
      .BindText(5, record.before)
      .BindText(6, record.after)
      .BindText(7, record.source)
      .BindText(8, record.reason);
  return stmt.Run();
}

Status RequireRegion(Connection& connection, std::string_view code, std::string_view what) {
  CPK_ASSIGN_OR_RETURN(Statement stmt, connection.Prepare("SELECT 1 FROM regions WHERE code = ?1"));
  stmt.BindText(1, code);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) {
    return Status::InvalidArgument(
        fmt::format("{}: region {} is not registered; check the code, or add the region first",
                    what, code.empty() ? "(empty code)" : std::string(code)));
  }
  return Status::Ok();
}

}  // namespace carbonpeak::store::sqlite
