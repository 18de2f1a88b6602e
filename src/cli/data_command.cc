#include "cli/data_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/accounting.h"
#include "app/statistics.h"
#include "base/file.h"

namespace carbonpeak::cli {
namespace {

using nlohmann::json;

std::string Num(double v, const char* format = "%.6g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

struct Args {
  std::string region = "430703";
  int year = 0;
  std::string file, output, author = "cli", reason, gwp = "AR5", grid = "national", rule = "none",
                            fuel_set;
  bool dry_run = false, json = false;
  // factor set
  std::string sector, item, parameter, unit, source;
  double value = 0;
};

class Runner {
 public:
  Runner(PlatformOpener open, const bool* global_json, std::ostream& out, Status* result)
      : open_(std::move(open)), global_json_(global_json), out_(out), result_(result) {}

  /// Runs `body` with an open platform, storing its Status.
  template <typename F>
  void Run(const Args& args, F body) {
    Result<std::unique_ptr<app::Platform>> platform = open_();
    if (!platform.ok()) {
      *result_ = platform.status();
      return;
    }
    json_ = args.json || (global_json_ != nullptr && *global_json_);
    *result_ = body(**platform);
  }

  bool json_mode() const { return json_; }
  std::ostream& out() { return out_; }

 private:
  PlatformOpener open_;
  const bool* global_json_;
  std::ostream& out_;
  Status* result_;
  bool json_ = false;
};

Result<app::AccountingOptions> Options(const Args& args) {
  app::AccountingOptions options;
  if (!args.fuel_set.empty()) options.fuel_set = args.fuel_set;
  auto gwp = domain::ParseGwpReport(args.gwp);
  if (!gwp) {
    return Status::InvalidArgument("--gwp " + args.gwp + " is not known; use SAR, AR4, AR5 or AR6");
  }
  options.gwp = *gwp;
  CPK_ASSIGN_OR_RETURN(options.grid, app::ParseGridChoice(args.grid));
  auto rule = indicators::ParseNonFossilRule(args.rule);
  if (!rule) {
    return Status::InvalidArgument("--rule " + args.rule +
                                   " is not known; use none, renewable_increment_2022 or "
                                   "non_fossil_2024");
  }
  options.non_fossil_rule = *rule;
  return options;
}

Status WriteOrPrint(std::ostream& out, const std::string& output, const std::string& content) {
  if (output.empty() || output == "-") {
    out << content;
    return Status::Ok();
  }
  CPK_RETURN_IF_ERROR(WriteFileAtomic(output, content));
  out << "wrote " << output << "\n";
  return Status::Ok();
}

void AddCommon(CLI::App* cmd, Args& a, bool year_required) {
  cmd->add_option("--region", a.region, "GB/T 2260 region code (default 430703)");
  auto* y = cmd->add_option("--year", a.year, "statistics year");
  if (year_required) y->required();
  cmd->add_flag("--json", a.json, "machine-readable JSON output");
}

void AddAccountingOptions(CLI::App* cmd, Args& a) {
  cmd->add_option("--gwp", a.gwp, "GWP set: SAR, AR4, AR5 (default), AR6");
  cmd->add_option("--grid", a.grid,
                  "grid factor: national (default), a grid region (华中) or a "
                  "province (湖南)");
  cmd->add_option("--fuel-set", a.fuel_set, "fuel-combustion factor set (default CN default)");
}

json FactorJson(const domain::Factor& f) {
  return {{"key", domain::FactorKeyText(f.key)},
          {"value", f.value},
          {"unit", f.unit},
          {"origin", domain::FactorOriginKindName(f.origin.kind)},
          {"file", f.origin.file},
          {"line", f.origin.line},
          {"citation", f.origin.citation},
          {"reason", f.origin.reason}};
}

json FlowsJson(const domain::BalanceFlows& f) {
  return {{"production", f.production},
          {"inflow", f.inflow},
          {"outflow", f.outflow},
          {"stock_change", f.stock_change},
          {"transformation_input", f.transformation_input},
          {"transformation_output", f.transformation_output},
          {"losses", f.losses},
          {"final_consumption", f.final_consumption},
          {"supply", f.supply},
          {"consumption", f.consumption},
          {"residual", f.residual}};
}

json BalanceToJson(const domain::EnergyBalance& b) {
  json carriers = json::array();
  for (const domain::CarrierBalance& c : b.carriers) {
    carriers.push_back(
        {{"carrier", c.carrier},
         {"unit", c.unit},
         {"physical", FlowsJson(c.physical)},
         {"tce_calorific", FlowsJson(c.tce_calorific)},
         {"tce_equivalent", c.tce_equivalent ? FlowsJson(*c.tce_equivalent) : json(nullptr)},
         {"closes", c.closes}});
  }
  json sectors = json::array();
  for (const domain::SectorEnergy& s : b.final_by_sector) {
    sectors.push_back({{"sector", s.sector},
                       {"tce_calorific", s.tce_calorific},
                       {"tce_equivalent", Opt(s.tce_equivalent)}});
  }
  json notes = json::array();
  for (const domain::ResultNote& n : b.notes)
    notes.push_back({{"code", n.code}, {"message", n.message}});
  json factors = json::array();
  for (const domain::Factor& f : b.factors) factors.push_back(FactorJson(f));
  return {{"region_code", b.region_code},
          {"year", b.year},
          {"factor_set_version", b.factor_set_version},
          {"total_calorific", FlowsJson(b.total_calorific)},
          {"total_equivalent", b.total_equivalent ? FlowsJson(*b.total_equivalent) : json(nullptr)},
          {"carriers", carriers},
          {"final_by_sector", sectors},
          {"missing_inputs", b.missing_inputs},
          {"notes", notes},
          {"factors", factors}};
}

json InventoryToJson(const domain::Inventory& inv) {
  json lines = json::array();
  for (const domain::InventoryLine& l : inv.lines) {
    lines.push_back({{"category", domain::InventoryCategoryName(l.category)},
                     {"subcategory", l.subcategory},
                     {"sector", l.sector},
                     {"item", l.item},
                     {"gas", domain::GasName(l.gas)},
                     {"activity", l.activity},
                     {"activity_unit", l.activity_unit},
                     {"emission_t", l.emission_t},
                     {"co2e_t", l.co2e_t},
                     {"method", domain::EmissionMethodName(l.method)},
                     {"formula", domain::EmissionMethodFormula(l.method)},
                     {"factors", l.factors},
                     {"records", l.records}});
  }
  json cats = json::array();
  for (const domain::CategoryTotal& c : inv.by_category) {
    cats.push_back({{"category", domain::InventoryCategoryName(c.category)},
                    {"co2_t", c.co2_t},
                    {"ch4_t", c.ch4_t},
                    {"n2o_t", c.n2o_t},
                    {"co2e_t", c.co2e_t}});
  }
  json factors = json::array();
  for (const domain::Factor& f : inv.factors) factors.push_back(FactorJson(f));
  json notes = json::array();
  for (const domain::ResultNote& n : inv.notes)
    notes.push_back({{"code", n.code}, {"message", n.message}});
  const domain::InventoryTotals& t = inv.totals;
  return {{"region_code", inv.region_code},
          {"year", inv.year},
          {"fuel_set", inv.fuel_set},
          {"factor_set_version", inv.factor_set_version},
          {"gwp", domain::GwpReportName(inv.gwp)},
          {"grid",
           {{"scope", domain::GridScopeName(inv.grid.scope)},
            {"region", inv.grid.region_zh},
            {"caliber", inv.grid.caliber}}},
          {"totals",
           {{"co2_t", t.co2_t},
            {"ch4_t", t.ch4_t},
            {"n2o_t", t.n2o_t},
            {"gross_co2e_t", t.gross_co2e_t},
            {"forestry_co2e_t", t.forestry_co2e_t},
            {"net_co2e_t", t.net_co2e_t},
            {"energy_co2_t", t.energy_co2_t},
            {"combustion_co2_t", t.combustion_co2_t},
            {"indirect_co2_t", t.indirect_co2_t}}},
          {"by_category", cats},
          {"lines", lines},
          {"factors", factors},
          {"uses_overrides", inv.uses_overrides},
          {"notes", notes}};
}

json IndicatorsToJson(const app::IndicatorReport& r) {
  json values = json::array();
  for (const indicators::IndicatorOutcome& o : r.outcomes) {
    if (o.value.ok()) {
      const indicators::IndicatorValue& v = *o.value;
      json inputs = json::array();
      for (const indicators::InputUsed& i : v.inputs) {
        inputs.push_back(
            {{"field", i.field}, {"year", i.year}, {"value", i.value}, {"unit", i.unit}});
      }
      values.push_back({{"key", o.key},
                        {"value", v.value},
                        {"unit", v.unit},
                        {"origin", indicators::ValueOriginName(v.origin)},
                        {"formula", v.formula},
                        {"inputs", inputs},
                        {"note", v.note}});
    } else {
      values.push_back(
          {{"key", o.key}, {"value", nullptr}, {"missing", o.value.status().message()}});
    }
  }
  return {{"region_code", r.region_code},
          {"year", r.year},
          {"synthetic", r.synthetic},
          {"notes", r.notes},
          {"indicators", values}};
}

json TargetsToJson(const app::TargetsReport& r) {
  json list = json::array();
  for (const indicators::TargetProgress& p : r.progress) {
    list.push_back({{"target_id", p.target_id},
                    {"indicator", p.indicator},
                    {"target_year", p.target_year},
                    {"status", indicators::TargetStatusName(p.status)},
                    {"unit", p.unit},
                    {"target_value", Opt(p.target_value)},
                    {"actual_year", p.actual_year ? json(*p.actual_year) : json(nullptr)},
                    {"actual", Opt(p.actual)},
                    {"previous", Opt(p.previous)},
                    {"expected", Opt(p.expected)},
                    {"schedule", indicators::ScheduleKindName(p.schedule)},
                    {"warning", indicators::WarningLevelName(p.warning)},
                    {"warning_basis", p.warning_basis},
                    {"explanation_zh", p.explanation_zh},
                    {"explanation_en", p.explanation_en},
                    {"next_step", p.next_step}});
  }
  return {{"region_code", r.region_code},
          {"plan_id", r.plan_id},
          {"plan_title", r.plan_title},
          {"current_year", r.current_year},
          {"data_years", r.data_years},
          {"synthetic", r.synthetic},
          {"notes", r.notes},
          {"targets", list}};
}

}  // namespace

void AddDataCommands(CLI::App* app, PlatformOpener open, const bool* global_json, std::ostream& out,
                     Status* result) {
  auto runner = std::make_shared<Runner>(std::move(open), global_json, out, result);

  // ---------------------------------------------------------------- data
  auto* data = app->add_subcommand("data",
                                   "statistics: template, import, export "
                                   "(docs/formats/statistics.md)");
  data->require_subcommand(1);
  {
    auto a = std::make_shared<Args>();
    auto* cmd = data->add_subcommand("template", "write the blank statistics template (CSV)");
    AddCommon(cmd, *a, true);
    cmd->add_option("-o,--output", a->output, "file to write (default: print)");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(std::string csv, app::StatisticsTemplateCsv(p, a->region, a->year));
        return WriteOrPrint(runner->out(), a->output, csv);
      });
    });
  }
  {
    auto a = std::make_shared<Args>();
    auto* cmd = data->add_subcommand("import",
                                     "check and store a filled statistics file; any "
                                     "problem stores nothing");
    cmd->add_option("file", a->file, "the filled template (.csv)")->required();
    cmd->add_flag("--dry-run", a->dry_run, "check only");
    cmd->add_option("--author", a->author, "who imports it (kept with every revision)");
    cmd->add_option("--reason", a->reason, "why (default: statistics import)");
    cmd->add_flag("--json", a->json, "machine-readable JSON output");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        app::StatisticsImportOptions options;
        options.author = a->author;
        if (!a->reason.empty()) options.reason = a->reason;
        options.dry_run = a->dry_run;
        CPK_ASSIGN_OR_RETURN(app::StatisticsImport r,
                             app::ImportStatisticsFile(p, a->file, options));
        if (runner->json_mode()) {
          runner->out() << json{{"file", a->file},      {"rows", r.rows.size()},
                                {"stored", r.stored},   {"years", r.years},
                                {"regions", r.regions}, {"dry_run", a->dry_run}}
                               .dump(2)
                        << "\n";
        } else {
          runner->out() << (a->dry_run ? "dry run, nothing stored: " : "") << a->file << ": "
                        << r.rows.size() << " figures checked, " << r.stored << " stored\n";
        }
        return Status::Ok();
      });
    });
  }
  {
    auto a = std::make_shared<Args>();
    auto* cmd = data->add_subcommand("export", "write the stored statistics as a filled template");
    AddCommon(cmd, *a, false);
    cmd->add_option("-o,--output", a->output, "file to write (default: print)");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        std::optional<int> year = a->year > 0 ? std::optional<int>(a->year) : std::nullopt;
        CPK_ASSIGN_OR_RETURN(std::string csv, app::ExportStatisticsCsv(p, a->region, year));
        return WriteOrPrint(runner->out(), a->output, csv);
      });
    });
  }

  // ---------------------------------------------------------------- balance
  auto* balance = app->add_subcommand("balance", "energy balance (能源平衡表)");
  balance->require_subcommand(1);
  {
    auto a = std::make_shared<Args>();
    auto* cmd = balance->add_subcommand("show", "the energy balance of a county-year");
    AddCommon(cmd, *a, true);
    AddAccountingOptions(cmd, *a);
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(app::AccountingOptions options, Options(*a));
        CPK_ASSIGN_OR_RETURN(domain::EnergyBalance b,
                             app::ComputeRegionBalance(p, a->region, a->year, options));
        std::ostream& o = runner->out();
        if (runner->json_mode()) {
          o << BalanceToJson(b).dump(2) << "\n";
          return Status::Ok();
        }
        o << "能源平衡表 energy balance " << b.region_code << " " << b.year << "\n";
        o << "carrier          unit      supply      consumption   residual    tce(当量值)\n";
        for (const domain::CarrierBalance& c : b.carriers) {
          char line[200];
          std::snprintf(line, sizeof line, "%-16s %-8s %12.2f %12.2f %10.2f %12.1f%s\n",
                        c.carrier.c_str(), c.unit.c_str(), c.physical.supply,
                        c.physical.consumption, c.physical.residual, c.tce_calorific.consumption,
                        c.closes ? "" : "  (does not close)");
          o << line;
        }
        o << "total energy consumption: " << Num(b.total_calorific.consumption, "%.1f")
          << " tce (当量值)";
        if (b.total_equivalent) {
          o << ", " << Num(b.total_equivalent->consumption, "%.1f") << " tce (等价值)";
        }
        o << "\n";
        for (const std::string& m : b.missing_inputs) o << "missing: " << m << "\n";
        for (const domain::ResultNote& n : b.notes) o << "note: " << n.message << "\n";
        return Status::Ok();
      });
    });
  }

  // ---------------------------------------------------------------- inventory
  auto* inventory = app->add_subcommand("inventory", "GHG inventory (温室气体清单)");
  inventory->require_subcommand(1);
  {
    auto a = std::make_shared<Args>();
    auto* cmd = inventory->add_subcommand("compute", "the GHG inventory of a county-year");
    AddCommon(cmd, *a, true);
    AddAccountingOptions(cmd, *a);
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(app::AccountingOptions options, Options(*a));
        CPK_ASSIGN_OR_RETURN(domain::Inventory inv,
                             app::ComputeRegionInventory(p, a->region, a->year, options));
        std::ostream& o = runner->out();
        if (runner->json_mode()) {
          o << InventoryToJson(inv).dump(2) << "\n";
          return Status::Ok();
        }
        o << "温室气体清单 GHG inventory " << inv.region_code << " " << inv.year << " (GWP "
          << domain::GwpReportName(inv.gwp) << ", grid " << inv.grid.region_zh << ", factors "
          << inv.fuel_set << ", version " << inv.factor_set_version << ")\n";
        for (const domain::CategoryTotal& c : inv.by_category) {
          char line[200];
          std::snprintf(line, sizeof line,
                        "  %-22s CO2 %14.1f t  CH4 %10.2f t  N2O %8.3f t  "
                        "CO2e %14.1f t\n",
                        std::string(domain::InventoryCategoryName(c.category)).c_str(), c.co2_t,
                        c.ch4_t, c.n2o_t, c.co2e_t);
          o << line;
        }
        o << "  CO2 (excl. forestry) " << Num(inv.totals.co2_t, "%.1f") << " t, gross "
          << Num(inv.totals.gross_co2e_t, "%.1f") << " tCO2e, net "
          << Num(inv.totals.net_co2e_t, "%.1f") << " tCO2e\n";
        for (const domain::Factor& f : inv.factors) {
          if (f.origin.kind != domain::FactorOriginKind::kOverride) continue;
          o << "  user factor " << domain::FactorKeyText(f.key) << " = " << Num(f.value) << " "
            << f.unit << " (source: " << f.origin.citation << ")\n";
        }
        for (const domain::ResultNote& n : inv.notes) o << "note: " << n.message << "\n";
        return Status::Ok();
      });
    });
  }

  // ---------------------------------------------------------------- indicators
  auto* ind = app->add_subcommand("indicators", "indicator values of a county-year");
  ind->require_subcommand(1);
  {
    auto a = std::make_shared<Args>();
    auto* cmd = ind->add_subcommand("show",
                                    "every catalogue indicator with its formula, or "
                                    "why it has no value");
    AddCommon(cmd, *a, true);
    AddAccountingOptions(cmd, *a);
    cmd->add_option("--rule", a->rule,
                    "non-fossil deduction rule: none (default), "
                    "renewable_increment_2022, non_fossil_2024");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(app::AccountingOptions options, Options(*a));
        CPK_ASSIGN_OR_RETURN(app::IndicatorReport r,
                             app::ComputeRegionIndicators(p, a->region, a->year, options));
        std::ostream& o = runner->out();
        if (runner->json_mode()) {
          o << IndicatorsToJson(r).dump(2) << "\n";
          return Status::Ok();
        }
        o << "indicators " << r.region_code << " " << r.year << "\n";
        for (const std::string& n : r.notes) o << "note: " << n << "\n";
        for (const indicators::IndicatorOutcome& oc : r.outcomes) {
          if (oc.value.ok()) {
            o << "  " << oc.key << " = " << Num(oc.value->value) << " " << oc.value->unit << "\n";
          } else if (oc.value.status().code() != StatusCode::kNotFound) {
            o << "  " << oc.key << ": " << oc.value.status().message() << "\n";
          }
        }
        return Status::Ok();
      });
    });
  }

  // ---------------------------------------------------------------- targets
  auto* targets = app->add_subcommand("targets", "the plan's targets against the statistics");
  targets->require_subcommand(1);
  {
    auto a = std::make_shared<Args>();
    auto* cmd = targets->add_subcommand("status",
                                        "status, schedule and warning level of every "
                                        "target");
    AddCommon(cmd, *a, false);
    AddAccountingOptions(cmd, *a);
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(app::AccountingOptions options, Options(*a));
        std::optional<int> year = a->year > 0 ? std::optional<int>(a->year) : std::nullopt;
        CPK_ASSIGN_OR_RETURN(app::TargetsReport r,
                             app::ComputeTargetsStatus(p, a->region, year, options));
        std::ostream& o = runner->out();
        if (runner->json_mode()) {
          o << TargetsToJson(r).dump(2) << "\n";
          return Status::Ok();
        }
        o << "targets of plan " << r.plan_id << " (" << r.plan_title << "), assessed in "
          << r.current_year << "\n";
        for (const std::string& n : r.notes) o << "note: " << n << "\n";
        for (const indicators::TargetProgress& t : r.progress) {
          o << "  [" << t.target_id << "] " << t.indicator << " " << t.target_year << ": "
            << indicators::TargetStatusName(t.status);
          if (t.warning != indicators::WarningLevel::kNone) {
            o << " (" << indicators::WarningLevelName(t.warning) << ")";
          }
          o << " — " << t.explanation_zh << "\n";
        }
        return Status::Ok();
      });
    });
  }

  // ---------------------------------------------------------------- factor
  auto* factor = app->add_subcommand("factor", "user factors: values the reference tables lack");
  factor->require_subcommand(1);
  {
    auto a = std::make_shared<Args>();
    auto* cmd = factor->add_subcommand("set",
                                       "store a factor with its source and reason (a new "
                                       "revision when it exists)");
    cmd->add_option("--region", a->region, "region code (default 430703)");
    cmd->add_option("--sector", a->sector, "method step, e.g. energy/indirect")->required();
    cmd->add_option("--item", a->item, "carrier or item code, e.g. electricity")->required();
    cmd->add_option("--parameter", a->parameter, "e.g. grid_co2_ef, ncv, kgce_per_unit")
        ->required();
    cmd->add_option("--year", a->year, "year, for factors published per year");
    cmd->add_option("--value", a->value, "the value")->required();
    cmd->add_option("--unit", a->unit, "its unit, e.g. kgCO2/kWh")->required();
    cmd->add_option("--source", a->source, "where the number comes from")->required();
    cmd->add_option("--reason", a->reason, "why it applies")->required();
    cmd->add_option("--author", a->author, "who sets it");
    cmd->add_flag("--json", a->json, "machine-readable JSON output");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        domain::FactorOverride f{
            {a->sector, a->item, a->parameter, a->year}, a->value, a->unit, a->source, a->reason};
        CPK_ASSIGN_OR_RETURN(store::FigureRevision rev,
                             app::SetFactorOverride(p, a->region, f, a->author));
        runner->out() << "stored " << domain::FactorKeyText(f.key) << " = " << Num(a->value) << " "
                      << a->unit << " for " << a->region << " (revision " << rev.revision << ")\n";
        return Status::Ok();
      });
    });
  }
  {
    auto a = std::make_shared<Args>();
    auto* cmd = factor->add_subcommand("coal-rate",
                                       "store the year's 发电煤耗 (gce/kWh) for the "
                                       "等价值 caliber");
    cmd->add_option("--region", a->region, "region code (default 430703)");
    cmd->add_option("--year", a->year, "year")->required();
    cmd->add_option("--value", a->value, "grams of standard coal per kWh, e.g. 300")->required();
    cmd->add_option("--source", a->source, "yearbook table or notice")->required();
    cmd->add_option("--reason", a->reason, "why it applies")->required();
    cmd->add_option("--author", a->author, "who sets it");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(
            store::FigureRevision rev,
            app::SetGenerationCoalRate(p, a->region, {a->year, a->value, a->source}, a->reason,
                                       a->author));
        runner->out() << "stored 发电煤耗 " << a->year << " = " << Num(a->value) << " gce/kWh for "
                      << a->region << " (revision " << rev.revision << ")\n";
        return Status::Ok();
      });
    });
  }
  {
    auto a = std::make_shared<Args>();
    auto* cmd = factor->add_subcommand("list", "the user factors of a region");
    cmd->add_option("--region", a->region, "region code (default 430703)");
    cmd->add_flag("--json", a->json, "machine-readable JSON output");
    cmd->callback([runner, a] {
      runner->Run(*a, [&](app::Platform& p) -> Status {
        CPK_ASSIGN_OR_RETURN(app::UserFactors f, app::LoadUserFactors(p, a->region));
        std::ostream& o = runner->out();
        if (runner->json_mode()) {
          json list = json::array();
          for (const auto& x : f.overrides) {
            list.push_back({{"key", domain::FactorKeyText(x.key)},
                            {"value", x.value},
                            {"unit", x.unit},
                            {"source", x.source},
                            {"reason", x.reason}});
          }
          json rates = json::array();
          for (const auto& r : f.coal_rates) {
            rates.push_back(
                {{"year", r.year}, {"gce_per_kwh", r.gce_per_kwh}, {"source", r.source}});
          }
          o << json{{"factors", list}, {"coal_rates", rates}}.dump(2) << "\n";
          return Status::Ok();
        }
        for (const auto& x : f.overrides) {
          o << domain::FactorKeyText(x.key) << " = " << Num(x.value) << " " << x.unit
            << "  source: " << x.source << "  reason: " << x.reason << "\n";
        }
        for (const auto& r : f.coal_rates) {
          o << "发电煤耗 " << r.year << " = " << Num(r.gce_per_kwh)
            << " gce/kWh  source: " << r.source << "\n";
        }
        if (f.overrides.empty() && f.coal_rates.empty())
          o << "no user factors for " << a->region << "\n";
        return Status::Ok();
      });
    });
  }
}

}  // namespace carbonpeak::cli
