// Use cases shared by the CLI and the server: open the platform (reference data + store), import
// and export plans, resolve a plan by id or region, revise targets, load the demo. Each use case
// loads inputs, calls pure code (validation, codecs) and saves through the store, so the server
// and the CLI behave the same.
//
//   app::Options options{.data_dir = "var", .resource_dir = app::DefaultResourceDir()};
//   CPK_ASSIGN_OR_RETURN(auto platform, app::Platform::Open(options, clock));
//   CPK_ASSIGN_OR_RETURN(int64_t id, platform->ImportPlanJsonFile("plan.json", "office"));
//   CPK_ASSIGN_OR_RETURN(domain::Plan plan, platform->GetPlan("430703"));
//
// Thread safety: a Platform may be shared by server threads (the store serialises writes; the
// reference data is immutable after Open). Failure: every use case returns a Status whose
// message names the file, field or record and what to do; a failed write stores nothing.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "domain/plan.h"
#include "domain/region.h"
#include "refdata/refdata.h"
#include "store/store.h"

namespace carbonpeak::monitor {
class Engine;
}  // namespace carbonpeak::monitor

namespace carbonpeak::app {

struct Options {
  /// Folder holding the database (carbonpeak.db); created when missing.
  std::string data_dir = "var";
  /// Folder holding the shipped tables (indicators.csv, regions.csv, refdata/, demo/).
  std::string resource_dir;
  /// Database file name inside data_dir, or ":memory:" for an in-memory store.
  std::string database = "carbonpeak.db";
  /// Region whose user factors (overrides, 发电煤耗) the monitoring engine converts with; empty
  /// for the reference tables alone (app/monitoring.h).
  std::string monitor_region;
};

/// The shipped `data/` folder: $CARBONPEAK_RESOURCES, else the one next to the executable's
/// source tree recorded at build time, else "./data".
std::string DefaultResourceDir();

class Platform {
 public:
  /// Loads and validates the reference data, opens (and migrates) the store and makes sure the
  /// built-in regions are stored.
  static Result<std::unique_ptr<Platform>> Open(const Options& options, const Clock& clock);
  /// Stops the monitor's background feeds and closes the monitoring engine.
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  const Clock& clock() const { return *clock_; }

  /// The monitoring engine under <data_dir>/monitor/ (in memory for an in-memory store), opened
  /// on first use with the factor set of options().monitor_region (app/monitoring.h).
  Result<monitor::Engine*> Monitor();
  /// Runs `stop` before the monitoring engine closes (e.g. joins a live feed's thread).
  void OnMonitorClose(std::function<void()> stop);
  /// Stops the feeds registered with OnMonitorClose and closes the engine; the next Monitor()
  /// opens it again (replaying its log). Also done by the destructor. Pointers from Monitor()
  /// die with it: call it only when nothing else uses the engine (set-up, shutdown).
  void CloseMonitor();
  /// Sets Options::monitor_region (used when the engine next opens; see SetMonitorRegion).
  void set_monitor_region(const std::string& region_code);

  const refdata::RefData& refdata() const { return refdata_; }
  store::Store& store() { return *store_; }
  const Options& options() const { return options_; }

  /// Parses, validates and stores a plan JSON document; all or nothing. Returns the plan id.
  Result<int64_t> ImportPlanJson(std::string_view json, const std::string& file_name,
                                 const std::string& author);
  Result<int64_t> ImportPlanJsonFile(const std::string& path, const std::string& author);

  /// `selector` is a plan id ("3") or a region code ("430703").
  Result<int64_t> ResolvePlan(const std::string& selector);
  Result<domain::Plan> GetPlan(const std::string& selector,
                               std::optional<Timestamp> as_of = std::nullopt);
  Result<std::string> ExportPlanJson(const std::string& selector);

  /// Records a new revision of a target's figures (e.g. the value the city assigned).
  Result<store::TargetRevision> ReviseTarget(int64_t target_id, const domain::Target& revised,
                                             const store::WriteContext& ctx);

  /// Adds a township (or other sub-region) under an existing region.
  Status AddRegion(const domain::Region& region, const std::string& author);

  /// Imports every plan under resource_dir/demo/ that is not stored yet. Returns how many.
  Result<int> LoadDemo();

 private:
  Platform(Options options, refdata::RefData refdata, std::unique_ptr<store::Store> store,
           const Clock& clock);

  Options options_;
  refdata::RefData refdata_;
  std::unique_ptr<store::Store> store_;
  const Clock* clock_;

  std::mutex monitor_mutex_;
  std::unique_ptr<monitor::Engine> monitor_;            // guarded by monitor_mutex_
  std::vector<std::function<void()>> monitor_closers_;  // guarded by monitor_mutex_
};

/// Finds a target by id inside a plan; nullptr when absent. Looks at commitments too.
const domain::Target* FindTarget(const domain::Plan& plan, int64_t target_id);

}  // namespace carbonpeak::app
