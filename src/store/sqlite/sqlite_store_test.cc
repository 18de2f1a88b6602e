// SQLite-specific behaviour of the store: migrations, file marks, refusing foreign or newer
// files without touching them, pragmas and the append-only triggers. The behaviour every
// backend shares is in tests/integration/store_conformance_test.cc.
#include "store/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store/sqlite/migrations.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::store::sqlite {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

/// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() / ("carbonpeak_sqlite_test_" + std::to_string(::getpid()) +
                                         "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

/// Runs SQL on the file with a plain SQLite connection (not through the store).
int RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

/// The first column of the first row, as text ("" when there is no row).
std::string RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string result;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

WriteContext Ctx() { return WriteContext{.author = "tester", .source = "test", .reason = ""}; }

domain::Region Province() {
  return domain::Region{"430000", "湖南省", domain::RegionLevel::kProvince, "", ""};
}

int LatestVersion() { return static_cast<int>(EmbeddedMigrations().size()); }

class SqliteStoreTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  TempDir dir_;
};

// ----------------------------------------------------------------------------- migrations

TEST(EmbeddedMigrationsTest, AreNumberedFromOneWithoutGaps) {
  auto migrations = EmbeddedMigrations();
  ASSERT_GE(migrations.size(), 1u);
  for (size_t idx = 0; idx < migrations.size(); ++idx) {
    EXPECT_EQ(migrations[idx].version, static_cast<int>(idx) + 1);
    EXPECT_FALSE(migrations[idx].name.empty());
    EXPECT_FALSE(migrations[idx].sql.empty());
  }
  EXPECT_EQ(migrations[0].name, "initial");
  EXPECT_THAT(std::string(migrations[0].sql), HasSubstr("CREATE TABLE regions"));
}

TEST_F(SqliteStoreTest, NewFileIsMarkedAndUsesWal) {
  const std::string path = dir_.File("new.db");
  {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->schema_version(), LatestVersion());
  }
  EXPECT_EQ(RawQuery(path, "PRAGMA application_id"), std::to_string(kApplicationId));
  EXPECT_EQ(RawQuery(path, "PRAGMA user_version"), std::to_string(LatestVersion()));
  EXPECT_EQ(RawQuery(path, "PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, MemoryStoreStartsAtTheLatestVersion) {
  auto store = OpenStore(":memory:", clock_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->schema_version(), LatestVersion());
}

TEST_F(SqliteStoreTest, ReopeningKeepsDataAndDoesNotReapplyMigrations) {
  const std::string path = dir_.File("reopen.db");
  {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->regions().Add(Province(), Ctx()).ok());
  }
  for (int round = 0; round < 2; ++round) {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->schema_version(), LatestVersion());
    auto regions = (*store)->regions().List();
    ASSERT_TRUE(regions.ok());
    EXPECT_EQ(regions->size(), 1u);
  }
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM audit_log"), "1");
}

TEST_F(SqliteStoreTest, UpgradeAppliesOnlyTheMissingMigrationsOnce) {
  const std::string path = dir_.File("upgrade.db");
  std::vector<Migration> v2(EmbeddedMigrations().begin(), EmbeddedMigrations().end());
  const int next = LatestVersion() + 1;
  v2.push_back(Migration{next, "test_extra",
                         "CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO extra VALUES (7);"});
  {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->regions().Add(Province(), Ctx()).ok());
  }
  for (int round = 0; round < 2; ++round) {
    auto store = internal::OpenStoreWithMigrations(path, clock_, v2);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->schema_version(), next);
    EXPECT_TRUE((*store)->regions().Get("430000").ok());
  }
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM extra"), "1");
  EXPECT_EQ(RawQuery(path, "PRAGMA user_version"), std::to_string(next));

  // The old program refuses the upgraded file.
  auto old = OpenStore(path, clock_);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(old.status().message(), HasSubstr("schema version " + std::to_string(next)));
  EXPECT_THAT(old.status().message(), HasSubstr("Upgrade carbonpeak"));
}

TEST_F(SqliteStoreTest, FailedMigrationChangesNothing) {
  const std::string path = dir_.File("failed.db");
  {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  std::vector<Migration> broken(EmbeddedMigrations().begin(), EmbeddedMigrations().end());
  broken.push_back(
      Migration{LatestVersion() + 1, "broken", "CREATE TABLE extra (x INTEGER); THIS IS NOT SQL;"});
  auto store = internal::OpenStoreWithMigrations(path, clock_, broken);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(), HasSubstr("_broken"));
  EXPECT_EQ(RawQuery(path, "PRAGMA user_version"), std::to_string(LatestVersion()));
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'extra'"), "0");
  EXPECT_TRUE(OpenStore(path, clock_).ok());
}

// ----------------------------------------------------------------------------- refusals

TEST_F(SqliteStoreTest, FileThatIsNotSqliteIsRefusedAndUntouched) {
  for (const std::string& content :
       {std::string("abc"), std::string(4096, 'x'),
        std::string("region,value\n430703,12.5\n") + std::string(200, '\n')}) {
    const std::string path = dir_.File("garbage.db");
    WriteBytes(path, content);
    auto store = OpenStore(path, clock_);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(store.status().message(), HasSubstr(path));
    EXPECT_THAT(store.status().message(), HasSubstr("not a carbonpeak database"));
    EXPECT_EQ(ReadBytes(path), content);
    EXPECT_FALSE(fs::exists(path + "-wal"));
    EXPECT_FALSE(fs::exists(path + "-shm"));
  }
}

TEST_F(SqliteStoreTest, OtherProgramsDatabaseWithTablesIsRefusedAndUntouched) {
  const std::string path = dir_.File("other.db");
  ASSERT_EQ(RawExec(path, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('a');"),
            SQLITE_OK);
  const std::string before = ReadBytes(path);
  auto store = OpenStore(path, clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_THAT(store.status().message(), HasSubstr("not a carbonpeak database"));
  EXPECT_EQ(ReadBytes(path), before);
}

TEST_F(SqliteStoreTest, OtherApplicationIdIsRefusedAndUntouched) {
  const std::string path = dir_.File("marked.db");
  ASSERT_EQ(RawExec(path, "PRAGMA application_id = 305419896; CREATE TABLE t (x);"), SQLITE_OK);
  const std::string before = ReadBytes(path);
  auto store = OpenStore(path, clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("0x12345678"));
  EXPECT_EQ(ReadBytes(path), before);
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefusedAndUntouched) {
  const std::string path = dir_.File("newer.db");
  {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  ASSERT_EQ(RawExec(path, "PRAGMA user_version = 99"), SQLITE_OK);
  const std::string before = ReadBytes(path);
  auto store = OpenStore(path, clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr(path));
  EXPECT_THAT(store.status().message(), HasSubstr("schema version 99"));
  EXPECT_THAT(store.status().message(), HasSubstr("Upgrade carbonpeak"));
  EXPECT_EQ(ReadBytes(path), before);
  EXPECT_EQ(RawQuery(path, "PRAGMA user_version"), "99");
}

TEST_F(SqliteStoreTest, EmptyFileBecomesANewDatabase) {
  const std::string path = dir_.File("empty.db");
  WriteBytes(path, "");
  auto store = OpenStore(path, clock_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->schema_version(), LatestVersion());
}

TEST_F(SqliteStoreTest, BadPathsAreReportedWithThePath) {
  const std::string missing = dir_.File("no/such/folder/x.db");
  auto in_missing_folder = OpenStore(missing, clock_);
  ASSERT_FALSE(in_missing_folder.ok());
  EXPECT_THAT(in_missing_folder.status().message(), HasSubstr(missing));

  const std::string folder = dir_.File("");
  auto on_folder = OpenStore(folder, clock_);
  ASSERT_FALSE(on_folder.ok());
  EXPECT_EQ(on_folder.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(on_folder.status().message(), HasSubstr("folder"));

  EXPECT_EQ(OpenStore("", clock_).status().code(), StatusCode::kInvalidArgument);
}

// ----------------------------------------------------------------------------- integrity

TEST_F(SqliteStoreTest, HistoryCannotBeOverwrittenEvenDirectly) {
  const std::string path = dir_.File("append_only.db");
  {
    auto store = OpenStore(path, clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->regions().Add(Province(), Ctx()).ok());
    ASSERT_TRUE((*store)->figures().Put({"430000", "gdp", "2023", ""}, 5, "万亿元", Ctx()).ok());
  }
  for (const char* sql : {"UPDATE figure_revisions SET value = 0", "DELETE FROM figure_revisions",
                          "UPDATE figures SET period = '2022'", "DELETE FROM audit_log",
                          "UPDATE audit_log SET actor = 'someone else'",
                          "UPDATE regions SET name = 'x'", "DELETE FROM regions"}) {
    EXPECT_EQ(RawExec(path, sql), SQLITE_CONSTRAINT) << sql;
  }
  EXPECT_EQ(RawQuery(path, "SELECT value FROM figure_revisions"), "5.0");
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM audit_log"), "2");
  EXPECT_EQ(RawQuery(path, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(RawQuery(path, "PRAGMA foreign_key_check"), "");
}

TEST_F(SqliteStoreTest, TwoStoresOnOneFileSeeEachOthersWrites) {
  const std::string path = dir_.File("shared.db");
  auto writer = OpenStore(path, clock_);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  auto reader = OpenStore(path, clock_);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_TRUE((*writer)->regions().Add(Province(), Ctx()).ok());
  EXPECT_TRUE((*reader)->regions().Get("430000").ok());
  ASSERT_TRUE((*reader)->figures().Put({"430000", "gdp", "2023", ""}, 5, "万亿元", Ctx()).ok());
  EXPECT_EQ((*writer)->figures().Get({"430000", "gdp", "2023", ""})->value, 5.0);
}

}  // namespace
}  // namespace carbonpeak::store::sqlite
