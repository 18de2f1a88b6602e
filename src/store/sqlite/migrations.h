// The schema migrations compiled into the program, and the hook tests use to open a store with
// a different list. Internal to store/sqlite.
//
// Each migrations/NNNN_name.sql file becomes one Migration at build time
// (embed_migrations.cmake); the build fails on gaps or duplicates in the numbering.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace carbonpeak::store::sqlite {

struct Migration {
  int version = 0;        ///< 1, 2, 3 … ; the schema version after applying it.
  std::string_view name;  ///< "initial" for 0001_initial.sql.
  std::string_view sql;   ///< The file's text; several statements, no BEGIN/COMMIT.
};

/// All embedded migrations in version order (version i+1 at index i).
std::span<const Migration> EmbeddedMigrations();

/// The fixed PRAGMA application_id of carbonpeak databases: "CPKD" in ASCII.
inline constexpr int32_t kApplicationId = 0x43504B44;

namespace internal {
/// OpenStore with an explicit migration list (for upgrade tests), numbered 1..N; the list is
/// only read while opening.
Result<std::unique_ptr<Store>> OpenStoreWithMigrations(const std::string& path_or_memory,
                                                       const Clock& clock,
                                                       std::span<const Migration> migrations);
}  // namespace internal

}  // namespace carbonpeak::store::sqlite
