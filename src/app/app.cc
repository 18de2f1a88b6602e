#include "app/app.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "app/monitoring.h"
#include "base/file.h"
#include "monitor/monitor.h"
#include "planimport/planimport.h"
#include "store/sqlite/sqlite_store.h"

#ifndef CPK_DEFAULT_RESOURCE_DIR
#define CPK_DEFAULT_RESOURCE_DIR "data"
#endif

namespace carbonpeak::app {
namespace fs = std::filesystem;

std::string DefaultResourceDir() {
  if (const char* env = std::getenv("CARBONPEAK_RESOURCES"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  if (fs::is_regular_file(fs::path(CPK_DEFAULT_RESOURCE_DIR) / "indicators.csv", ec)) {
    return CPK_DEFAULT_RESOURCE_DIR;
  }
  return "data";
}

Result<std::unique_ptr<Platform>> Platform::Open(const Options& options, const Clock& clock) {
  Options opts = options;
  if (opts.resource_dir.empty()) opts.resource_dir = DefaultResourceDir();
  CPK_ASSIGN_OR_RETURN(refdata::RefData ref, refdata::LoadRefData(opts.resource_dir));

  std::string db_path = opts.database;
  if (db_path != ":memory:") {
    std::error_code ec;
    fs::create_directories(opts.data_dir, ec);
    if (ec) {
      return Status::FailedPrecondition("cannot create the data folder '" + opts.data_dir +
                                        "': " + ec.message() + "; choose another with --data");
    }
    db_path = (fs::path(opts.data_dir) / opts.database).string();
  }
  CPK_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::sqlite::OpenStore(db_path, clock));

  // Built-in regions (provinces first so parents exist before children).
  CPK_ASSIGN_OR_RETURN(std::vector<domain::Region> stored, st->regions().List());
  std::vector<domain::Region> builtin = ref.regions;
  std::stable_sort(builtin.begin(), builtin.end(), [](const auto& a, const auto& b) {
    return static_cast<int>(a.level) < static_cast<int>(b.level);
  });
  for (const domain::Region& region : builtin) {
    bool present = std::any_of(stored.begin(), stored.end(),
                               [&](const domain::Region& r) { return r.code == region.code; });
    if (present) continue;
    CPK_RETURN_IF_ERROR(st->regions().Add(
        region, store::WriteContext{"system", "data/regions.csv", "built-in region"}));
  }
  return std::unique_ptr<Platform>(
      new Platform(std::move(opts), std::move(ref), std::move(st), clock));
}

Platform::Platform(Options options, refdata::RefData refdata, std::unique_ptr<store::Store> store,
                   const Clock& clock)
    : options_(std::move(options)),
      refdata_(std::move(refdata)),
      store_(std::move(store)),
      clock_(&clock) {}

Platform::~Platform() { CloseMonitor(); }

Result<monitor::Engine*> Platform::Monitor() {
  std::lock_guard<std::mutex> lock(monitor_mutex_);
  if (monitor_ == nullptr) {
    CPK_ASSIGN_OR_RETURN(monitor_, OpenMonitorEngine(*this));
  }
  return monitor_.get();
}

void Platform::set_monitor_region(const std::string& region_code) {
  std::lock_guard<std::mutex> lock(monitor_mutex_);
  options_.monitor_region = region_code;
}

void Platform::OnMonitorClose(std::function<void()> stop) {
  std::lock_guard<std::mutex> lock(monitor_mutex_);
  monitor_closers_.push_back(std::move(stop));
}

void Platform::CloseMonitor() {
  std::vector<std::function<void()>> closers;
  {
    std::lock_guard<std::mutex> lock(monitor_mutex_);
    closers.swap(monitor_closers_);
  }
  // Feeds may be inside Monitor() or an ingest: stop them without holding the lock.
  for (auto it = closers.rbegin(); it != closers.rend(); ++it) (*it)();
  std::lock_guard<std::mutex> lock(monitor_mutex_);
  monitor_.reset();
}

Result<int64_t> Platform::ImportPlanJson(std::string_view json, const std::string& file_name,
                                         const std::string& author) {
  CPK_ASSIGN_OR_RETURN(domain::Plan plan, planimport::PlanFromJson(json, file_name));
  CPK_ASSIGN_OR_RETURN(std::vector<domain::Region> regions, store_->regions().List());
  CPK_RETURN_IF_ERROR(
      planimport::ValidatePlan(plan, refdata_.indicators, regions).WithContext(file_name));
  if (plan.source_document.empty()) plan.source_document = fs::path(file_name).filename().string();
  return store_->plans().Create(
      plan, store::WriteContext{author, fs::path(file_name).filename().string(), "plan import"});
}

Result<int64_t> Platform::ImportPlanJsonFile(const std::string& path, const std::string& author) {
  CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ImportPlanJson(text, path, author);
}

Result<int64_t> Platform::ResolvePlan(const std::string& selector) {
  if (selector.empty())
    return Status::InvalidArgument("no plan given; use a plan id or a region code");
  bool digits =
      std::all_of(selector.begin(), selector.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return Status::InvalidArgument("'" + selector +
                                   "' is neither a plan id nor a region code; see `plan list`");
  }
  if (selector.size() >= 6) {
    auto id = store_->plans().FindByRegion(selector);
    if (!id.ok() && id.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("no plan is stored for region " + selector +
                              "; import one with `plan import-json FILE`");
    }
    return id;
  }
  int64_t id = std::stoll(selector);
  CPK_RETURN_IF_ERROR(store_->plans().Get(id).status());
  return id;
}

Result<domain::Plan> Platform::GetPlan(const std::string& selector,
                                       std::optional<Timestamp> as_of) {
  CPK_ASSIGN_OR_RETURN(int64_t id, ResolvePlan(selector));
  return store_->plans().Get(id, as_of);
}

Result<std::string> Platform::ExportPlanJson(const std::string& selector) {
  CPK_ASSIGN_OR_RETURN(domain::Plan plan, GetPlan(selector));
  return planimport::PlanToJson(plan);
}

Result<store::TargetRevision> Platform::ReviseTarget(int64_t target_id,
                                                     const domain::Target& revised,
                                                     const store::WriteContext& ctx) {
  if (ctx.reason.empty()) {
    return Status::InvalidArgument(
        "a revision needs a reason (--reason): say why the figure "
        "changes, e.g. 'value assigned by the city, 常发改〔2024〕3号'");
  }
  if (const refdata::IndicatorDef* def = refdata_.indicators.Find(revised.indicator);
      def == nullptr) {
    return Status::InvalidArgument("unknown indicator '" + revised.indicator + "'");
  }
  return store_->plans().ReviseTarget(target_id, revised, ctx);
}

Status Platform::AddRegion(const domain::Region& region, const std::string& author) {
  return store_->regions().Add(region, store::WriteContext{author, "cli", "region added"});
}

Result<int> Platform::LoadDemo() {
  fs::path dir = fs::path(options_.resource_dir) / "demo";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("demo folder '" + dir.string() + "' is missing");
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  int imported = 0;
  for (const fs::path& file : files) {
    auto id = ImportPlanJsonFile(file.string(), "demo-loader");
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) continue;
      return id.status();
    }
    ++imported;
  }
  return imported;
}

const domain::Target* FindTarget(const domain::Plan& plan, int64_t target_id) {
  for (const auto& t : plan.targets) {
    if (t.id == target_id) return &t;
  }
  for (const auto& action : plan.actions) {
    for (const auto& task : action.tasks) {
      for (const auto& t : task.commitments) {
        if (t.id == target_id) return &t;
      }
    }
  }
  return nullptr;
}

}  // namespace carbonpeak::app
