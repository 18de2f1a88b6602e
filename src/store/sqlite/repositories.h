// The SQLite implementations of the repositories in store/store.h and what they share: the
// connection, its mutex, the clock, and the helpers for validation and the audit log.
// Internal to store/sqlite.
//
// Thread safety: every public method locks StoreState::mutex for its whole duration; the
// helpers below expect the caller to hold it.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace carbonpeak::store::sqlite {

struct StoreState {
  StoreState(std::unique_ptr<Connection> c, const Clock& clk)
      : connection(std::move(c)), clock(clk) {}

  std::mutex mutex;
  std::unique_ptr<Connection> connection;  // guarded by mutex
  const Clock& clock;
};

// ----------------------------------------------------------------------------- helpers

/// recorded_at bound that selects the latest revision.
inline constexpr int64_t kEndOfTime = std::numeric_limits<int64_t>::max();

inline int64_t AsOfMicros(const std::optional<Timestamp>& as_of) {
  return as_of ? as_of->micros : kEndOfTime;
}

/// True when `text` is empty or only ASCII whitespace.
bool IsBlank(std::string_view text);

/// kInvalidArgument unless ctx.author is set (and ctx.reason when `reason_required`).
Status CheckWriteContext(const WriteContext& ctx, std::string_view what, bool reason_required);

/// "figure:430703/gdp/2023/" — the audit entity of a figure.
std::string FigureEntity(const FigureKey& key);
/// "430703/gdp/2023/sector=industry" — a figure's key for messages.
std::string DescribeKey(const FigureKey& key);

struct AuditRecord {
  Timestamp time;
  std::string_view action;
  std::string entity;
  std::string before;
  std::string after;
  std::string_view source;
  std::string_view reason;
};

/// Appends one audit entry; call inside the write's transaction.
Status AppendAudit(Connection& connection, const WriteContext& ctx, const AuditRecord& record);

/// kInvalidArgument when region `code` is not registered; `what` says who needs it.
Status RequireRegion(Connection& connection, std::string_view code, std::string_view what);

// ----------------------------------------------------------------------------- repositories

class SqliteRegionRepository final : public RegionRepository {
 public:
  explicit SqliteRegionRepository(StoreState* state) : state_(state) {}
  Status Add(const domain::Region& region, const WriteContext& ctx) override;
  Result<domain::Region> Get(const std::string& code) override;
  Result<std::vector<domain::Region>> List() override;

 private:
  StoreState* state_;
};

class SqlitePlanRepository final : public PlanRepository {
 public:
  explicit SqlitePlanRepository(StoreState* state) : state_(state) {}
  Result<int64_t> Create(const domain::Plan& plan, const WriteContext& ctx) override;
  Result<std::vector<PlanSummary>> List() override;
  Result<domain::Plan> Get(int64_t id, std::optional<Timestamp> as_of) override;
  Result<int64_t> FindByRegion(const std::string& region_code) override;
  Result<TargetRevision> ReviseTarget(int64_t target_id, const domain::Target& revised,
                                      const WriteContext& ctx) override;
  Result<std::vector<TargetRevision>> TargetHistory(int64_t target_id) override;

 private:
  StoreState* state_;
};

class SqliteFigureRepository final : public FigureRepository {
 public:
  explicit SqliteFigureRepository(StoreState* state) : state_(state) {}
  Result<FigureRevision> Put(const FigureKey& key, double value, const std::string& unit,
                             const WriteContext& ctx) override;
  Result<std::vector<FigureRevision>> PutAll(const std::vector<Figure>& figures,
                                             const WriteContext& ctx) override;
  Result<FigureRevision> Get(const FigureKey& key, std::optional<Timestamp> as_of) override;
  Result<std::vector<FigureRevision>> History(const FigureKey& key) override;
  Result<std::vector<Figure>> List(const std::string& region_code, const std::string& item,
                                   std::optional<Timestamp> as_of) override;

 private:
  StoreState* state_;
};

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(StoreState* state) : state_(state) {}
  Result<std::vector<AuditEntry>> List(const AuditQuery& query) override;

 private:
  StoreState* state_;
};

}  // namespace carbonpeak::store::sqlite
