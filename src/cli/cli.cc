#include "cli/cli.h"

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "app/accounting.h"
#include "app/app.h"
#include "base/file.h"
#include "cli/data_command.h"
#include "cli/monitor_command.h"
#include "cli/plan_import_command.h"
#include "cli/table.h"
#include "cli/user_command.h"
#include "planimport/planimport.h"
#include "server/server.h"

namespace carbonpeak::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Globals {
  std::string data_dir = "var";
  std::string resources;
  bool json = false;
};

std::string FormatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

/// "≈23", "≥58", "5～10", "(定性)" …
std::string FormatTargetValue(const domain::Target& t) {
  std::string v = t.value ? FormatNumber(*t.value) : "";
  switch (t.kind) {
    case domain::TargetKind::kPoint:
      return v;
    case domain::TargetKind::kAtLeast:
      return "≥" + v;
    case domain::TargetKind::kAtMost:
      return "≤" + v;
    case domain::TargetKind::kAbout:
      return "≈" + v;
    case domain::TargetKind::kRange:
      return v + "～" + (t.value_high ? FormatNumber(*t.value_high) : "");
    case domain::TargetKind::kQualitative:
      return "(定性 qualitative)";
    case domain::TargetKind::kDelegated:
      return t.value ? "=" + v + " (上级下达)" : "(待上级下达 delegated)";
  }
  return v;
}

std::string IndicatorName(const app::Platform& p, const std::string& key) {
  const refdata::IndicatorDef* def = p.refdata().indicators.Find(key);
  return def != nullptr ? def->name_zh : key;
}

class Commands {
 public:
  Commands(std::ostream& out, std::ostream& err, const Clock& clock, const Globals& g)
      : out_(out), err_(err), clock_(clock), g_(g) {}

  Result<std::unique_ptr<app::Platform>> Open(const std::string& data_dir) {
    app::Options options;
    options.data_dir = data_dir;
    options.resource_dir = g_.resources;
    return app::Platform::Open(options, clock_);
  }
  Result<std::unique_ptr<app::Platform>> Open() { return Open(g_.data_dir); }

  Status PlanImportJson(const std::string& file, const std::string& author) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_ASSIGN_OR_RETURN(int64_t id, p->ImportPlanJsonFile(file, author));
    CPK_ASSIGN_OR_RETURN(domain::Plan plan, p->store().plans().Get(id));
    if (g_.json) {
      out_ << json{{"id", id}, {"region_code", plan.region_code}, {"targets", plan.targets.size()}}
                  .dump()
           << "\n";
    } else {
      out_ << "imported plan " << id << " (" << plan.region_code << " " << plan.title
           << "): " << plan.targets.size() << " targets, " << plan.actions.size() << " actions, "
           << plan.projects.size() << " projects\n";
    }
    return Status::Ok();
  }

  Status PlanList() {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_ASSIGN_OR_RETURN(auto plans, p->store().plans().List());
    if (g_.json) {
      json items = json::array();
      for (const auto& s : plans) {
        items.push_back(json{{"id", s.id},
                             {"region_code", s.region_code},
                             {"title", s.title},
                             {"status", std::string(domain::PlanStatusName(s.status))},
                             {"targets", s.target_count},
                             {"tasks", s.task_count},
                             {"projects", s.project_count}});
      }
      out_ << items.dump(2) << "\n";
      return Status::Ok();
    }
    TextTable t({"id", "区划", "名称 title", "状态", "文号", "目标", "任务", "项目"});
    for (const auto& s : plans) {
      std::string region = s.region_code;
      if (auto r = p->store().regions().Get(s.region_code); r.ok()) region += " " + r->name;
      t.AddRow({std::to_string(s.id), region, s.title,
                s.status == domain::PlanStatus::kDraft ? "征求意见稿" : "正式", s.doc_number,
                std::to_string(s.target_count), std::to_string(s.task_count),
                std::to_string(s.project_count)});
    }
    out_ << t.Render();
    if (plans.empty())
      out_ << "(no plans yet: import one with `carbonpeak plan import-json FILE`)\n";
    return Status::Ok();
  }

  Status PlanShow(const std::string& selector, const std::string& as_of_text) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    std::optional<Timestamp> as_of;
    if (!as_of_text.empty()) {
      CPK_ASSIGN_OR_RETURN(Timestamp t, ParseTimestamp(as_of_text));
      as_of = t;
    }
    CPK_ASSIGN_OR_RETURN(domain::Plan plan, p->GetPlan(selector, as_of));
    if (g_.json) {
      out_ << planimport::PlanToJson(plan) << "\n";
      return Status::Ok();
    }
    std::string region = plan.region_code;
    if (auto r = p->store().regions().Get(plan.region_code); r.ok()) region += " " + r->name;
    out_ << plan.title << "\n"
         << "  plan id " << plan.id << " · 区划 " << region << " · "
         << (plan.status == domain::PlanStatus::kDraft ? "征求意见稿 draft" : "正式 final")
         << " · 基准年 " << plan.base_year;
    if (!plan.doc_number.empty()) out_ << " · " << plan.doc_number;
    if (!plan.issue_date.empty()) out_ << " · " << plan.issue_date;
    if (as_of) out_ << " · as of " << FormatTimestamp(*as_of);
    out_ << "\n\n目标 targets (" << plan.targets.size() << ")\n";
    TextTable t({"id", "指标 indicator", "年份", "目标值", "单位", "限定", "行", "key"});
    for (const auto& target : plan.targets) {
      t.AddRow({std::to_string(target.id), IndicatorName(*p, target.indicator),
                target.year != 0 ? std::to_string(target.year) : "—", FormatTargetValue(target),
                target.unit, target.qualifier,
                target.provenance.line > 0 ? "L" + std::to_string(target.provenance.line) : "",
                target.indicator});
    }
    out_ << t.Render(40);
    out_ << "\n行动 actions (" << plan.actions.size() << ")\n";
    TextTable a({"#", "行动 action", "任务", "承诺指标"});
    for (const auto& action : plan.actions) {
      size_t commitments = 0;
      for (const auto& task : action.tasks) commitments += task.commitments.size();
      a.AddRow({std::to_string(action.number), action.title, std::to_string(action.tasks.size()),
                std::to_string(commitments)});
    }
    out_ << a.Render();
    out_ << "\n责任单位 responsible units: " << plan.units.size()
         << " · 重大项目 projects: " << plan.projects.size() << "\n";
    return Status::Ok();
  }

  Status PlanExport(const std::string& selector, const std::string& output) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_ASSIGN_OR_RETURN(std::string text, p->ExportPlanJson(selector));
    if (output.empty() || output == "-") {
      out_ << text << "\n";
      return Status::Ok();
    }
    CPK_RETURN_IF_ERROR(WriteFileAtomic(output, text + "\n"));
    err_ << "wrote " << output << "\n";
    return Status::Ok();
  }

  Status TargetRevise(int64_t id, std::optional<double> value, std::optional<double> high,
                      const std::string& kind, const std::string& unit,
                      const store::WriteContext& ctx) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_ASSIGN_OR_RETURN(auto history, p->store().plans().TargetHistory(id));
    if (history.empty()) return Status::NotFound("target " + std::to_string(id) + " not found");
    domain::Target revised = history.back().target;
    if (value) revised.value = value;
    if (high) revised.value_high = high;
    if (!unit.empty()) revised.unit = unit;
    if (!kind.empty()) {
      auto k = domain::ParseTargetKind(kind);
      if (!k) {
        return Status::InvalidArgument("--kind '" + kind +
                                       "' is not a target kind; use point, at_least, at_most, "
                                       "about, range, qualitative or delegated");
      }
      revised.kind = *k;
    }
    CPK_ASSIGN_OR_RETURN(store::TargetRevision rev, p->ReviseTarget(id, revised, ctx));
    out_ << "target " << id << " now at revision " << rev.revision << ": "
         << FormatTargetValue(rev.target) << " " << rev.target.unit << "\n";
    return Status::Ok();
  }

  Status TargetHistory(int64_t id) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_ASSIGN_OR_RETURN(auto history, p->store().plans().TargetHistory(id));
    if (g_.json) {
      json items = json::array();
      for (const auto& rev : history) {
        items.push_back(json{{"revision", rev.revision},
                             {"target", json::parse(planimport::TargetToJson(rev.target))},
                             {"author", rev.author},
                             {"recorded_at", FormatTimestamp(rev.recorded_at)},
                             {"source", rev.source},
                             {"reason", rev.reason}});
      }
      out_ << items.dump(2) << "\n";
      return Status::Ok();
    }
    TextTable t(
        {"rev", "目标值", "单位", "作者 author", "时间 recorded", "来源 source", "原因 reason"});
    for (const auto& rev : history) {
      t.AddRow({std::to_string(rev.revision), FormatTargetValue(rev.target), rev.target.unit,
                rev.author, FormatTimestamp(rev.recorded_at), rev.source, rev.reason});
    }
    out_ << t.Render();
    return Status::Ok();
  }

  Status RegionList() {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_ASSIGN_OR_RETURN(auto regions, p->store().regions().List());
    if (g_.json) {
      json items = json::array();
      for (const auto& r : regions) {
        items.push_back(json{{"code", r.code},
                             {"name", r.name},
                             {"level", std::string(domain::RegionLevelName(r.level))},
                             {"parent_code", r.parent_code}});
      }
      out_ << items.dump(2) << "\n";
      return Status::Ok();
    }
    TextTable t({"代码 code", "名称 name", "级别 level", "上级 parent"});
    for (const auto& r : regions) {
      t.AddRow({r.code, r.name, std::string(domain::RegionLevelName(r.level)), r.parent_code});
    }
    out_ << t.Render();
    return Status::Ok();
  }

  Status RegionAdd(const domain::Region& region, const std::string& author) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    CPK_RETURN_IF_ERROR(p->AddRegion(region, author));
    out_ << "added " << region.code << " " << region.name << " under " << region.parent_code
         << "\n";
    return Status::Ok();
  }

  Status RefdataCheck() {
    app::Options options;
    options.resource_dir = g_.resources.empty() ? app::DefaultResourceDir() : g_.resources;
    CPK_ASSIGN_OR_RETURN(refdata::RefData ref, refdata::LoadRefData(options.resource_dir));
    size_t computed = 0;
    for (const auto& def : ref.indicators.all()) {
      if (def.source == refdata::IndicatorSource::kComputed) ++computed;
    }
    if (g_.json) {
      out_ << json{{"resources", options.resource_dir},
                   {"indicators", ref.indicators.all().size()},
                   {"computed_indicators", computed},
                   {"regions", ref.regions.size()}}
                  .dump()
           << "\n";
    } else {
      out_ << "reference data in " << options.resource_dir
           << " is valid: " << ref.indicators.all().size() << " indicators (" << computed
           << " computed), " << ref.regions.size() << " regions\n";
    }
    return Status::Ok();
  }

  Status Serve(app::Platform& p, const std::string& host, int port, const std::string& web) {
    // Block SIGINT/SIGTERM in every thread; one thread waits for them and stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    server::ServeOptions options{host, port, web};
    if (options.web_dir.empty()) {
      fs::path candidate = fs::path(p.options().resource_dir).parent_path() / "web" / "dist";
      std::error_code ec;
      if (fs::is_directory(candidate, ec)) options.web_dir = candidate.string();
    }
    server::PlatformServer srv(p, options);
    CPK_ASSIGN_OR_RETURN(int bound, srv.Start());
    out_ << "carbonpeak serving http://" << host << ":" << bound << "/  (API under /api/v1; "
         << "database " << p.options().data_dir << "/" << p.options().database
         << "; Ctrl-C stops)\n";
    out_.flush();
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      srv.Stop();
    });
    srv.Wait();
    // If the server ended by itself, wake the waiter.
    kill(getpid(), SIGTERM);
    waiter.join();
    out_ << "stopped\n";
    return Status::Ok();
  }

  Status ServeCommand(const std::string& host, int port, const std::string& web) {
    CPK_ASSIGN_OR_RETURN(auto p, Open());
    return Serve(*p, host, port, web);
  }

  Status Demo(const std::string& data_dir, const std::string& host, int port,
              const std::string& web) {
    // The demo always starts from a fresh database in its own folder.
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ec;
      fs::remove(fs::path(data_dir) / (std::string("carbonpeak.db") + suffix), ec);
    }
    std::error_code ec;
    fs::remove_all(fs::path(data_dir) / "monitor", ec);  // the monitoring log of an earlier demo
    CPK_ASSIGN_OR_RETURN(auto p, Open(data_dir));
    CPK_ASSIGN_OR_RETURN(int loaded, p->LoadDemo());
    out_ << "demo: loaded " << loaded << " plans into " << data_dir << "/carbonpeak.db\n";
    CPK_ASSIGN_OR_RETURN(size_t figures, app::LoadDemoStatistics(*p));
    out_
        << "demo: loaded " << figures
        << " statistical figures for 鼎城区 2020–2024 (SYNTHETIC demo data, not real statistics)\n";
    CPK_RETURN_IF_ERROR(CreateDemoUsers(*p, out_));
    CPK_RETURN_IF_ERROR(StartMonitorDemo(*p, out_));
    CPK_ASSIGN_OR_RETURN(auto plans, p->store().plans().List());
    for (const auto& s : plans) {
      out_ << "  plan " << s.id << "  " << s.region_code << "  " << s.title << "  ("
           << s.target_count << " targets)\n";
    }
    return Serve(*p, host, port, web);
  }

 private:
  std::ostream& out_;
  std::ostream& err_;
  const Clock& clock_;
  const Globals& g_;
};

}  // namespace

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return 3;
    case StatusCode::kNotFound:
      return 4;
    case StatusCode::kAlreadyExists:
      return 5;
    case StatusCode::kFailedPrecondition:
      return 6;
    case StatusCode::kUnavailable:
      return 7;
    default:
      return 1;
  }
}

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const Clock& clock) {
  CLI::App app{"carbonpeak 碳达峰管控平台 — a county's carbon-peak plan, data and targets",
               "carbonpeak"};
  app.require_subcommand(1);
  Globals g;
  app.add_option("--data", g.data_dir, "folder of the database (default: ./var)");
  app.add_option("--resources", g.resources,
                 "folder of the shipped reference data (default: the build's data/)");
  app.add_flag("--json", g.json, "machine-readable JSON output");

  Commands cmd(out, err, clock, g);
  Status result;

  // plan
  auto* plan = app.add_subcommand("plan", "plans: import, list, show, export");
  plan->require_subcommand(1);
  AddPlanImportCommand(
      plan, [&] { return cmd.Open(); }, &g.json, out, &result);
  std::string file, author = "cli", selector, as_of, output;
  auto* imp = plan->add_subcommand("import-json", "import a plan JSON file (docs/formats/plan.md)");
  imp->add_option("file", file, "plan JSON file")->required();
  imp->add_option("--author", author, "who imports it (kept in the audit log)");
  imp->callback([&] { result = cmd.PlanImportJson(file, author); });
  plan->add_subcommand("list", "list stored plans")->callback([&] { result = cmd.PlanList(); });
  auto* show = plan->add_subcommand("show", "show a plan's targets, actions and projects");
  show->add_option("plan", selector, "plan id or region code, e.g. 430703")->required();
  show->add_option("--as-of", as_of, "show the state at a time, e.g. 2024-05-01T12:00:00Z");
  show->callback([&] { result = cmd.PlanShow(selector, as_of); });
  auto* exp = plan->add_subcommand("export", "write a plan as JSON");
  exp->add_option("plan", selector, "plan id or region code")->required();
  exp->add_option("-o,--output", output, "output file (default: standard output)");
  exp->callback([&] { result = cmd.PlanExport(selector, output); });

  // target
  auto* target = app.add_subcommand("target", "revise a target's figures; show its history");
  target->require_subcommand(1);
  int64_t target_id = 0;
  std::optional<double> value, value_high;
  std::string kind, unit;
  store::WriteContext ctx{"cli", "cli", ""};
  auto* revise = target->add_subcommand("revise", "record a new revision of a target");
  revise->add_option("id", target_id, "target id (see `plan show`)")->required();
  revise->add_option("--value", value, "new value (low end of a range)");
  revise->add_option("--value-high", value_high, "new high end of a range");
  revise->add_option("--kind", kind, "new kind: point, at_least, at_most, about, range, …");
  revise->add_option("--unit", unit, "new unit");
  revise->add_option("--reason", ctx.reason, "why the figure changes")->required();
  revise->add_option("--source", ctx.source, "document or notice the new figure comes from");
  revise->add_option("--author", ctx.author, "who records it");
  revise->callback(
      [&] { result = cmd.TargetRevise(target_id, value, value_high, kind, unit, ctx); });
  auto* history = target->add_subcommand("history", "all revisions of a target");
  history->add_option("id", target_id, "target id")->required();
  history->callback([&] { result = cmd.TargetHistory(target_id); });

  // region
  auto* region = app.add_subcommand("region", "administrative regions (GB/T 2260)");
  region->require_subcommand(1);
  region->add_subcommand("list", "list regions")->callback([&] { result = cmd.RegionList(); });
  domain::Region new_region;
  new_region.level = domain::RegionLevel::kTownship;
  std::string level = "township";
  auto* add = region->add_subcommand("add", "add a township or other sub-region");
  add->add_option("--code", new_region.code, "region code, e.g. 430703100")->required();
  add->add_option("--name", new_region.name, "Chinese name")->required();
  add->add_option("--parent", new_region.parent_code, "parent region code")->required();
  add->add_option("--name-en", new_region.name_en, "English name");
  add->add_option("--level", level, "township (default), county, city or province");
  add->add_option("--author", author, "who adds it");
  add->callback([&] {
    auto l = domain::ParseRegionLevel(level);
    if (!l) {
      result = Status::InvalidArgument("--level '" + level +
                                       "' is not a level; use township, county, city or province");
      return;
    }
    new_region.level = *l;
    result = cmd.RegionAdd(new_region, author);
  });

  // refdata
  auto* ref = app.add_subcommand("refdata", "shipped reference tables");
  ref->require_subcommand(1);
  ref->add_subcommand("check", "load and validate every reference table")->callback([&] {
    result = cmd.RefdataCheck();
  });

  AddUserCommands(app, UserCommandEnv{[&] { return cmd.Open(); }, &out, &g.json, &result, nullptr});
  AddDataCommands(
      &app, [&] { return cmd.Open(); }, &g.json, out, &result);
  AddMonitorCommands(app,
                     MonitorCommandEnv{[&] { return cmd.Open(); }, &out, &g.json, &result, &clock});

  // serve, demo
  int port = 8080;
  std::string host = "127.0.0.1", web;
  auto* serve = app.add_subcommand("serve", "serve the API and dashboard");
  serve->add_option("--port", port, "TCP port (default 8080; 0 picks a free one)");
  serve->add_option("--host", host, "address to listen on (default 127.0.0.1)");
  serve->add_option("--web", web, "built dashboard folder (default: web/dist if present)");
  serve->callback([&] { result = cmd.ServeCommand(host, port, web); });
  std::string demo_dir = "var/demo";
  auto* demo = app.add_subcommand("demo", "fresh database with the demo plans, then serve");
  demo->add_option("--port", port, "TCP port (default 8080)");
  demo->add_option("--host", host, "address to listen on (default 127.0.0.1)");
  demo->add_option("--web", web, "built dashboard folder");
  demo->add_option("--data", demo_dir, "folder for the demo database (default ./var/demo)");
  demo->callback([&] { result = cmd.Demo(demo_dir, host, port, web); });

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // program name
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    // Help of the subcommand that was being parsed is the most useful hint.
    err << "error: " << e.what() << "\n";
    err << "run `carbonpeak --help` (or `carbonpeak <command> --help`) for usage\n";
    return 2;
  }
  if (!result.ok()) {
    err << "error: " << result.message() << "\n";
    return ExitCodeFor(result);
  }
  return 0;
}

}  // namespace carbonpeak::cli
