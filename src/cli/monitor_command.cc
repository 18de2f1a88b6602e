#include "cli/monitor_command.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "app/monitoring.h"
#include "app/users.h"
#include "cli/table.h"
#include "monitor/monitor.h"
#include "monitor/simulator.h"
#include "server/auth/auth.h"
#include "server/http/http.h"

namespace carbonpeak::cli {
namespace {

using nlohmann::json;

struct Args {
  std::string author = "cli";
  std::string as_user;
  // registry
  domain::Enterprise enterprise;
  double energy_budget = 0, carbon_budget = 0;
  domain::Meter meter;
  std::string kind = "interval", interval = "15min";
  double register_max = 0;
  std::string county, industry, township;
  // ingest, queries
  std::string file;
  std::string level = "county", code, granularity, from, to, at, by = "energy";
  size_t n = 10;
  std::string alert_kind;
  bool open_only = false;
  size_t limit = 50;
  int64_t alert_id = 0;
  // simulate
  int enterprises = 5, days = 1;
  uint64_t seed = 1;
  double fault_rate = 0.02;
  std::string start, out, post, token;
  bool live = false, register_local = false;
  int interval_seconds = 5;
};

std::string Num(double v, int decimals = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Tonnes(const std::optional<double>& v) { return v ? Num(*v) : "missing"; }

json FiguresJson(const monitor::RollupState& state) {
  const app::RollupFigures f = app::FiguresOf(state);
  json j{{"count", f.count}, {"flagged", f.flagged}};
  for (int m = 0; m < monitor::kMeasureCount; ++m) {
    const std::string name(monitor::MeasureName(static_cast<monitor::Measure>(m)));
    j[name] = f.tonnes[m] ? json(*f.tonnes[m]) : json(nullptr);
    j[name + "_complete"] = f.complete[m];
  }
  return j;
}

class Runner {
 public:
  Runner(MonitorCommandEnv env, Args& args) : env_(std::move(env)), args_(args) {}

  void Run(const std::function<Status()>& body) { *env_.result = body(); }
  bool json_mode() const { return env_.json != nullptr && *env_.json; }
  std::ostream& out() { return *env_.out; }

  Result<std::unique_ptr<app::Platform>> Open() { return env_.open(); }

  /// The local operator, or --as USER.
  Result<store::User> Actor(app::Platform& platform) {
    if (args_.as_user.empty()) {
      store::User user;
      user.username = args_.author;
      user.role = store::Role::kAdmin;
      return user;
    }
    CPK_ASSIGN_OR_RETURN(store::AccountStore * accounts, app::Accounts(platform));
    auto user = accounts->FindUser(args_.as_user);
    if (!user.ok()) return Status::NotFound("--as: no user '" + args_.as_user + "'");
    return *user;
  }

  const Clock& clock() {
    static const SystemClock system;
    return env_.clock != nullptr ? *env_.clock : system;
  }

 private:
  MonitorCommandEnv env_;
  Args& args_;
};

Result<std::optional<Timestamp>> OptionalTime(const std::string& text, const std::string& name) {
  if (text.empty()) return std::optional<Timestamp>();
  CPK_ASSIGN_OR_RETURN(Timestamp t, app::ParseLocalTime(text, name));
  return std::optional<Timestamp>(t);
}

Result<monitor::Granularity> GranularityOf(const std::string& text, monitor::Granularity fallback) {
  if (text.empty()) return fallback;
  auto g = monitor::ParseGranularity(text);
  if (!g) {
    return Status::InvalidArgument("--granularity '" + text +
                                   "' is not one of 15min, hour, day, month");
  }
  return *g;
}

void PrintIngest(Runner& r, const monitor::IngestResult& result) {
  if (r.json_mode()) {
    json errors = json::array();
    for (const auto& e : result.errors) errors.push_back(e.ToString());
    r.out() << json{{"accepted", result.accepted},
                    {"rows", result.rows},
                    {"new_readings", result.new_readings},
                    {"duplicates", result.duplicates},
                    {"corrections", result.corrections},
                    {"late", result.late},
                    {"alerts", result.alerts},
                    {"error_count", result.error_count},
                    {"errors", errors}}
                   .dump()
            << "\n";
    return;
  }
  if (result.accepted) {
    r.out() << "accepted: " << result.Summary() << "\n";
    return;
  }
  r.out() << "rejected: " << result.error_count << " row(s) with errors; nothing was stored\n";
  for (const auto& e : result.errors) r.out() << "  " << e.ToString() << "\n";
  if (result.error_count > result.errors.size()) {
    r.out() << "  … and " << (result.error_count - result.errors.size()) << " more\n";
  }
}

// ----- simulate

struct Target {
  std::string host;
  int port = 0;
};

Result<Target> ParseUrl(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  if (url.rfind("https://", 0) == 0) {
    return Status::InvalidArgument(
        "--post: https is not supported; post to the server directly "
        "(http://HOST:PORT)");
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  const size_t colon = rest.rfind(':');
  Target t;
  t.host = rest.substr(0, colon);
  t.port = colon == std::string::npos ? 80 : std::atoi(rest.c_str() + colon + 1);
  if (t.host.empty() || t.port <= 0 || rest.find('/') != std::string::npos) {
    return Status::InvalidArgument("--post: '" + url + "' is not http://HOST:PORT");
  }
  return t;
}

Status Post(const Target& target, const std::string& token, const std::string& path,
            const std::string& body, std::string* answer = nullptr) {
  CPK_ASSIGN_OR_RETURN(server::http::ClientResponse res,
                       server::http::Fetch("POST", target.host, target.port, path, body,
                                           {{"Authorization", "Bearer " + token},
                                            {"Content-Type", "application/json"}}));
  if (answer != nullptr) *answer = res.body;
  if (res.status >= 200 && res.status < 300) return Status::Ok();
  return Status::FailedPrecondition("POST " + path + " answered " + std::to_string(res.status) +
                                    ": " + res.body.substr(0, 600));
}

Status RegisterRemote(Runner& r, const Target& target, const std::string& token,
                      const monitor::Simulator& sim) {
  for (const domain::Enterprise& e : sim.enterprises()) {
    json body{{"credit_code", e.credit_code},
              {"name", e.name},
              {"industry_code", e.industry_code},
              {"township_code", e.township_code},
              {"county_code", e.county_code},
              {"key_unit", e.key_unit},
              {"annual_energy_budget_tce", *e.annual_energy_budget_tce}};
    Status s = Post(target, token, "/api/v1/monitor/enterprises", body.dump());
    if (!s.ok()) {
      r.out() << "note: could not register the enterprises (" << s.message().substr(0, 200)
              << "); assuming they are registered\n";
      return Status::Ok();
    }
  }
  for (const domain::Meter& m : sim.meters()) {
    json body{{"code", m.code},
              {"name", m.name},
              {"carrier", m.carrier},
              {"unit", m.unit},
              {"multiplier", m.multiplier},
              {"kind", domain::MeterKindName(m.kind)},
              {"interval", domain::MeterIntervalName(m.interval)},
              {"register_max", m.register_max ? json(*m.register_max) : json(nullptr)}};
    CPK_RETURN_IF_ERROR(Post(
        target, token, "/api/v1/monitor/enterprises/" + m.enterprise + "/meters", body.dump()));
  }
  return Status::Ok();
}

Status Simulate(Runner& r, const Args& a) {
  if (a.enterprises < 1 || a.enterprises > 100000) {
    return Status::InvalidArgument("--enterprises must be from 1 to 100000");
  }
  if (a.days < 0 || a.days > 3660) return Status::InvalidArgument("--days must be 0 to 3660");
  if (a.out.empty() == a.post.empty()) {
    return Status::InvalidArgument("give either --out FILE.csv or --post http://HOST:PORT");
  }
  if (!a.post.empty() && a.token.empty()) {
    return Status::InvalidArgument("--post needs --token (an API token of the server)");
  }
  monitor::SimulatorOptions options;
  options.enterprises = a.enterprises;
  options.seed = a.seed;
  options.fault_rate = a.fault_rate;
  monitor::Simulator sim(options);
  const Timestamp now = r.clock().Now();
  const Timestamp end = app::BucketStart(now, monitor::Granularity::k15Min);
  Timestamp from = Timestamp{app::BucketStart(now, monitor::Granularity::kDay).micros -
                             static_cast<int64_t>(a.days) * 86400 * 1000000};
  if (!a.start.empty()) {
    CPK_ASSIGN_OR_RETURN(from, app::ParseLocalTime(a.start, "--start"));
  }
  Timestamp until = end;
  if (!a.start.empty()) {
    until = Timestamp{from.micros + static_cast<int64_t>(std::max(a.days, 1)) * 86400 * 1000000};
  }

  if (!a.out.empty()) {
    if (a.register_local) {
      CPK_ASSIGN_OR_RETURN(auto platform, r.Open());
      CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, platform->Monitor());
      CPK_RETURN_IF_ERROR(engine->RegisterAll(sim.enterprises(), sim.meters()));
    }
    std::ofstream file(a.out, std::ios::binary);
    if (!file) return Status::FailedPrecondition("--out: cannot write '" + a.out + "'");
    size_t rows = 0;
    for (Timestamp day = from; day < until;) {
      const Timestamp next = std::min(Timestamp{day.micros + 86400LL * 1000000}, until);
      std::vector<domain::Reading> readings = sim.Generate(day, next);
      std::string csv = monitor::ReadingsToCsv(readings);
      if (day != from) csv.erase(0, csv.find('\n') + 1);  // one header
      file << csv;
      rows += readings.size();
      day = next;
    }
    if (!file) return Status::DataLoss("--out: writing '" + a.out + "' failed");
    r.out() << "wrote " << rows << " SYNTHETIC readings of " << sim.enterprises().size()
            << " enterprises (" << sim.meters().size() << " meters, " << sim.faults().size()
            << " injected faults) to " << a.out << "\n";
    if (!a.register_local) {
      r.out() << "register them first with `carbonpeak monitor simulate … --register`\n";
    }
    return Status::Ok();
  }

  CPK_ASSIGN_OR_RETURN(Target target, ParseUrl(a.post));
  CPK_RETURN_IF_ERROR(RegisterRemote(r, target, a.token, sim));
  size_t sent = 0, batches = 0;
  auto send = [&](const std::vector<domain::Reading>& readings) -> Status {
    for (size_t begin = 0; begin < readings.size(); begin += 10000) {
      std::vector<domain::Reading> part(
          readings.begin() + static_cast<std::ptrdiff_t>(begin),
          readings.begin() + static_cast<std::ptrdiff_t>(std::min(readings.size(), begin + 10000)));
      std::string answer;
      CPK_RETURN_IF_ERROR(Post(target, a.token, "/api/v1/monitor/readings",
                               monitor::ReadingsToJson(part, "simulate-" + std::to_string(batches)),
                               &answer));
      sent += part.size();
      ++batches;
    }
    return Status::Ok();
  };
  for (Timestamp day = from; day < until;) {
    const Timestamp next = std::min(Timestamp{day.micros + 86400LL * 1000000}, until);
    CPK_RETURN_IF_ERROR(send(sim.Generate(day, next)));
    day = next;
  }
  r.out() << "posted " << sent << " SYNTHETIC readings in " << batches << " batches to " << a.post
          << "\n";
  if (!a.live) return Status::Ok();
  r.out() << "live: a batch every " << a.interval_seconds << " s (Ctrl-C stops)\n";
  r.out().flush();
  Timestamp next = until;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::seconds(a.interval_seconds));
    const Timestamp t = r.clock().Now();
    const Timestamp done = app::BucketStart(t, monitor::Granularity::k15Min);
    std::vector<domain::Reading> readings;
    if (next < done) {
      readings = sim.Generate(next, done);
      next = done;
    }
    std::vector<domain::Reading> running = sim.InProgress(t);
    readings.insert(readings.end(), running.begin(), running.end());
    CPK_RETURN_IF_ERROR(send(readings));
  }
}

}  // namespace

void AddMonitorCommands(CLI::App& app, MonitorCommandEnv env) {
  auto args = std::make_shared<Args>();
  auto runner = std::make_shared<Runner>(env, *args);
  Args& a = *args;
  auto* monitor = app.add_subcommand("monitor", "online energy monitoring of enterprises");
  monitor->require_subcommand(1);
  auto actor_options = [&a](CLI::App* cmd) {
    cmd->add_option("--author", a.author, "who acts (recorded in the audit log; default cli)");
    cmd->add_option("--as", a.as_user, "act as this user, with its permissions");
  };

  // ----- enterprise
  auto* enterprise = monitor->add_subcommand("enterprise", "monitored enterprises");
  enterprise->require_subcommand(1);
  auto* eadd = enterprise->add_subcommand("add", "register an enterprise (or update it)");
  eadd->add_option("--credit-code", a.enterprise.credit_code, "统一社会信用代码 (18 characters)")
      ->required();
  eadd->add_option("--name", a.enterprise.name, "registered name")->required();
  eadd->add_option("--industry", a.enterprise.industry_code, "GB/T 4754 code, e.g. C3011")
      ->required();
  eadd->add_option("--township", a.enterprise.township_code, "township code")->required();
  eadd->add_option("--county", a.enterprise.county_code, "county code, e.g. 430703")->required();
  eadd->add_flag("--key-unit", a.enterprise.key_unit, "重点用能单位");
  eadd->add_option("--energy-budget", a.energy_budget, "annual energy budget, tce (当量值)");
  eadd->add_option("--carbon-budget", a.carbon_budget, "annual carbon budget, tCO2");
  actor_options(eadd);
  eadd->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      if (a.energy_budget > 0) a.enterprise.annual_energy_budget_tce = a.energy_budget;
      if (a.carbon_budget > 0) a.enterprise.annual_carbon_budget_tco2 = a.carbon_budget;
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(domain::Enterprise e, app::RegisterEnterprise(*p, a.enterprise, actor));
      if (runner->json_mode()) {
        runner->out() << json{{"credit_code", e.credit_code}, {"name", e.name}}.dump() << "\n";
      } else {
        runner->out() << "registered " << e.credit_code << " " << e.name << "\n";
      }
      return Status::Ok();
    });
  });
  auto* elist = enterprise->add_subcommand("list", "list monitored enterprises");
  elist->add_option("--county", a.county, "only this county");
  elist->add_option("--industry", a.industry, "industry code prefix");
  actor_options(elist);
  elist->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(auto list,
                           app::ListEnterprises(*p, actor, {a.county, a.industry, a.township}));
      json items = json::array();
      TextTable t({"credit code", "name", "industry", "township", "key", "budget tce"});
      for (const auto& e : list) {
        const std::string budget =
            e.annual_energy_budget_tce ? Num(*e.annual_energy_budget_tce, 0) : "";
        items.push_back(json{{"credit_code", e.credit_code},
                             {"name", e.name},
                             {"industry_code", e.industry_code},
                             {"township_code", e.township_code},
                             {"county_code", e.county_code},
                             {"key_unit", e.key_unit}});
        t.AddRow({e.credit_code, e.name, e.industry_code, e.township_code, e.key_unit ? "yes" : "",
                  budget});
      }
      if (runner->json_mode()) {
        runner->out() << json{{"items", items}, {"total", list.size()}}.dump() << "\n";
      } else {
        runner->out() << t.Render();
      }
      return Status::Ok();
    });
  });

  // ----- meter
  auto* meter = monitor->add_subcommand("meter", "meters (data items) of an enterprise");
  meter->require_subcommand(1);
  auto* madd = meter->add_subcommand("add", "register a meter");
  madd->add_option("--enterprise", a.meter.enterprise, "credit code")->required();
  madd->add_option("--code", a.meter.code, "data-item code, e.g. E01")->required();
  madd->add_option("--name", a.meter.name, "name");
  madd->add_option("--carrier", a.meter.carrier, "energy carrier code, e.g. electricity")
      ->required();
  madd->add_option("--unit", a.meter.unit, "unit of the values, e.g. kWh")->required();
  madd->add_option("--multiplier", a.meter.multiplier, "CT/PT ratio (default 1)");
  madd->add_option("--kind", a.kind, "interval (default) or counter");
  madd->add_option("--interval", a.interval, "15min (default), 30min, 1h, day, month");
  madd->add_option("--register-max", a.register_max, "counters: value after which it wraps");
  actor_options(madd);
  madd->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      auto kind = domain::ParseMeterKind(a.kind);
      if (!kind) return Status::InvalidArgument("--kind '" + a.kind + "': use interval or counter");
      auto interval = domain::ParseMeterInterval(a.interval);
      if (!interval) {
        return Status::InvalidArgument("--interval '" + a.interval +
                                       "': use 15min, 30min, 1h, day or month");
      }
      a.meter.kind = *kind;
      a.meter.interval = *interval;
      if (a.register_max > 0) a.meter.register_max = a.register_max;
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(domain::Meter m, app::RegisterMeter(*p, a.meter, actor));
      runner->out() << (runner->json_mode()
                            ? json{{"enterprise", m.enterprise}, {"code", m.code}}.dump()
                            : "registered meter " + m.enterprise + "/" + m.code)
                    << "\n";
      return Status::Ok();
    });
  });
  auto* mlist = meter->add_subcommand("list", "list the meters of an enterprise");
  mlist->add_option("--enterprise", a.meter.enterprise, "credit code")->required();
  actor_options(mlist);
  mlist->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(auto meters, app::ListMeters(*p, a.meter.enterprise, actor));
      json items = json::array();
      TextTable t({"code", "name", "carrier", "unit", "kind", "interval", "multiplier"});
      for (const auto& m : meters) {
        items.push_back(json{{"code", m.code},
                             {"name", m.name},
                             {"carrier", m.carrier},
                             {"unit", m.unit},
                             {"kind", domain::MeterKindName(m.kind)},
                             {"interval", domain::MeterIntervalName(m.interval)},
                             {"multiplier", m.multiplier}});
        t.AddRow({m.code, m.name, m.carrier, m.unit, std::string(domain::MeterKindName(m.kind)),
                  std::string(domain::MeterIntervalName(m.interval)), Num(m.multiplier, 2)});
      }
      if (runner->json_mode()) {
        runner->out() << json{{"items", items}, {"total", meters.size()}}.dump() << "\n";
      } else {
        runner->out() << t.Render();
      }
      return Status::Ok();
    });
  });

  // ----- ingest
  auto* ingest = monitor->add_subcommand("ingest", "ingest a CSV (or .json) batch of readings");
  ingest->add_option("FILE", a.file, "the batch file")->required();
  actor_options(ingest);
  ingest->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(monitor::IngestResult result,
                           app::IngestReadingsFile(*p, a.file, actor));
      PrintIngest(*runner, result);
      if (!result.accepted) {
        return Status::InvalidArgument(a.file + ": the batch was rejected (" +
                                       std::to_string(result.error_count) + " rows with errors)");
      }
      return Status::Ok();
    });
  });

  // ----- queries
  auto* series = monitor->add_subcommand("series", "energy and CO2 over time");
  series->add_option("--level", a.level, "meter, enterprise, industry, township, county");
  series->add_option("--code", a.code, "entity code (meter: CREDITCODE/METER)");
  series->add_option("--granularity", a.granularity, "15min, hour (default), day, month");
  series->add_option("--from", a.from, "start (local time)");
  series->add_option("--to", a.to, "end, exclusive (local time)");
  actor_options(series);
  series->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      app::SeriesQuery q;
      auto level = monitor::ParseLevel(a.level);
      if (!level) return Status::InvalidArgument("--level '" + a.level + "' is not a level");
      q.level = *level;
      q.code = a.code;
      CPK_ASSIGN_OR_RETURN(q.granularity,
                           GranularityOf(a.granularity, monitor::Granularity::kHour));
      CPK_ASSIGN_OR_RETURN(q.from, OptionalTime(a.from, "--from"));
      CPK_ASSIGN_OR_RETURN(q.to, OptionalTime(a.to, "--to"));
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(app::SeriesReport report, app::QuerySeries(*p, q, actor));
      json points = json::array();
      TextTable t({"start (UTC)", "readings", "tce 当量值", "tce 等价值", "tCO2"});
      for (const auto& point : report.points) {
        json j = FiguresJson(point.state);
        j["start"] = FormatTimestamp(point.start);
        points.push_back(j);
        const app::RollupFigures f = app::FiguresOf(point.state);
        t.AddRow({FormatTimestamp(point.start), std::to_string(f.count), Tonnes(f.tonnes[0]),
                  Tonnes(f.tonnes[1]), Tonnes(f.tonnes[2])});
      }
      if (runner->json_mode()) {
        runner->out() << json{{"level", monitor::LevelName(report.entity.level)},
                              {"code", report.entity.code},
                              {"points", points},
                              {"total", FiguresJson(report.total)}}
                             .dump()
                      << "\n";
      } else {
        const app::RollupFigures f = app::FiguresOf(report.total);
        runner->out() << monitor::LevelName(report.entity.level) << " " << report.entity.code << " "
                      << report.name << "\n"
                      << t.Render() << "total: " << Tonnes(f.tonnes[0]) << " tce (当量值), "
                      << Tonnes(f.tonnes[2]) << " tCO2\n";
      }
      return Status::Ok();
    });
  });

  auto* top = monitor->add_subcommand("top", "largest enterprises of a period");
  top->add_option("--by", a.by, "energy (default) or co2");
  top->add_option("--granularity", a.granularity, "hour, day, month (default)");
  top->add_option("--at", a.at, "a time inside the period (default now)");
  top->add_option("-n", a.n, "how many (default 10)");
  actor_options(top);
  top->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      app::TopQuery q;
      if (a.by != "energy" && a.by != "co2") {
        return Status::InvalidArgument("--by '" + a.by + "': use energy or co2");
      }
      q.by = a.by == "co2" ? monitor::Measure::kCo2 : monitor::Measure::kTceCalorific;
      CPK_ASSIGN_OR_RETURN(q.granularity,
                           GranularityOf(a.granularity, monitor::Granularity::kMonth));
      CPK_ASSIGN_OR_RETURN(q.at, OptionalTime(a.at, "--at"));
      q.n = std::clamp<size_t>(a.n, 1, 1000);
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(app::TopReport report, app::QueryTop(*p, q, actor));
      json items = json::array();
      TextTable t({"#", "credit code", "name", "tce 当量值", "tCO2"});
      int rank = 0;
      for (const auto& item : report.items) {
        json j = FiguresJson(item.state);
        j["rank"] = ++rank;
        j["credit_code"] = item.credit_code;
        j["name"] = item.name;
        items.push_back(j);
        const app::RollupFigures f = app::FiguresOf(item.state);
        t.AddRow({std::to_string(rank), item.credit_code, item.name, Tonnes(f.tonnes[0]),
                  Tonnes(f.tonnes[2])});
      }
      if (runner->json_mode()) {
        runner->out() << json{{"from", FormatTimestamp(report.from)},
                              {"to", FormatTimestamp(report.to)},
                              {"items", items}}
                             .dump()
                      << "\n";
      } else {
        runner->out() << t.Render();
      }
      return Status::Ok();
    });
  });

  auto* now = monitor->add_subcommand("now", "the county's month so far");
  now->add_option("--county", a.county, "county code (default: the only one monitored)");
  actor_options(now);
  now->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(app::CountyNow n, app::CountyMonthToDate(*p, a.county, actor));
      if (runner->json_mode()) {
        runner->out() << json{{"county", n.county},
                              {"month", FiguresJson(n.month)},
                              {"today", FiguresJson(n.today)},
                              {"enterprises", n.enterprises},
                              {"unacknowledged_alerts", n.unacknowledged_alerts},
                              {"synthetic", n.synthetic}}
                             .dump()
                      << "\n";
      } else {
        const app::RollupFigures m = app::FiguresOf(n.month), d = app::FiguresOf(n.today);
        runner->out() << n.county << " " << n.name << (n.synthetic ? " (SYNTHETIC demo data)" : "")
                      << "\n  month so far: " << Tonnes(m.tonnes[0]) << " tce, "
                      << Tonnes(m.tonnes[2]) << " tCO2\n  today: " << Tonnes(d.tonnes[0])
                      << " tce, " << Tonnes(d.tonnes[2]) << " tCO2\n  " << n.enterprises
                      << " enterprises, " << n.meters << " meters, " << n.unacknowledged_alerts
                      << " open alerts\n";
      }
      return Status::Ok();
    });
  });

  // ----- alerts
  auto* alerts = monitor->add_subcommand("alerts", "data-quality and budget alerts");
  alerts->add_option("--enterprise", a.code, "credit code");
  alerts->add_option("--kind", a.alert_kind, "gap, stuck, spike, counter_reset, …");
  alerts->add_flag("--open", a.open_only, "unacknowledged only");
  alerts->add_option("--limit", a.limit, "how many (default 50)");
  actor_options(alerts);
  alerts->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      app::AlertQuery q;
      q.enterprise = a.code;
      if (!a.alert_kind.empty()) {
        q.kind = domain::ParseAlertKind(a.alert_kind);
        if (!q.kind) return Status::InvalidArgument("--kind '" + a.alert_kind + "' is unknown");
      }
      q.unacknowledged_only = a.open_only;
      q.limit = a.limit;
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(auto list, app::ListAlerts(*p, q, actor));
      json items = json::array();
      TextTable t({"id", "kind", "severity", "enterprise", "meter", "ack", "message"});
      for (const auto& al : list) {
        items.push_back(json{{"id", al.id},
                             {"kind", domain::AlertKindName(al.kind)},
                             {"severity", domain::AlertSeverityName(al.severity)},
                             {"enterprise", al.enterprise},
                             {"meter", al.meter},
                             {"acknowledged", al.acknowledged},
                             {"message", al.message}});
        t.AddRow({std::to_string(al.id), std::string(domain::AlertKindName(al.kind)),
                  std::string(domain::AlertSeverityName(al.severity)), al.enterprise, al.meter,
                  al.acknowledged ? al.acknowledged_by : "", al.message});
      }
      if (runner->json_mode()) {
        runner->out() << json{{"items", items}, {"total", list.size()}}.dump() << "\n";
      } else {
        runner->out() << t.Render();
      }
      return Status::Ok();
    });
  });
  auto* ack = monitor->add_subcommand("ack", "acknowledge an alert");
  ack->add_option("ID", a.alert_id, "alert id")->required();
  actor_options(ack);
  ack->callback([runner, args, &a = *args] {
    runner->Run([&]() -> Status {
      CPK_ASSIGN_OR_RETURN(auto p, runner->Open());
      CPK_ASSIGN_OR_RETURN(store::User actor, runner->Actor(*p));
      CPK_ASSIGN_OR_RETURN(domain::Alert al, app::AcknowledgeAlert(*p, a.alert_id, actor));
      runner->out() << (runner->json_mode()
                            ? json{{"id", al.id}, {"acknowledged_by", al.acknowledged_by}}.dump()
                            : "acknowledged alert " + std::to_string(al.id) + " as " +
                                  al.acknowledged_by)
                    << "\n";
      return Status::Ok();
    });
  });

  // ----- simulate
  auto* sim = monitor->add_subcommand(
      "simulate", "generate SYNTHETIC readings: CSV out, or batches posted to a server");
  sim->add_option("--enterprises", a.enterprises, "how many enterprises (default 5)");
  sim->add_option("--days", a.days, "days before today to generate (default 1)");
  sim->add_option("--seed", a.seed, "random seed (default 1)");
  sim->add_option("--fault-rate", a.fault_rate, "share of meter-days with a fault (0.02)");
  sim->add_option("--start", a.start, "first day instead of today minus --days");
  sim->add_option("--out", a.out, "write a CSV batch to this file");
  sim->add_flag("--register", a.register_local,
                "with --out: register the enterprises and meters in the local database");
  sim->add_option("--post", a.post, "post JSON batches to this server (http://HOST:PORT)");
  sim->add_option("--token", a.token, "API token for --post (registration needs office)");
  sim->add_flag("--live", a.live, "with --post: keep sending every few seconds");
  sim->add_option("--every", a.interval_seconds, "seconds between live batches (default 5)");
  sim->callback([runner, args, &a = *args] { runner->Run([&] { return Simulate(*runner, a); }); });
}

Status StartMonitorDemo(app::Platform& platform, std::ostream& out) {
  CPK_ASSIGN_OR_RETURN(app::MonitorDemo demo, app::LoadMonitorDemo(platform));
  out << "demo: monitoring " << demo.enterprises.size() << " SYNTHETIC enterprises (" << demo.meters
      << " meters) in 430703, " << demo.backfilled_readings
      << " readings backfilled for the month so far; a live feed adds readings every 5 s\n";
  for (const std::string& note : demo.notes) out << "  " << note << "\n";
  // One enterprise user, bound to the first demo enterprise.
  const std::string password = "demo-qiye-2030";
  app::NewUser user{"qiye",
                    "SYNTHETIC 企业用户",
                    store::Role::kEnterprise,
                    "430703",
                    "",
                    demo.enterprises.front().credit_code};
  CPK_ASSIGN_OR_RETURN(store::AccountStore * accounts, app::Accounts(platform));
  if (!accounts->FindUser(user.username).ok()) {
    CPK_ASSIGN_OR_RETURN(std::string hash, server::auth::HashPassword(password));
    CPK_RETURN_IF_ERROR(app::AddUser(platform, user, hash, "demo-loader").status());
  }
  TextTable t({"user", "password", "role", "enterprise"});
  t.AddRow({user.username, password, "enterprise",
            user.enterprise + " " + demo.enterprises.front().name});
  out << "demo enterprise user (demo password — never use it for a real account):\n" << t.Render();
  return Status::Ok();
}

}  // namespace carbonpeak::cli
