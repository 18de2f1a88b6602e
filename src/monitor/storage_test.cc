// The durable log, recovery, compaction and the crash test.

#include "monitor/internal/storage.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "monitor/internal/coding.h"
#include "monitor/internal/decimal.h"
#include "monitor/monitor.h"
#include "monitor/test_util.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::monitor {
namespace {

using testing::CreditCode;
using testing::Local;

const refdata::RefData& Ref() {
  static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) {
    ADD_FAILURE() << ref.status().ToString();
    std::abort();
  }
  return *ref;
}

/// A fresh folder under the system's temporary directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cpk-monitor-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Wraps the real file system: counts syncs, tracks written vs synced bytes, and fails syncs on
/// request.
class RecordingFs final : public FileSystem {
 public:
  struct FileState {
    uint64_t written = 0;
    uint64_t synced = 0;
  };

  class File final : public AppendFile {
   public:
    File(RecordingFs& fs, std::unique_ptr<AppendFile> inner, std::string path)
        : fs_(fs), inner_(std::move(inner)), path_(std::move(path)) {}
    Status Append(std::string_view bytes) override {
      std::lock_guard lock(fs_.mu_);
      fs_.files_[path_].written += bytes.size();
      return inner_->Append(bytes);
    }
    Status Sync() override {
      {
        std::lock_guard lock(fs_.mu_);
        ++fs_.syncs_;
        if (fs_.fail_syncs_) return Status::Unavailable("injected: the disk is gone");
      }
      CPK_RETURN_IF_ERROR(inner_->Sync());
      std::lock_guard lock(fs_.mu_);
      fs_.files_[path_].synced = fs_.files_[path_].written;
      return Status::Ok();
    }
    Status Close() override { return inner_->Close(); }

   private:
    RecordingFs& fs_;
    std::unique_ptr<AppendFile> inner_;
    std::string path_;
  };

  Result<std::unique_ptr<AppendFile>> OpenAppend(const std::string& path) override {
    CPK_ASSIGN_OR_RETURN(std::unique_ptr<AppendFile> inner, real_.OpenAppend(path));
    {
      std::lock_guard lock(mu_);
      std::error_code ec;
      const auto size = std::filesystem::file_size(path, ec);
      files_[path].written = files_[path].synced = ec ? 0 : size;
    }
    return std::unique_ptr<AppendFile>(new File(*this, std::move(inner), path));
  }
  Result<std::string> ReadAll(const std::string& path) override { return real_.ReadAll(path); }
  Result<std::vector<std::string>> List(const std::string& dir) override { return real_.List(dir); }
  Status CreateDir(const std::string& dir) override { return real_.CreateDir(dir); }
  Status Rename(const std::string& from, const std::string& to) override {
    return real_.Rename(from, to);
  }
  Status Remove(const std::string& path) override { return real_.Remove(path); }
  Status Truncate(const std::string& path, uint64_t size) override {
    return real_.Truncate(path, size);
  }
  Status SyncDir(const std::string& dir) override { return real_.SyncDir(dir); }

  int syncs() {
    std::lock_guard lock(mu_);
    return syncs_;
  }
  void set_fail_syncs(bool fail) {
    std::lock_guard lock(mu_);
    fail_syncs_ = fail;
  }
  /// True when every byte written to every file has been synced.
  bool AllSynced() {
    std::lock_guard lock(mu_);
    for (const auto& [path, state] : files_) {
      if (state.written != state.synced) return false;
    }
    return true;
  }

 private:
  FileSystem& real_ = PosixFileSystem();
  std::mutex mu_;
  std::map<std::string, FileState> files_;
  int syncs_ = 0;
  bool fail_syncs_ = false;
};

constexpr int kEnterprises = 4;
constexpr int kMetersPerEnterprise = 5;
constexpr int kMeters = kEnterprises * kMetersPerEnterprise;

std::unique_ptr<Engine> OpenEngine(const std::string& dir, const Clock& clock,
                                   FileSystem* fs = nullptr) {
  EngineOptions options;
  options.data_dir = dir;
  options.file_system = fs;
  options.allowed_lateness_seconds = 100LL * 86400;
  Result<std::unique_ptr<Engine>> engine =
      Engine::Open(Ref(), {testing::TestFactorSet(Ref()), {}}, clock, options);
  if (!engine.ok()) {
    ADD_FAILURE() << engine.status().ToString();
    return nullptr;
  }
  return std::move(*engine);
}

Status Register(Engine& engine) {
  for (int e = 0; e < kEnterprises; ++e) {
    CPK_RETURN_IF_ERROR(engine.RegisterEnterprise(
        testing::MakeEnterprise(e, e % 2 ? "C3011" : "D4411", e < 2 ? "430703100" : "430703101")));
    for (int m = 0; m < kMetersPerEnterprise; ++m) {
      domain::Meter meter = testing::MakeMeter(e, "M" + std::to_string(m));
      if (m == 4) {
        meter.carrier = "natural_gas";
        meter.unit = "m³";
      }
      CPK_RETURN_IF_ERROR(engine.RegisterMeter(meter));
    }
  }
  return Status::Ok();
}

// Batch k holds readings idx = k*B .. k*B+B-1 of a grid: meter idx % kMeters, slot base + idx /
// kMeters, value a function of idx with two decimals. Each (meter, slot) belongs to one batch.
constexpr int kRowsPerBatch = 40;
const int64_t kBaseSlot = testing::SlotOf(2023, 3, 1);

int64_t ValueMicros(int64_t idx) { return (idx * 7919 % 100000 + 100) * 10000; }

std::string BatchCsv(int64_t k) {
  std::string csv = "enterprise,meter,period_start,value\n";
  for (int64_t idx = k * kRowsPerBatch; idx < (k + 1) * kRowsPerBatch; ++idx) {
    const int meter = static_cast<int>(idx % kMeters);
    const int64_t slot = kBaseSlot + idx / kMeters;
    csv += CreditCode(meter / kMetersPerEnterprise) + ",M" +
           std::to_string(meter % kMetersPerEnterprise) + "," +
           FormatTimestamp(Timestamp{(slot * 900 - 8 * 3600) * 1000000}) + "," +
           internal::MicrosToString(ValueMicros(idx)) + "\n";
  }
  return csv;
}

/// Checks that every reading of batches [0, acked) is stored with its value, nothing else is
/// stored beyond batch `sent`, and the rollups equal a recomputation.
void Verify(const Engine& engine, int64_t acked, int64_t sent) {
  uint64_t stored = 0;
  for (int meter = 0; meter < kMeters; ++meter) {
    Result<std::vector<StoredReading>> readings =
        engine.Readings({Level::kMeter, CreditCode(meter / kMetersPerEnterprise) + "/M" +
                                            std::to_string(meter % kMetersPerEnterprise)},
                        Local(2023, 1, 1), Local(2024, 1, 1));
    ASSERT_TRUE(readings.ok()) << readings.status().ToString();
    std::set<int64_t> seen;
    for (const StoredReading& r : *readings) {
      const int64_t slot = (r.period_start.micros / 1000000 + 8 * 3600) / 900;
      const int64_t idx = (slot - kBaseSlot) * kMeters + meter;
      ASSERT_GE(idx, 0);
      ASSERT_LT(idx / kRowsPerBatch, sent) << "a reading of a batch that was never sent";
      ASSERT_TRUE(seen.insert(idx).second) << "stored twice";
      ASSERT_NEAR(r.value, static_cast<double>(ValueMicros(idx)) / 1e6, 1e-9);
      ASSERT_EQ(r.revisions, 0);
    }
    for (int64_t idx = meter; idx < acked * kRowsPerBatch; idx += kMeters) {
      ASSERT_TRUE(seen.count(idx))
          << "acknowledged reading " << idx << " of batch " << idx / kRowsPerBatch << " is missing";
    }
    stored += readings->size();
  }
  EXPECT_EQ(engine.Stats().readings, stored);
  Status check = engine.CheckRollups();
  ASSERT_TRUE(check.ok()) << check.ToString();
}

TEST(StorageCodingTest, BatchRecordsRoundTrip) {
  std::mt19937_64 rng(1);
  std::vector<BatchRow> rows(500);
  for (BatchRow& r : rows) {
    r.value = static_cast<int64_t>(rng() % 1000000000000ULL);
    r.slot = static_cast<int32_t>(rng() % 100000) + 1800000;
    r.meter = static_cast<uint32_t>(rng() % 3) & 0xFFFFFFu;
    r.statistics = static_cast<uint32_t>(rng() % 3) & 3u;
    r.quality = static_cast<uint32_t>(rng() % 4) & 3u;
  }
  std::string bytes;
  internal::EncodeBatch(rows, bytes);
  std::vector<BatchRow> back;
  ASSERT_TRUE(internal::DecodeBatch(bytes, back));
  ASSERT_EQ(back.size(), rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    EXPECT_EQ(back[k].value, rows[k].value);
    EXPECT_EQ(back[k].slot, rows[k].slot);
    EXPECT_EQ(back[k].meter, rows[k].meter);
    EXPECT_EQ(back[k].statistics, rows[k].statistics);
    EXPECT_EQ(back[k].quality, rows[k].quality);
  }
  for (size_t cut = 0; cut < bytes.size(); cut += 7) {
    std::vector<BatchRow> partial;
    EXPECT_FALSE(internal::DecodeBatch(bytes.substr(0, cut), partial));
  }
}

TEST(StorageCodingTest, LogScanStopsAtATornOrDamagedRecord) {
  std::string log;
  internal::FrameRecord(internal::RecordType::kBatch, "first", log);
  internal::FrameRecord(internal::RecordType::kMeter, "second", log);
  const size_t two = log.size();
  internal::FrameRecord(internal::RecordType::kBatch, "third", log);
  std::vector<std::string> seen;
  auto collect = [&](internal::RecordType, std::string_view payload) {
    seen.emplace_back(payload);
    return Status::Ok();
  };
  Status status;
  EXPECT_EQ(internal::ScanLog(log, collect, status), log.size());
  EXPECT_EQ(seen.size(), 3u);
  seen.clear();
  EXPECT_EQ(internal::ScanLog(log.substr(0, log.size() - 2), collect, status), two);
  EXPECT_EQ(seen.size(), 2u);
  seen.clear();
  std::string damaged = log;
  damaged[two + internal::kRecordHeaderSize + 1] ^= 0x20;
  EXPECT_EQ(internal::ScanLog(damaged, collect, status), two);
  EXPECT_EQ(internal::Crc32c("123456789"), 0xE3069283u) << "CRC-32C check value (RFC 3720)";
}

TEST(StorageTest, ReopenReplaysTheLog) {
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  std::string before;
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_TRUE(Register(*engine).ok());
    for (int k = 0; k < 30; ++k) ASSERT_TRUE(engine->IngestCsv(BatchCsv(k), {"b", ""}).accepted);
    // A correction and a resend go through the log too.
    ASSERT_EQ(engine->IngestCsv(BatchCsv(3), {"b", ""}).duplicates, 40u);
    before = engine->Total({Level::kCounty, "430703"}, Local(2023, 1, 1), Local(2024, 1, 1))
                 ->Serialize();
  }
  std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->Stats().batches, 31u);
  EXPECT_EQ(
      engine->Total({Level::kCounty, "430703"}, Local(2023, 1, 1), Local(2024, 1, 1))->Serialize(),
      before);
  Verify(*engine, 30, 30);
  // Registering again after a restart is an update, not a second meter.
  ASSERT_TRUE(Register(*engine).ok());
  EXPECT_EQ(engine->Stats().meters, static_cast<size_t>(kMeters));
}

AlertFilter AllAlerts(std::optional<domain::AlertKind> kind = std::nullopt) {
  AlertFilter filter;
  filter.kind = kind;
  filter.limit = SIZE_MAX;
  return filter;
}

/// Alert kinds, meters and periods in id order (what a replay must reproduce exactly).
std::vector<std::string> AlertKeys(const Engine& engine) {
  std::vector<std::string> keys;
  std::vector<domain::Alert> alerts = engine.Alerts(AllAlerts());
  for (auto it = alerts.rbegin(); it != alerts.rend(); ++it) {
    keys.push_back(std::to_string(it->id) + " " + std::string(domain::AlertKindName(it->kind)) +
                   " " + it->meter + " " + std::to_string(it->period_start.micros));
  }
  return keys;
}

TEST(StorageTest, ClosingADayForManyMetersIsSpreadOverBatchesAndReplaysTheSame) {
  // 2 500 meters: more than one batch checks (2 048 meter-days), so the day closed by a small
  // batch is checked partly then and the rest with the next batch.
  constexpr int kManyEnterprises = 125;
  constexpr int kPerEnterprise = 20;
  constexpr int kMany = kManyEnterprises * kPerEnterprise;
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  auto day_csv = [&](int day) {
    std::string csv = "enterprise,meter,period_start,value\n";
    for (int m = 0; m < kMany; ++m) {
      csv += CreditCode(m / kPerEnterprise) + ",M" + std::to_string(m % kPerEnterprise) + "," +
             FormatTimestamp(Local(2023, 3, day, 1 + m % 20, 0)) + ",1.5\n";
    }
    return csv;
  };
  auto one_row = [&](int day, int hour) {
    return "enterprise,meter,period_start,value\n" + CreditCode(0) + ",M0," +
           FormatTimestamp(Local(2023, 3, day, hour, 0)) + ",2\n";
  };
  std::vector<std::string> live;
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_NE(engine, nullptr);
    std::vector<domain::Enterprise> enterprises;
    std::vector<domain::Meter> meters;
    for (int e = 0; e < kManyEnterprises; ++e) enterprises.push_back(testing::MakeEnterprise(e));
    for (int m = 0; m < kMany; ++m) {
      meters.push_back(
          testing::MakeMeter(m / kPerEnterprise, "M" + std::to_string(m % kPerEnterprise)));
    }
    ASSERT_TRUE(engine->RegisterAll(enterprises, meters).ok());
    // Day 1: one reading per meter, so every meter-day is incomplete when checked.
    ASSERT_TRUE(engine->IngestCsv(day_csv(1), {"d1", ""}).accepted);
    EXPECT_EQ(engine->Alerts(AllAlerts(domain::AlertKind::kIncomplete)).size(), 0u);
    // A single row late on day 2 closes day 1: the first 2 048 meters are checked now...
    IngestResult closing = engine->IngestCsv(one_row(2, 3), {"close", ""});
    ASSERT_TRUE(closing.accepted);
    EXPECT_EQ(engine->Alerts(AllAlerts(domain::AlertKind::kIncomplete)).size(), 2048u);
    // ... and the rest with the next batch, whatever it holds. A compaction in between keeps
    // the place.
    ASSERT_TRUE(engine->Compact().ok());
    ASSERT_TRUE(engine->IngestCsv(one_row(2, 4), {"next", ""}).accepted);
    EXPECT_EQ(engine->Alerts(AllAlerts(domain::AlertKind::kIncomplete)).size(),
              static_cast<size_t>(kMany));
    live = AlertKeys(*engine);
  }
  // Reopening (segment + log) repeats the same alerts with the same ids.
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_NE(engine, nullptr);
    EXPECT_EQ(AlertKeys(*engine), live);
  }
  // A run without the compaction gives the same alerts, live and replayed from its log alone:
  // the steps depend on the batches only.
  TempDir replay_dir;
  {
    std::unique_ptr<Engine> engine = OpenEngine(replay_dir.path(), clock);
    ASSERT_NE(engine, nullptr);
    std::vector<domain::Enterprise> enterprises;
    std::vector<domain::Meter> meters;
    for (int e = 0; e < kManyEnterprises; ++e) enterprises.push_back(testing::MakeEnterprise(e));
    for (int m = 0; m < kMany; ++m) {
      meters.push_back(
          testing::MakeMeter(m / kPerEnterprise, "M" + std::to_string(m % kPerEnterprise)));
    }
    ASSERT_TRUE(engine->RegisterAll(enterprises, meters).ok());
    ASSERT_TRUE(engine->IngestCsv(day_csv(1), {"d1", ""}).accepted);
    ASSERT_TRUE(engine->IngestCsv(one_row(2, 3), {"close", ""}).accepted);
    ASSERT_TRUE(engine->IngestCsv(one_row(2, 4), {"next", ""}).accepted);
    EXPECT_EQ(AlertKeys(*engine), live);
  }
  {
    std::unique_ptr<Engine> engine = OpenEngine(replay_dir.path(), clock);
    ASSERT_NE(engine, nullptr);
    EXPECT_EQ(AlertKeys(*engine), live);
  }
}

TEST(StorageTest, OldReadingsAndCellsLeaveMemoryAndReadBackTheSame) {
  // Two engines get the same 60 days of data: one keeps everything in memory, the other keeps
  // 3 days (plus 1 day of lateness) and spills the rest. Every query must agree, before and
  // after a correction of a spilled reading and after reopening.
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  auto open = [&](const std::string& path, int hot_days) {
    EngineOptions options;
    options.data_dir = path;
    options.allowed_lateness_seconds = 86400;
    options.hot_days = hot_days;
    Result<std::unique_ptr<Engine>> engine =
        Engine::Open(Ref(), {testing::TestFactorSet(Ref()), {}}, clock, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  };
  std::unique_ptr<Engine> hot = open("", 0);
  std::unique_ptr<Engine> spilling = open(dir.path(), 3);
  ASSERT_NE(hot, nullptr);
  ASSERT_NE(spilling, nullptr);
  ASSERT_TRUE(Register(*hot).ok());
  ASSERT_TRUE(Register(*spilling).ok());
  constexpr int kDays = 60;
  auto day_csv = [&](int day, int salt) {
    std::string csv = "enterprise,meter,period_start,value\n";
    for (int meter = 0; meter < kMeters; ++meter) {
      for (int q = 0; q < 96; q += 3) {
        const int64_t slot = kBaseSlot + int64_t{day} * 96 + q;
        csv += CreditCode(meter / kMetersPerEnterprise) + ",M" +
               std::to_string(meter % kMetersPerEnterprise) + "," +
               FormatTimestamp(Timestamp{(slot * 900 - 8 * 3600) * 1000000}) + "," +
               internal::MicrosToString(ValueMicros(slot * 31 + meter + salt)) + "\n";
      }
    }
    return csv;
  };
  size_t memory_at_day_10 = 0;
  for (int day = 0; day < kDays; ++day) {
    ASSERT_TRUE(hot->IngestCsv(day_csv(day, 0), {"d", ""}).accepted);
    ASSERT_TRUE(spilling->IngestCsv(day_csv(day, 0), {"d", ""}).accepted);
    if (day == 10) memory_at_day_10 = spilling->Stats().memory_bytes;
  }
  // Memory stays flat after the hot window filled; the in-memory engine keeps growing.
  EXPECT_LT(spilling->Stats().memory_bytes, memory_at_day_10 * 3 / 2);
  EXPECT_GT(hot->Stats().memory_bytes, spilling->Stats().memory_bytes * 3);
  auto same = [&](const Engine& a, const Engine& b) {
    const Timestamp from = Local(2023, 2, 1), to = Local(2023, 6, 1);
    for (Level level : {Level::kEnterprise, Level::kIndustry, Level::kTownship, Level::kCounty}) {
      const std::string code = level == Level::kEnterprise ? CreditCode(1)
                               : level == Level::kIndustry ? "C30"
                               : level == Level::kTownship ? "430703100"
                                                           : "430703";
      for (Granularity g :
           {Granularity::k15Min, Granularity::kHour, Granularity::kDay, Granularity::kMonth}) {
        Result<std::vector<SeriesPoint>> x = a.Series({level, code}, g, from, to);
        Result<std::vector<SeriesPoint>> y = b.Series({level, code}, g, from, to);
        ASSERT_TRUE(x.ok() && y.ok());
        ASSERT_EQ(x->size(), y->size());
        for (size_t k = 0; k < x->size(); ++k) {
          ASSERT_EQ((*x)[k].start.micros, (*y)[k].start.micros);
          ASSERT_EQ((*x)[k].state.Serialize(), (*y)[k].state.Serialize());
        }
      }
      ASSERT_EQ(
          a.Total({level, code}, Local(2023, 3, 2, 5, 15), Local(2023, 4, 7, 13))->Serialize(),
          b.Total({level, code}, Local(2023, 3, 2, 5, 15), Local(2023, 4, 7, 13))->Serialize());
    }
    const EntityRef meter{Level::kMeter, CreditCode(2) + "/M3"};
    Result<std::vector<StoredReading>> x = a.Readings(meter, from, to);
    Result<std::vector<StoredReading>> y = b.Readings(meter, from, to);
    ASSERT_TRUE(x.ok() && y.ok());
    ASSERT_EQ(x->size(), y->size());
    for (size_t k = 0; k < x->size(); ++k) {
      ASSERT_EQ((*x)[k].period_start.micros, (*y)[k].period_start.micros);
      ASSERT_EQ((*x)[k].value, (*y)[k].value);
      ASSERT_EQ((*x)[k].revisions, (*y)[k].revisions);
    }
    ASSERT_EQ(a.Revisions(meter, from, to)->size(), b.Revisions(meter, from, to)->size());
    Status check = b.CheckRollups();
    ASSERT_TRUE(check.ok()) << check.ToString();
  };
  same(*hot, *spilling);
  // Resending day 5 (long spilled) with other values: late corrections, kept as refused
  // revisions, the stored values unchanged; day 59 (in the window) is corrected.
  ASSERT_TRUE(hot->IngestCsv(day_csv(5, 1), {"late", ""}).accepted);
  IngestResult late = spilling->IngestCsv(day_csv(5, 1), {"late", ""});
  ASSERT_TRUE(late.accepted);
  EXPECT_EQ(late.refused_late, static_cast<size_t>(kMeters * 32));
  ASSERT_TRUE(hot->IngestCsv(day_csv(59, 1), {"fix", ""}).accepted);
  EXPECT_EQ(spilling->IngestCsv(day_csv(59, 1), {"fix", ""}).corrections,
            static_cast<size_t>(kMeters * 32));
  same(*hot, *spilling);
  // Compaction reads the spilled readings back into the segment; reopening spills them again.
  ASSERT_TRUE(spilling->Compact().ok());
  spilling.reset();
  spilling = open(dir.path(), 3);
  ASSERT_NE(spilling, nullptr);
  same(*hot, *spilling);
  EXPECT_LT(spilling->Stats().memory_bytes, memory_at_day_10 * 3 / 2);
}

TEST(StorageTest, TornTailIsDroppedAndEarlierBatchesSurvive) {
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_TRUE(Register(*engine).ok());
    for (int k = 0; k < 10; ++k) ASSERT_TRUE(engine->IngestCsv(BatchCsv(k), {"b", ""}).accepted);
  }
  const std::string log = dir.path() + "/" + internal::LogFileName(1);
  const auto size = std::filesystem::file_size(log);
  std::filesystem::resize_file(log, size - 5);  // the last batch was half written
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_NE(engine, nullptr);
    EXPECT_GT(engine->Stats().torn_bytes_dropped, 0u);
    Verify(*engine, 9, 10);
    EXPECT_EQ(engine->Stats().batches, 9u);
    // Writing continues after the cut.
    ASSERT_TRUE(engine->IngestCsv(BatchCsv(9), {"b", ""}).accepted);
  }
  std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
  EXPECT_EQ(engine->Stats().torn_bytes_dropped, 0u);
  Verify(*engine, 10, 10);
}

TEST(StorageTest, AcknowledgedOnlyAfterSyncAndSyncsAreGrouped) {
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  RecordingFs fs;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock, &fs);
  ASSERT_TRUE(Register(*engine).ok());
  const int syncs_before = fs.syncs();
  constexpr int kThreads = 4;
  constexpr int kBatchesPerThread = 60;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatchesPerThread; ++b) {
        IngestResult r = engine->IngestCsv(BatchCsv(t * kBatchesPerThread + b), {"b", ""});
        if (r.accepted) ++accepted;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(accepted.load(), kThreads * kBatchesPerThread);
  EXPECT_TRUE(fs.AllSynced()) << "every acknowledged byte is on disk";
  const int syncs = fs.syncs() - syncs_before;
  EXPECT_LE(syncs, kThreads * kBatchesPerThread) << "at most one sync per batch";
  EXPECT_GE(syncs, 1);
  std::printf("group commit: %d batches from %d threads, %d syncs\n", kThreads * kBatchesPerThread,
              kThreads, syncs);
  engine.reset();
  std::unique_ptr<Engine> reopened = OpenEngine(dir.path(), clock);
  Verify(*reopened, kThreads * kBatchesPerThread, kThreads * kBatchesPerThread);
}

TEST(StorageTest, AFailedSyncIsNotAcknowledgedAndStopsWrites) {
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  RecordingFs fs;
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock, &fs);
    ASSERT_TRUE(Register(*engine).ok());
    ASSERT_TRUE(engine->IngestCsv(BatchCsv(0), {"b", ""}).accepted);
    fs.set_fail_syncs(true);
    IngestResult failed = engine->IngestCsv(BatchCsv(1), {"b", ""});
    EXPECT_FALSE(failed.accepted);
    EXPECT_EQ(failed.status.code(), StatusCode::kUnavailable);
    EXPECT_NE(failed.status.message().find("injected"), std::string::npos);
    fs.set_fail_syncs(false);
    IngestResult after = engine->IngestCsv(BatchCsv(2), {"b", ""});
    EXPECT_FALSE(after.accepted) << "writes stay stopped until the engine is reopened";
    EXPECT_EQ(after.status.code(), StatusCode::kUnavailable);
  }
  std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
  ASSERT_NE(engine, nullptr);
  Verify(*engine, 1, 2);
}

TEST(StorageTest, CompactionKeepsEverythingInAFewBytesPerReading) {
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  std::string before;
  uint64_t readings = 0;
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_TRUE(Register(*engine).ok());
    // A month of smooth 15-minute load curves with two decimals, as meters send them.
    std::mt19937_64 rng(3);
    std::string csv = "enterprise,meter,period_start,value,unit\n";
    for (int meter = 0; meter < kMeters; ++meter) {
      const int e = meter / kMetersPerEnterprise;
      const int m = meter % kMetersPerEnterprise;
      for (int64_t slot = kBaseSlot; slot < kBaseSlot + 30 * 96; ++slot) {
        const double hour = static_cast<double>(slot % 96) / 4.0;
        const double load = 400 + 250 * std::sin((hour - 6) / 24 * 6.2832) +
                            static_cast<double>(rng() % 2000) / 100.0;
        char value[32];
        std::snprintf(value, sizeof value, "%.2f", load);
        csv += CreditCode(e) + ",M" + std::to_string(m) + "," +
               FormatTimestamp(Timestamp{(slot * 900 - 8 * 3600) * 1000000}) + "," + value +
               (m == 4 ? ",m³\n" : ",kWh\n");
      }
    }
    IngestResult r = engine->IngestCsv(csv, {"month.csv", ""});
    ASSERT_TRUE(r.accepted) << (r.errors.empty() ? "" : r.errors[0].ToString());
    ASSERT_TRUE(engine->IngestCsv(BatchCsv(2000), {"b", ""}).accepted);  // after the month
    readings = engine->Stats().readings;
    const uint64_t log_bytes = *engine->DiskBytes();
    ASSERT_TRUE(engine->Compact().ok());
    const uint64_t segment_bytes = *engine->DiskBytes();
    const double per_reading = static_cast<double>(segment_bytes) / static_cast<double>(readings);
    std::printf("log %llu bytes, segment %llu bytes: %.2f bytes per reading (%llu readings)\n",
                static_cast<unsigned long long>(log_bytes),
                static_cast<unsigned long long>(segment_bytes), per_reading,
                static_cast<unsigned long long>(readings));
    EXPECT_LE(per_reading, 4.0);
    EXPECT_LT(segment_bytes, log_bytes);
    // Writing goes on after compaction, into a new log.
    ASSERT_TRUE(engine->IngestCsv(BatchCsv(2001), {"b", ""}).accepted);
    before = engine->Total({Level::kCounty, "430703"}, Local(2023, 1, 1), Local(2024, 1, 1))
                 ->Serialize();
  }
  std::vector<std::string> names = *PosixFileSystem().List(dir.path());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"seg-000001.seg", "wal-000002.log"}));
  std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->Stats().readings, readings + kRowsPerBatch);
  EXPECT_EQ(
      engine->Total({Level::kCounty, "430703"}, Local(2023, 1, 1), Local(2024, 1, 1))->Serialize(),
      before);
  Status check = engine->CheckRollups();
  EXPECT_TRUE(check.ok()) << check.ToString();
  // A second compaction replaces the first segment.
  ASSERT_TRUE(engine->Compact().ok());
  names = *PosixFileSystem().List(dir.path());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"seg-000002.seg", "wal-000003.log"}));
}

TEST(StorageTest, DamagedSegmentIsReportedNotIgnored) {
  TempDir dir;
  FakeClock clock(Local(2024, 1, 1));
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_TRUE(Register(*engine).ok());
    ASSERT_TRUE(engine->IngestCsv(BatchCsv(0), {"b", ""}).accepted);
    ASSERT_TRUE(engine->Compact().ok());
  }
  const std::string segment = dir.path() + "/" + internal::SegmentFileName(1);
  std::string bytes = *PosixFileSystem().ReadAll(segment);
  bytes[bytes.size() / 2] ^= 0x01;
  {
    std::unique_ptr<AppendFile> f;
    std::filesystem::remove(segment);
    f = std::move(*PosixFileSystem().OpenAppend(segment));
    ASSERT_TRUE(f->Append(bytes).ok());
  }
  EngineOptions options;
  options.data_dir = dir.path();
  Result<std::unique_ptr<Engine>> engine =
      Engine::Open(Ref(), {testing::TestFactorSet(Ref()), {}}, clock, options);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(engine.status().message().find("seg-000001.seg"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The crash test: a child process ingests continuously (and compacts now and then) and reports
// each acknowledged batch through a pipe; the parent kills it with SIGKILL at random moments,
// reopens the data folder and checks that every acknowledged reading is there exactly once and
// the rollups equal a recomputation.

[[noreturn]] void RunWriter(const std::string& dir, int64_t first_batch, int ack_fd) {
  FakeClock clock(Local(2024, 1, 1));
  std::unique_ptr<Engine> engine = OpenEngine(dir, clock);
  if (engine == nullptr || !Register(*engine).ok()) _exit(3);
  for (int64_t k = first_batch;; ++k) {
    IngestResult r = engine->IngestCsv(BatchCsv(k), {"crash", ""});
    if (!r.accepted) _exit(4);
    char line[32];
    const int n = std::snprintf(line, sizeof line, "%lld\n", static_cast<long long>(k));
    if (::write(ack_fd, line, static_cast<size_t>(n)) != n) _exit(5);
    if (k % 23 == 22 && !engine->Compact().ok()) _exit(6);
  }
}

TEST(CrashTest, EveryAcknowledgedReadingSurvivesSigkill) {
  TempDir dir;
  std::mt19937_64 rng(2024);
  int64_t acked = 0;  // batches [0, acked) were all acknowledged
  int64_t sent = 0;   // batches [0, sent) may have been sent
  constexpr int kKills = 24;
  for (int round = 0; round < kKills; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunWriter(dir.path(), acked, fds[1]);
    }
    ::close(fds[1]);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    // Odd rounds kill at a random moment from the start (recovery included); even rounds first
    // wait for one acknowledgement (up to 5 s) so that the writer always makes progress.
    std::string received;
    char buffer[4096];
    auto poll = [&] {
      const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
      if (n > 0) received.append(buffer, static_cast<size_t>(n));
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    };
    if (round % 2 == 0) {
      const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (received.find('\n') == std::string::npos && std::chrono::steady_clock::now() < limit) {
        poll();
      }
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(rng() % 150));
    while (std::chrono::steady_clock::now() < deadline) poll();
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own with exit code "
                                     << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
      received.append(buffer, static_cast<size_t>(n));
    }
    ::close(fds[0]);
    // Acknowledgements arrive in order; a line cut short by the kill does not count.
    int64_t last = acked - 1;
    size_t start = 0;
    for (size_t nl; (nl = received.find('\n', start)) != std::string::npos; start = nl + 1) {
      last = std::stoll(received.substr(start, nl - start));
    }
    const int64_t round_acked = last + 1;
    ASSERT_GE(round_acked, acked);
    acked = round_acked;
    // The writer may have sent (and made durable) the batch after the last acknowledged one.
    sent = std::max(sent, acked + 1);
    FakeClock clock(Local(2024, 1, 1));
    std::unique_ptr<Engine> engine = OpenEngine(dir.path(), clock);
    ASSERT_NE(engine, nullptr);
    Verify(*engine, acked, sent);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("crash test: %d kills, %lld batches acknowledged (%lld readings)\n", kKills,
              static_cast<long long>(acked), static_cast<long long>(acked * kRowsPerBatch));
  EXPECT_GE(acked, kKills / 2) << "the writer made progress between kills";
}

}  // namespace
}  // namespace carbonpeak::monitor
