// The embedded store: every repository of store/store.h on one SQLite database file.
//
//   SystemClock clock;
//   CPK_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db,
//                        store::sqlite::OpenStore("var/carbonpeak.db", clock));
//   CPK_RETURN_IF_ERROR(db->regions().Add(region, {.author = "admin", .source = "setup"}));
//   auto plan_id = db->plans().FindByRegion("430703");
//
// Opening applies the migrations compiled into the program (migrations/NNNN_name.sql) that the
// file does not have yet, all in one transaction; the schema version is PRAGMA user_version
// and carbonpeak files carry PRAGMA application_id 0x43504B44 ("CPKD"). Files use WAL
// journaling, synchronous=FULL, foreign keys and a 5 s busy timeout. The format is described
// in docs/formats/database.md.
//
// Thread safety: the Store owns one connection guarded by one mutex; any number of threads
// may share it and each call is atomic. Several processes may open the same file (SQLite
// locking; writers wait up to the busy timeout, then get kUnavailable).
// Failure: OpenStore returns kFailedPrecondition, and leaves the file untouched, when the file
// is not an SQLite database, belongs to another program, or was written by a newer carbonpeak.
// The `clock` must outlive the store.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace carbonpeak::store::sqlite {

/// Opens (creating if needed) the database at `path_or_memory`; ":memory:" gives a private
/// in-memory database that disappears with the Store (for tests).
Result<std::unique_ptr<Store>> OpenStore(const std::string& path_or_memory, const Clock& clock);

}  // namespace carbonpeak::store::sqlite
