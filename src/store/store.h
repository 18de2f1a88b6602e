// Persistence behind interfaces. The embedded default is SQLite (store/sqlite/); a PostgreSQL
// backend implements the same interfaces later and passes the same conformance suite
// (tests/integration/store_conformance.h).
//
//   CPK_ASSIGN_OR_RETURN(auto store, sqlite::OpenStore("var/carbonpeak.db", clock));
//   WriteContext ctx{.author = "statistics", .source = "2023年统计年报.xlsx!B7", .reason =
//   "annual"}; CPK_RETURN_IF_ERROR(store->figures().Put(key, 123.4, "万tce", ctx).status()); auto
//   latest = store->figures().Get(key);                 // newest revision auto before =
//   store->figures().Get(key, yesterday);      // state "as of" a time
//
// Rules that every backend keeps:
//  - Nothing is overwritten. A change to a stored figure or target adds a revision carrying
//    value, author, time, source and reason. Reads return the latest revision by default or
//    the one in force at an `as_of` time.
//  - Every write appends to the audit log (who, what, when, before/after as JSON) in the same
//    transaction as the write itself. A failed write leaves the store unchanged.
//  - Time comes from the Clock given at open, never from the OS directly.
// Thread safety: a Store may be shared between threads; each call is atomic.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "domain/plan.h"
#include "domain/region.h"

namespace carbonpeak::store {

/// Who writes, from where, and why. `time` is filled by the store from its Clock.
struct WriteContext {
  std::string author;  ///< User or system name, e.g. "admin", "demo-loader".
  std::string source;  ///< File and cell, API call, or document the figure came from.
  std::string reason;  ///< Why this write happened (required for corrections).
};

// ----------------------------------------------------------------------------- regions

class RegionRepository {
 public:
  virtual ~RegionRepository() = default;
  /// Adds a region. kAlreadyExists when the code is taken, kInvalidArgument when the parent is
  /// unknown (except for provinces).
  virtual Status Add(const domain::Region& region, const WriteContext& ctx) = 0;
  virtual Result<domain::Region> Get(const std::string& code) = 0;
  /// All regions ordered by code.
  virtual Result<std::vector<domain::Region>> List() = 0;
};

// ----------------------------------------------------------------------------- plans

struct PlanSummary {
  int64_t id = 0;
  std::string region_code;
  std::string title;
  std::string doc_number;
  domain::PlanStatus status = domain::PlanStatus::kFinal;
  int base_year = 0;
  int target_count = 0;
  int task_count = 0;
  int project_count = 0;
  Timestamp created_at;
};

/// One stored state of a target's figures.
struct TargetRevision {
  int64_t revision = 0;  ///< 1 for the imported state, then 2, 3 …
  domain::Target target;
  std::string author;
  Timestamp recorded_at;
  std::string source;
  std::string reason;
};

class PlanRepository {
 public:
  virtual ~PlanRepository() = default;
  /// Stores a whole plan in one transaction and returns its id. kAlreadyExists when a plan for
  /// the same region and status exists. The plan must already be validated.
  virtual Result<int64_t> Create(const domain::Plan& plan, const WriteContext& ctx) = 0;
  virtual Result<std::vector<PlanSummary>> List() = 0;
  /// The plan with every target at its latest revision, or as of `as_of` (kNotFound if the
  /// plan did not exist then).
  virtual Result<domain::Plan> Get(int64_t id, std::optional<Timestamp> as_of = std::nullopt) = 0;
  /// Id of the plan for a region (final preferred over draft); kNotFound when none.
  virtual Result<int64_t> FindByRegion(const std::string& region_code) = 0;
  /// Adds a revision to a target (e.g. the value the city assigned to a delegated target).
  /// Only value, value_high, kind, unit, qualifier, note and base_year may change.
  virtual Result<TargetRevision> ReviseTarget(int64_t target_id, const domain::Target& revised,
                                              const WriteContext& ctx) = 0;
  /// All revisions of a target, oldest first.
  virtual Result<std::vector<TargetRevision>> TargetHistory(int64_t target_id) = 0;
};

// ----------------------------------------------------------------------------- figures

/// Identifies one statistical figure: a region's value of an indicator or statistic for a
/// period, optionally split by dimensions ("sector=industry;carrier=raw_coal").
struct FigureKey {
  std::string region_code;
  std::string item;    ///< Indicator key or statistic code.
  std::string period;  ///< "2023", "2023Q1", "2023-05".
  std::string dims;    ///< Canonical "k=v;k=v" sorted by key; empty when none.
  auto operator<=>(const FigureKey&) const = default;
};

struct FigureRevision {
  int64_t revision = 0;
  double value = 0;
  std::string unit;
  std::string author;
  Timestamp recorded_at;
  std::string source;
  std::string reason;
};

struct Figure {
  FigureKey key;
  FigureRevision revision;  ///< The revision in force at the time asked for.
};

class FigureRepository {
 public:
  virtual ~FigureRepository() = default;
  /// Adds a revision (the first one creates the figure). Returns it.
  virtual Result<FigureRevision> Put(const FigureKey& key, double value, const std::string& unit,
                                     const WriteContext& ctx) = 0;
  /// Stores many figures in one transaction: all or nothing.
  virtual Result<std::vector<FigureRevision>> PutAll(const std::vector<Figure>& figures,
                                                     const WriteContext& ctx) = 0;
  /// Latest revision, or the one in force at `as_of`; kNotFound when none.
  virtual Result<FigureRevision> Get(const FigureKey& key,
                                     std::optional<Timestamp> as_of = std::nullopt) = 0;
  virtual Result<std::vector<FigureRevision>> History(const FigureKey& key) = 0;
  /// Figures of a region (all items when `item` is empty), each at latest or `as_of`.
  virtual Result<std::vector<Figure>> List(const std::string& region_code,
                                           const std::string& item = "",
                                           std::optional<Timestamp> as_of = std::nullopt) = 0;
};

// ----------------------------------------------------------------------------- audit

struct AuditEntry {
  int64_t id = 0;
  Timestamp time;
  std::string actor;
  std::string action;  ///< "plan.create", "target.revise", "figure.put", "region.add" …
  std::string entity;  ///< "plan:3", "target:17", "figure:430703/gdp/2023/" …
  std::string before;  ///< JSON, empty for creations.
  std::string after;   ///< JSON.
  std::string source;
  std::string reason;
};

struct AuditQuery {
  std::string entity_prefix;  ///< e.g. "plan:3"; empty for all.
  int64_t after_id = 0;       ///< For paging: entries with id > after_id.
  int limit = 100;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  /// Entries in id order.
  virtual Result<std::vector<AuditEntry>> List(const AuditQuery& query) = 0;
};

// ----------------------------------------------------------------------------- store

class Store {
 public:
  virtual ~Store() = default;
  virtual RegionRepository& regions() = 0;
  virtual PlanRepository& plans() = 0;
  virtual FigureRepository& figures() = 0;
  virtual AuditLog& audit() = 0;
  /// Schema version the store is at (the highest applied migration).
  virtual int schema_version() const = 0;
};

}  // namespace carbonpeak::store
