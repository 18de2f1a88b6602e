#include <fmt/format.h>

#include "store/sqlite/repositories.h"

namespace carbonpeak::store::sqlite {

namespace {
constexpr int kMaxAuditPage = 10000;
}

Result<std::vector<AuditEntry>> SqliteAuditLog::List(const AuditQuery& query) {
  if (query.limit <= 0) {
    return Status::InvalidArgument(fmt::format(
        "audit log query: limit must be at least 1 (it is {}); use e.g. 100", query.limit));
  }
  std::lock_guard lock(state_->mutex);
  // An entity matches a prefix only at a component boundary: "plan:3" matches "plan:3" and
  // "plan:3/…" but not "plan:31"; a prefix ending in '/' or ':' matches everything below it.
  // substr/length (not LIKE) so '_' and '%' in item names are literal.
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare(
          "SELECT id, time, actor, action, entity, before_json, after_json, source, reason "
          "FROM audit_log WHERE id > ?1 AND (?2 = '' OR entity = ?2 OR "
          "(substr(entity, 1, length(?2)) = ?2 AND (substr(?2, -1) IN ('/', ':') OR "
          "substr(entity, length(?2) + 1, 1) IN ('/', ':')))) "
          "ORDER BY id LIMIT ?3"));
  stmt.BindInt(1, query.after_id)
      .BindText(2, query.entity_prefix)
      .BindInt(3, std::min(query.limit, kMaxAuditPage));
  std::vector<AuditEntry> entries;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    entries.push_back(AuditEntry{.id = stmt.Int(0),
                                 .time = Timestamp{.micros = stmt.Int(1)},
                                 .actor = stmt.Text(2),
                                 .action = stmt.Text(3),
                                 .entity = stmt.Text(4),
                                 .before = stmt.Text(5),
                                 .after = stmt.Text(6),
                                 .source = stmt.Text(7),
                                 .reason = stmt.Text(8)});
  }
  return entries;
}

}  // namespace carbonpeak::store::sqlite
