#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "store/sqlite/accounts_progress.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/repositories.h"

namespace carbonpeak::store::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr std::string_view kMemory = ":memory:";

// Also an AccountStore and a ProgressStore (store/users.h, store/progress.h), found with
// AccountsOf(store) / ProgressOf(store).
class SqliteStore final : public Store, public SqliteAccountsAndProgress {
 public:
  SqliteStore(std::unique_ptr<StoreState> state, int schema_version)
      : SqliteAccountsAndProgress(state.get()),
        state_(std::move(state)),
        regions_(state_.get()),
        plans_(state_.get()),
        figures_(state_.get()),
        audit_(state_.get()),
        schema_version_(schema_version) {}

  RegionRepository& regions() override { return regions_; }
  PlanRepository& plans() override { return plans_; }
  FigureRepository& figures() override { return figures_; }
  AuditLog& audit() override { return audit_; }
  int schema_version() const override { return schema_version_; }

 private:
  std::unique_ptr<StoreState> state_;
  SqliteRegionRepository regions_;
  SqlitePlanRepository plans_;
  SqliteFigureRepository figures_;
  SqliteAuditLog audit_;
  int schema_version_;
};

Status NotCarbonpeak(const std::string& path, std::string_view why) {
  return Status::FailedPrecondition(fmt::format(
      "{} is not a carbonpeak database: {}. Check the path (the file was not changed)", path, why));
}

/// Reads the first bytes of an existing file without SQLite, so that a file that is not a
/// database is refused before anything could touch it.
Status CheckExistingFile(const std::string& path) {
  std::error_code error;
  std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) return Status::Ok();  // will be created
  if (std::filesystem::is_directory(status)) {
    return NotCarbonpeak(path, "it is a folder; give the path of the database file inside it");
  }
  uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size == 0) return Status::Ok();  // SQLite treats an empty file as a new database
  static constexpr char kMagic[] = "SQLite format 3";  // 16 bytes with the terminating NUL
  std::array<char, sizeof kMagic> header{};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::FailedPrecondition(
        fmt::format("cannot read the database {}; check the file permissions", path));
  }
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  if (in.gcount() != static_cast<std::streamsize>(header.size()) ||
      std::memcmp(header.data(), kMagic, sizeof kMagic) != 0) {
    return NotCarbonpeak(path, "it is not an SQLite database file");
  }
  return Status::Ok();
}

/// Looks at the file's marks and refuses files that are not ours or are too new. Reads only.
Result<int> InspectSchema(Connection& db, const std::string& path, int known_version) {
  Result<int64_t> application_id = db.QueryInt("PRAGMA application_id");
  if (!application_id.ok()) {
    return NotCarbonpeak(path, "SQLite cannot read it (" + application_id.status().message() + ")");
  }
  CPK_ASSIGN_OR_RETURN(int64_t user_version, db.QueryInt("PRAGMA user_version"));
  CPK_ASSIGN_OR_RETURN(int64_t tables,
                       db.QueryInt("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE "
                                   "'sqlite\\_%' ESCAPE '\\'"));
  if (*application_id != kApplicationId) {
    if (*application_id != 0) {
      return NotCarbonpeak(path, fmt::format("it is an SQLite database of another program "
                                             "(application id 0x{:08X})",
                                             static_cast<uint32_t>(*application_id)));
    }
    if (tables > 0) {
      return NotCarbonpeak(path,
                           "it is an SQLite database of another program (it has tables "
                           "but no carbonpeak mark)");
    }
  }
  if (user_version > known_version) {
    return Status::FailedPrecondition(fmt::format(
        "{} was written by a newer carbonpeak (database schema version {}; this program knows "
        "versions up to {}). Upgrade carbonpeak to open it (the file was not changed)",
        path, user_version, known_version));
  }
  return static_cast<int>(user_version);
}

/// Applies the migrations the file lacks, all in one transaction with the version marks.
Result<int> Migrate(Connection& db, const std::string& path,
                    std::span<const Migration> migrations) {
  const int latest = static_cast<int>(migrations.size());
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  // Read again under the write lock: another process may have migrated in the meantime.
  CPK_ASSIGN_OR_RETURN(int current, InspectSchema(db, path, latest));
  if (current == latest) {
    CPK_RETURN_IF_ERROR(tx.Commit());
    return latest;
  }
  for (const Migration& m : migrations.subspan(static_cast<size_t>(current))) {
    Status applied = db.Exec(m.sql);
    if (!applied.ok()) {
      return Status::Internal(
          fmt::format("{}: schema migration {:04d}_{} failed, nothing was changed: {}", path,
                      m.version, m.name, applied.message()));
    }
  }
  CPK_RETURN_IF_ERROR(db.Exec(fmt::format("PRAGMA user_version = {}", latest)));
  CPK_RETURN_IF_ERROR(db.Exec(fmt::format("PRAGMA application_id = {}", kApplicationId)));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return latest;
}

}  // namespace

namespace internal {

Result<std::unique_ptr<Store>> OpenStoreWithMigrations(const std::string& path, const Clock& clock,
                                                       std::span<const Migration> migrations) {
  if (path.empty()) {
    return Status::InvalidArgument(
        "no database path given; use e.g. var/carbonpeak.db (or :memory: for a throwaway "
        "database)");
  }
  for (size_t idx = 0; idx < migrations.size(); ++idx) {
    // The build generates the list from numbered files and refuses gaps (a bug otherwise).
    CPK_CHECK(migrations[idx].version == static_cast<int>(idx) + 1);
  }
  const bool in_memory = path == kMemory;
  if (!in_memory) CPK_RETURN_IF_ERROR(CheckExistingFile(path));
  CPK_ASSIGN_OR_RETURN(std::unique_ptr<Connection> db, Connection::Open(path));
  CPK_RETURN_IF_ERROR(db->SetBusyTimeout(kBusyTimeoutMs));
  // Refuse foreign or newer files before any statement that could write to them.
  CPK_RETURN_IF_ERROR(InspectSchema(*db, path, static_cast<int>(migrations.size())).status());
  CPK_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys = ON"));
  if (!in_memory) {
    // WAL lets readers work while one writer commits. If the file system cannot do WAL, SQLite
    // keeps its rollback journal, which is just as safe.
    CPK_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
    CPK_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = FULL"));
  }
  CPK_ASSIGN_OR_RETURN(int version, Migrate(*db, path, migrations));
  auto state = std::make_unique<StoreState>(std::move(db), clock);
  return std::unique_ptr<Store>(new SqliteStore(std::move(state), version));
}

}  // namespace internal

Result<std::unique_ptr<Store>> OpenStore(const std::string& path_or_memory, const Clock& clock) {
  return internal::OpenStoreWithMigrations(path_or_memory, clock, EmbeddedMigrations());
}

}  // namespace carbonpeak::store::sqlite
