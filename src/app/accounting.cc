#include "app/accounting.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "app/statistics.h"
#include "base/csv.h"
#include "base/file.h"
#include "base/units.h"

namespace carbonpeak::app {
namespace {

using domain::ActivityFlow;

constexpr std::string_view kFactorPrefix = "factor.";
constexpr std::string_view kCoalRateItem = "factor.generation_coal_rate";

std::string FactorItem(const domain::FactorKey& key) {
  return std::string(kFactorPrefix) + key.sector + "/" + key.item + "/" + key.parameter;
}

std::optional<int> ParseYear(std::string_view text) {
  int year = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return year;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string SupplyCommand(const std::string& region_code) {
  return "supply a missing factor with `carbonpeak factor set --region " + region_code +
         " --sector SECTOR --item ITEM --parameter PARAMETER [--year YEAR] --value V --unit U "
         "--source \"where the number comes from\" --reason \"why it applies\"`";
}

bool IsSynthetic(std::string_view source) {
  return source.find(kSyntheticMark) != std::string_view::npos;
}

// Statistics figures of one region-year, and whether any is synthetic.
struct YearData {
  std::vector<StatisticsRow> rows;
  bool synthetic = false;
};

Result<YearData> LoadYear(Platform& platform, const std::string& region_code, int year,
                          std::optional<Timestamp> as_of) {
  CPK_ASSIGN_OR_RETURN(std::vector<store::Figure> figures,
                       platform.store().figures().List(region_code, "", as_of));
  YearData data;
  std::set<int> years;
  for (const store::Figure& f : figures) {
    std::optional<StatisticsRow> r = FigureToRow(f);
    if (!r) continue;
    years.insert(r->year);
    if (r->year != year) continue;
    if (IsSynthetic(f.revision.source) || IsSynthetic(f.revision.reason)) data.synthetic = true;
    data.rows.push_back(std::move(*r));
  }
  if (data.rows.empty()) {
    std::string have;
    for (int y : years) have += (have.empty() ? "" : ", ") + std::to_string(y);
    return Status::NotFound(
        "no statistics are stored for " + region_code + " in " + std::to_string(year) +
        (have.empty() ? "; none are stored for this region at all" : "; years with data: " + have) +
        ". Import the year's statistics with `carbonpeak data import FILE` (template: "
        "`carbonpeak data template --region " +
        region_code + " --year " + std::to_string(year) + "`)");
  }
  return data;
}

std::vector<domain::ActivityRecord> ToRecords(const std::vector<StatisticsRow>& rows) {
  std::vector<domain::ActivityRecord> out;
  for (const StatisticsRow& r : rows) {
    if (r.section == StatisticsSection::kEconomy) continue;
    domain::ActivityRecord a;
    a.region_code = r.region_code;
    a.year = r.year;
    a.flow = r.flow;
    a.sector = r.sector;
    a.carrier = r.carrier;
    a.item = r.item;
    a.value = r.value;
    a.unit = r.unit;
    a.provenance = r.provenance;
    out.push_back(std::move(a));
  }
  return out;
}

Result<accounting::Engine> MakeEngine(Platform& platform, const std::string& region_code,
                                      const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(domain::FactorSet set, RegionFactorSet(platform, region_code, options));
  return accounting::Engine::Create(platform.refdata(), std::move(set));
}

Status WithSupplyHint(Status status, const std::string& region_code) {
  if (status.code() != StatusCode::kFailedPrecondition ||
      status.message().find("carbonpeak factor set") != std::string::npos) {
    return status;
  }
  return Status::FailedPrecondition(status.message() + "\n" + SupplyCommand(region_code));
}

// Economy figure (total) converted to `unit`.
Result<std::optional<double>> Economy(const std::vector<StatisticsRow>& rows, std::string_view item,
                                      std::string_view unit) {
  for (const StatisticsRow& r : rows) {
    if (r.section != StatisticsSection::kEconomy || r.item != item || !r.sector.empty()) continue;
    CPK_ASSIGN_OR_RETURN(double v, ConvertValue(r.value, r.unit, unit));
    return std::optional<double>(v);
  }
  return std::optional<double>();
}

bool IsRenewableSource(std::string_view sector) {
  return sector == "gen_hydro" || sector == "gen_wind" || sector == "gen_solar" ||
         sector == "gen_biomass";
}

// Local renewable electricity consumed in the county, tce: local generation capped at the
// county's electricity consumption (the rest left the county).
indicators::ByCaliber RenewableElectricity(const domain::EnergyBalance& b) {
  indicators::ByCaliber out;
  double cal = 0;
  std::optional<double> eq = b.total_equivalent ? std::optional<double>(0) : std::nullopt;
  bool any = false;
  for (const domain::BalanceEntry& e : b.entries) {
    if (e.carrier != "electricity" || !IsRenewableSource(e.sector)) continue;
    if (e.flow != ActivityFlow::kProduction && e.flow != ActivityFlow::kTransformationOutput) {
      continue;
    }
    any = true;
    cal += e.tce_calorific;
    if (eq && e.tce_equivalent) *eq += *e.tce_equivalent;
  }
  if (!any) {
    out.calorific = 0;
    if (eq) out.equivalent = 0;
    return out;
  }
  for (const domain::CarrierBalance& c : b.carriers) {
    if (c.carrier != "electricity") continue;
    // Electricity consumed in the county: final use + losses + use in transformation.
    double used_cal = c.tce_calorific.final_consumption + c.tce_calorific.losses +
                      c.tce_calorific.transformation_input;
    cal = std::min(cal, used_cal);
    if (eq && c.tce_equivalent) {
      double used_eq = c.tce_equivalent->final_consumption + c.tce_equivalent->losses +
                       c.tce_equivalent->transformation_input;
      *eq = std::min(*eq, used_eq);
    }
  }
  out.calorific = cal;
  out.equivalent = eq;
  return out;
}

void FillFromBalance(const refdata::RefData& ref, const domain::EnergyBalance& b,
                     indicators::IndicatorInputs& in) {
  in.energy_total_tce.calorific = b.total_calorific.consumption;
  if (b.total_equivalent) in.energy_total_tce.equivalent = b.total_equivalent->consumption;
  std::map<std::string_view, const refdata::EnergyCarrier*> carriers;
  for (const refdata::EnergyCarrier& c : ref.energy_carriers) carriers[c.code] = &c;
  double non_fossil_cal = 0, coal = 0;
  std::optional<double> non_fossil_eq =
      b.total_equivalent ? std::optional<double>(0) : std::nullopt;
  for (const domain::CarrierBalance& c : b.carriers) {
    auto it = carriers.find(c.carrier);
    if (it == carriers.end()) continue;
    if (it->second->fossil == refdata::FossilClass::kNonFossil) {
      non_fossil_cal += c.tce_calorific.consumption;
      if (non_fossil_eq && c.tce_equivalent) *non_fossil_eq += c.tce_equivalent->consumption;
    }
    if (it->second->coal) coal += c.tce_calorific.consumption;
    if (c.carrier == "natural_gas") in.natural_gas_10k_m3.total = c.physical.consumption;
  }
  indicators::ByCaliber renewable = RenewableElectricity(b);
  in.non_fossil_tce.calorific = non_fossil_cal + renewable.calorific.value_or(0);
  if (non_fossil_eq && renewable.equivalent) {
    in.non_fossil_tce.equivalent = *non_fossil_eq + *renewable.equivalent;
  }
  in.coal_tce = coal;

  // Natural gas by use.
  std::map<std::string_view, const refdata::Sector*> sectors;
  for (const refdata::Sector& s : ref.sectors) sectors[s.code] = &s;
  if (in.natural_gas_10k_m3.total) {
    double industrial = 0, residential = 0, commercial = 0;
    for (const domain::BalanceEntry& e : b.entries) {
      if (e.carrier != "natural_gas" || e.flow != ActivityFlow::kFinalConsumption) continue;
      auto it = sectors.find(e.sector);
      if (it == sectors.end()) continue;
      const refdata::Sector& s = *it->second;
      if (s.code == "industry" || s.parent == "industry") industrial += e.quantity;
      if (s.group == "residential") residential += e.quantity;
      if (s.code == "commerce" || s.code == "services_other") commercial += e.quantity;
    }
    in.natural_gas_10k_m3.industrial = industrial;
    in.natural_gas_10k_m3.residential = residential;
    in.natural_gas_10k_m3.commercial = commercial;
  }

  // Generation and capacity.
  double renewable_gen = 0, total_gen = 0;
  bool any_gen = false;
  for (const domain::GenerationSource& g : b.generation) {
    any_gen = true;
    total_gen += g.electricity_10k_kwh;
    if (IsRenewableSource(g.sector)) renewable_gen += g.electricity_10k_kwh;
    if (!g.capacity_10k_kw) continue;
    auto add = [&](std::optional<double>& slot) { slot = slot.value_or(0) + *g.capacity_10k_kw; };
    if (g.sector == "gen_hydro") {
      add(in.capacity_10k_kw.hydro);
    } else if (g.sector == "gen_wind") {
      add(in.capacity_10k_kw.wind);
    } else if (g.sector == "gen_solar") {
      add(in.capacity_10k_kw.solar);
    } else if (g.sector == "gen_biomass") {
      add(in.capacity_10k_kw.biomass);
    } else if (g.sector == "tr_thermal_power") {
      add(in.capacity_10k_kw.coal);
    } else {
      add(in.capacity_10k_kw.other);
    }
  }
  // The sector vocabulary has one thermal row: its capacity is counted as coal-fired, and
  // gas-fired capacity as none when thermal capacity is reported (stated in the notes).
  if (in.capacity_10k_kw.coal && !in.capacity_10k_kw.gas) in.capacity_10k_kw.gas = 0;
  if (any_gen) {
    in.renewable_generation_10k_kwh = renewable_gen;
    in.total_generation_10k_kwh = total_gen;
  }
}

}  // namespace

Result<domain::GridChoice> ParseGridChoice(std::string_view text) {
  domain::GridChoice choice;
  if (text.empty() || text == "national" || text == "全国") return choice;
  // Regions and provinces are told apart by the published tables: a grid region is one of the
  // regional grids, anything else is taken as a province.
  static constexpr std::string_view kGridRegions[] = {"华北", "东北", "华东", "华中",
                                                      "西北", "南方", "西南"};
  if (std::find(std::begin(kGridRegions), std::end(kGridRegions), text) != std::end(kGridRegions)) {
    choice.scope = domain::GridScope::kRegional;
  } else {
    choice.scope = domain::GridScope::kProvincial;
  }
  choice.region_zh = std::string(text);
  return choice;
}

Result<UserFactors> LoadUserFactors(Platform& platform, const std::string& region_code,
                                    std::optional<Timestamp> as_of) {
  CPK_ASSIGN_OR_RETURN(std::vector<store::Figure> figures,
                       platform.store().figures().List(region_code, "", as_of));
  UserFactors out;
  for (const store::Figure& f : figures) {
    const std::string& item = f.key.item;
    if (item.rfind(kFactorPrefix, 0) != 0) continue;
    if (item == kCoalRateItem) {
      std::optional<int> year = ParseYear(f.key.period);
      if (!year) continue;
      out.coal_rates.push_back({*year, f.revision.value, f.revision.source});
      continue;
    }
    std::string_view rest = std::string_view(item).substr(kFactorPrefix.size());
    size_t last = rest.rfind('/');
    if (last == std::string_view::npos || last == 0) continue;
    size_t mid = rest.rfind('/', last - 1);
    if (mid == std::string_view::npos) continue;
    domain::FactorOverride o;
    o.key.sector = std::string(rest.substr(0, mid));
    o.key.item = std::string(rest.substr(mid + 1, last - mid - 1));
    o.key.parameter = std::string(rest.substr(last + 1));
    o.key.year = f.key.period == "all" ? 0 : ParseYear(f.key.period).value_or(0);
    o.value = f.revision.value;
    o.unit = f.revision.unit;
    o.source = f.revision.source;
    o.reason = f.revision.reason;
    out.overrides.push_back(std::move(o));
  }
  return out;
}

Result<store::FigureRevision> SetFactorOverride(Platform& platform, const std::string& region_code,
                                                const domain::FactorOverride& factor,
                                                const std::string& author) {
  if (factor.key.sector.empty() || factor.key.item.empty() || factor.key.parameter.empty()) {
    return Status::InvalidArgument(
        "a factor needs its sector, item and parameter, e.g. --sector energy/indirect --item "
        "electricity --parameter grid_co2_ef (the message of the failed computation names them)");
  }
  if (factor.unit.empty()) {
    return Status::InvalidArgument("factor " + domain::FactorKeyText(factor.key) +
                                   ": give its unit, e.g. kgCO2/kWh, GJ/t, tC/TJ, fraction");
  }
  // The accounting module decides whether the override is acceptable (source, reason, unit).
  accounting::FactorSetSpec spec;
  spec.overrides = {factor};
  CPK_ASSIGN_OR_RETURN(domain::FactorSet set, accounting::BuildFactorSet(platform.refdata(), spec));
  CPK_RETURN_IF_ERROR(accounting::Engine::Create(platform.refdata(), std::move(set)).status());
  store::FigureKey key{region_code, FactorItem(factor.key),
                       factor.key.year > 0 ? std::to_string(factor.key.year) : "all", ""};
  store::WriteContext ctx{author, factor.source, factor.reason};
  return platform.store().figures().Put(key, factor.value, factor.unit, ctx);
}

Result<store::FigureRevision> SetGenerationCoalRate(Platform& platform,
                                                    const std::string& region_code,
                                                    const domain::GenerationCoalRate& rate,
                                                    const std::string& reason,
                                                    const std::string& author) {
  if (rate.year < 1949 || rate.year > 2100) {
    return Status::InvalidArgument("the 发电煤耗 needs its year, e.g. --year 2023");
  }
  if (rate.source.empty() || reason.empty()) {
    return Status::InvalidArgument("the 发电煤耗 of " + std::to_string(rate.year) +
                                   " needs its source (yearbook table or notice) and a reason");
  }
  if (!(rate.gce_per_kwh >= 100 && rate.gce_per_kwh <= 600)) {
    return Status::InvalidArgument(
        "the 发电煤耗 of " + std::to_string(rate.year) + " is " + Number(rate.gce_per_kwh) +
        " gce/kWh; give grams of standard coal per kWh (thermal plants lie around 280-320)");
  }
  store::FigureKey key{region_code, std::string(kCoalRateItem), std::to_string(rate.year), ""};
  store::WriteContext ctx{author, rate.source, reason};
  return platform.store().figures().Put(key, rate.gce_per_kwh, "gce/kWh", ctx);
}

Result<std::vector<int>> StatisticsYears(Platform& platform, const std::string& region_code) {
  CPK_ASSIGN_OR_RETURN(std::vector<store::Figure> figures,
                       platform.store().figures().List(region_code));
  std::set<int> years;
  for (const store::Figure& f : figures) {
    if (std::optional<StatisticsRow> r = FigureToRow(f)) years.insert(r->year);
  }
  return std::vector<int>(years.begin(), years.end());
}

Result<std::vector<domain::ActivityRecord>> LoadActivityRecords(Platform& platform,
                                                                const std::string& region_code,
                                                                int year,
                                                                std::optional<Timestamp> as_of) {
  CPK_ASSIGN_OR_RETURN(YearData data, LoadYear(platform, region_code, year, as_of));
  return ToRecords(data.rows);
}

Result<domain::FactorSet> RegionFactorSet(Platform& platform, const std::string& region_code,
                                          const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(UserFactors user, LoadUserFactors(platform, region_code, options.as_of));
  accounting::FactorSetSpec spec;
  spec.fuel_set = options.fuel_set;
  spec.gwp = options.gwp;
  spec.grid = options.grid;
  spec.overrides = std::move(user.overrides);
  return accounting::BuildFactorSet(platform.refdata(), spec);
}

Result<domain::EnergyBalance> ComputeRegionBalance(Platform& platform,
                                                   const std::string& region_code, int year,
                                                   const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(YearData data, LoadYear(platform, region_code, year, options.as_of));
  CPK_ASSIGN_OR_RETURN(accounting::Engine engine, MakeEngine(platform, region_code, options));
  CPK_ASSIGN_OR_RETURN(UserFactors user, LoadUserFactors(platform, region_code, options.as_of));
  accounting::BalanceOptions balance_options;
  balance_options.coal_rates = user.coal_rates;
  std::vector<domain::ActivityRecord> records = ToRecords(data.rows);
  Result<domain::EnergyBalance> b =
      engine.ComputeEnergyBalance(region_code, year, records, balance_options);
  if (!b.ok()) return WithSupplyHint(b.status(), region_code);
  if (data.synthetic) {
    b->notes.push_back({"synthetic_data",
                        "SYNTHETIC demo data: these figures are made up for demonstration and "
                        "are not statistics of the region"});
  }
  for (std::string& missing : b->missing_inputs) {
    if (missing.find("发电煤耗") != std::string::npos) {
      missing += " — supply it with `carbonpeak factor coal-rate --region " + region_code +
                 " --year " + std::to_string(year) +
                 " --value GRAMS_PER_KWH --source \"…\" --reason \"…\"`";
    }
  }
  return b;
}

Result<domain::Inventory> ComputeRegionInventory(Platform& platform, const std::string& region_code,
                                                 int year, const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(YearData data, LoadYear(platform, region_code, year, options.as_of));
  CPK_ASSIGN_OR_RETURN(accounting::Engine engine, MakeEngine(platform, region_code, options));
  std::vector<domain::ActivityRecord> records = ToRecords(data.rows);
  Result<domain::Inventory> inv = engine.ComputeInventory(region_code, year, records);
  if (!inv.ok()) return WithSupplyHint(inv.status(), region_code);
  bool synthetic_factor = false;
  for (const domain::Factor& f : inv->factors) {
    if (f.origin.kind == domain::FactorOriginKind::kOverride && IsSynthetic(f.origin.citation)) {
      synthetic_factor = true;
    }
  }
  if (data.synthetic) {
    inv->notes.push_back({"synthetic_data",
                          "SYNTHETIC demo data: the activity figures are made up for "
                          "demonstration and are not statistics of the region"});
  }
  if (synthetic_factor) {
    inv->notes.push_back(
        {"demo_factor", "a factor used is a demo value to be replaced (see the factors list)"});
  }
  return inv;
}

Result<indicators::IndicatorInputs> BuildIndicatorInputs(Platform& platform,
                                                         const std::string& region_code, int year,
                                                         const AccountingOptions& options,
                                                         std::vector<std::string>* notes) {
  CPK_ASSIGN_OR_RETURN(YearData data, LoadYear(platform, region_code, year, options.as_of));
  auto note = [&](std::string text) {
    if (notes != nullptr) notes->push_back(std::move(text));
  };
  indicators::IndicatorInputs in;
  in.region_code = region_code;
  in.year = year;
  const refdata::RefData& ref = platform.refdata();

  Result<domain::EnergyBalance> balance =
      ComputeRegionBalance(platform, region_code, year, options);
  if (balance.ok()) {
    FillFromBalance(ref, *balance, in);
    if (in.capacity_10k_kw.coal) {
      note(
          "thermal capacity (tr_thermal_power) is counted as coal-fired; gas-fired capacity as "
          "none, since the statistics do not separate them");
    }
    for (const std::string& missing : balance->missing_inputs) {
      note("energy balance " + std::to_string(year) + ": missing " + missing);
    }
  } else {
    note("energy balance " + std::to_string(year) + " not computed: " + balance.status().message());
  }
  Result<domain::Inventory> inventory =
      ComputeRegionInventory(platform, region_code, year, options);
  if (inventory.ok()) {
    in.co2_t = inventory->totals.co2_t;
    in.ghg_t = inventory->totals.gross_co2e_t;
    in.gwp_set = std::string(domain::GwpReportName(inventory->gwp));
  } else {
    note("inventory " + std::to_string(year) + " not computed: " + inventory.status().message());
  }

  CPK_ASSIGN_OR_RETURN(in.gdp_constant_10k_yuan, Economy(data.rows, "gdp_constant_2020", "万元"));
  in.gdp_price_year = 2020;
  CPK_ASSIGN_OR_RETURN(in.population_10k, Economy(data.rows, "population", "万人"));
  CPK_ASSIGN_OR_RETURN(in.land_area_hm2, Economy(data.rows, "land_area", "hm²"));
  CPK_ASSIGN_OR_RETURN(in.forest_area_hm2, Economy(data.rows, "forest_area", "hm²"));
  double stock = 0;
  bool any_stock = false;
  for (const StatisticsRow& r : data.rows) {
    if (r.section != StatisticsSection::kActivity || r.flow != ActivityFlow::kForestStockClosing) {
      continue;
    }
    CPK_ASSIGN_OR_RETURN(double m3, ConvertValue(r.value, r.unit, "m³"));
    stock += m3;
    any_stock = true;
  }
  if (any_stock) in.forest_stock_m3 = stock;

  // Renewable electricity above 2020 (发改运行〔2022〕1258号) needs the 2020 balance.
  if (year > 2020 && in.non_fossil_tce.calorific) {
    indicators::ByCaliber now;
    if (balance.ok()) now = RenewableElectricity(*balance);
    Result<domain::EnergyBalance> base = ComputeRegionBalance(platform, region_code, 2020, options);
    if (base.ok() && balance.ok()) {
      indicators::ByCaliber then = RenewableElectricity(*base);
      if (now.calorific && then.calorific) {
        in.renewable_electricity_above_2020_tce.calorific = *now.calorific - *then.calorific;
      }
      if (now.equivalent && then.equivalent) {
        in.renewable_electricity_above_2020_tce.equivalent = *now.equivalent - *then.equivalent;
      }
    }
  }
  return in;
}

Result<IndicatorReport> ComputeRegionIndicators(Platform& platform, const std::string& region_code,
                                                int year, const AccountingOptions& options) {
  IndicatorReport report;
  report.region_code = region_code;
  report.year = year;
  CPK_ASSIGN_OR_RETURN(YearData data, LoadYear(platform, region_code, year, options.as_of));
  report.synthetic = data.synthetic;
  CPK_ASSIGN_OR_RETURN(report.inputs,
                       BuildIndicatorInputs(platform, region_code, year, options, &report.notes));
  std::optional<indicators::IndicatorInputs> base;
  if (year != 2020) {
    Result<indicators::IndicatorInputs> b =
        BuildIndicatorInputs(platform, region_code, 2020, options, nullptr);
    if (b.ok()) {
      base = *std::move(b);
    } else {
      report.notes.push_back("base year 2020: " + b.status().message());
    }
  } else {
    base = report.inputs;
  }
  indicators::IndicatorOptions io;
  io.non_fossil_rule = options.non_fossil_rule;
  report.outcomes = indicators::ComputeAll(platform.refdata().indicators, report.inputs,
                                           base ? &*base : nullptr, {}, io);
  if (report.synthetic) {
    report.notes.insert(report.notes.begin(),
                        "SYNTHETIC demo data: the statistics are made up for demonstration");
  }
  return report;
}

Result<TargetsReport> ComputeTargetsStatus(Platform& platform, const std::string& region_code,
                                           std::optional<int> current_year,
                                           const AccountingOptions& options) {
  TargetsReport report;
  report.region_code = region_code;
  CPK_ASSIGN_OR_RETURN(report.plan_id, platform.ResolvePlan(region_code));
  CPK_ASSIGN_OR_RETURN(domain::Plan plan, platform.GetPlan(std::to_string(report.plan_id)));
  report.plan_title = plan.title;
  CPK_ASSIGN_OR_RETURN(report.data_years, StatisticsYears(platform, region_code));
  if (report.data_years.empty() && !current_year) {
    return Status::NotFound("no statistics are stored for " + region_code +
                            "; import them with `carbonpeak data import FILE`, or give "
                            "--year to assess with no data");
  }
  report.current_year =
      current_year.value_or(report.data_years.empty() ? 0 : report.data_years.back());
  indicators::TrackingData data;
  indicators::IndicatorOptions io;
  io.non_fossil_rule = options.non_fossil_rule;
  std::map<int, indicators::IndicatorInputs> inputs;
  for (int y : report.data_years) {
    std::vector<std::string> notes;
    Result<indicators::IndicatorInputs> in =
        BuildIndicatorInputs(platform, region_code, y, options, &notes);
    if (!in.ok()) {
      report.notes.push_back(std::to_string(y) + ": " + in.status().message());
      continue;
    }
    inputs[y] = *std::move(in);
  }
  const int base_year = plan.base_year > 0 ? plan.base_year : 2020;
  const indicators::IndicatorInputs* base =
      inputs.count(base_year) ? &inputs.at(base_year) : nullptr;
  for (const auto& [y, in] : inputs) {
    if (y > report.current_year) continue;
    for (const indicators::IndicatorOutcome& o :
         indicators::ComputeAll(platform.refdata().indicators, in, base, {}, io)) {
      indicators::ActualSeries& s = data.series[o.key];
      if (o.value.ok()) {
        s.by_year[y] = o.value->value;
      } else {
        s.missing_note = std::to_string(y) + ": " + o.value.status().message();
      }
    }
  }
  // The peak year needs the series up to each year.
  std::vector<indicators::IndicatorInputs> so_far;
  for (const auto& [y, in] : inputs) {
    if (y > report.current_year) break;
    so_far.push_back(in);
    Result<indicators::IndicatorValue> peak = indicators::CarbonPeakYear(so_far);
    indicators::ActualSeries& s = data.series["carbon_peak_year"];
    if (peak.ok()) {
      s.by_year[y] = peak->value;
    } else {
      s.missing_note = std::to_string(y) + ": " + peak.status().message();
    }
  }
  for (int y : report.data_years) {
    Result<YearData> d = LoadYear(platform, region_code, y, options.as_of);
    if (d.ok() && d->synthetic) report.synthetic = true;
  }
  indicators::TrackingOptions to;
  to.current_year = report.current_year;
  to.default_base_year = base_year;
  to.warning_levels = platform.refdata().warning_levels;
  CPK_ASSIGN_OR_RETURN(report.progress, indicators::TrackTargets(
                                            plan.targets, platform.refdata().indicators, data, to));
  if (report.synthetic) {
    report.notes.insert(report.notes.begin(),
                        "SYNTHETIC demo data: actual values come from made-up statistics");
  }
  return report;
}

Result<size_t> LoadDemoStatistics(Platform& platform) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(platform.options().resource_dir) / "demo" / "statistics";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("the demo statistics folder '" + dir.string() + "' is missing");
  }
  const std::string region = "430703";
  CPK_ASSIGN_OR_RETURN(std::vector<int> years, StatisticsYears(platform, region));
  if (!years.empty()) return size_t{0};

  // Demo factors first: factors.csv (sector,item,parameter,year,value,unit,source,reason).
  fs::path factors = dir / "factors.csv";
  CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(factors.string()));
  CPK_ASSIGN_OR_RETURN(csv::Table table, csv::Parse(text, "demo/statistics/factors.csv"));
  CPK_RETURN_IF_ERROR(table.RequireColumns(
      {"sector", "item", "parameter", "year", "value", "unit", "source", "reason"}));
  for (const csv::Row& row : table.rows()) {
    CPK_ASSIGN_OR_RETURN(std::string sector, table.Text(row, "sector"));
    CPK_ASSIGN_OR_RETURN(double value, table.Number(row, "value"));
    CPK_ASSIGN_OR_RETURN(std::optional<double> year, table.OptionalNumber(row, "year"));
    CPK_ASSIGN_OR_RETURN(std::string source, table.Text(row, "source"));
    CPK_ASSIGN_OR_RETURN(std::string reason, table.Text(row, "reason"));
    if (sector == "generation_coal_rate") {
      if (!year) return table.Error(row, "year", "the 发电煤耗 needs its year");
      CPK_RETURN_IF_ERROR(SetGenerationCoalRate(platform, region,
                                                {static_cast<int>(*year), value, source}, reason,
                                                "demo-loader")
                              .status());
      continue;
    }
    domain::FactorOverride o;
    o.key.sector = sector;
    CPK_ASSIGN_OR_RETURN(o.key.item, table.Text(row, "item"));
    CPK_ASSIGN_OR_RETURN(o.key.parameter, table.Text(row, "parameter"));
    o.key.year = year ? static_cast<int>(*year) : 0;
    o.value = value;
    CPK_ASSIGN_OR_RETURN(o.unit, table.Text(row, "unit"));
    o.source = source;
    o.reason = reason;
    CPK_RETURN_IF_ERROR(SetFactorOverride(platform, region, o, "demo-loader").status());
  }

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".csv" && entry.path().filename() != "factors.csv") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  size_t stored = 0;
  for (const fs::path& file : files) {
    CPK_ASSIGN_OR_RETURN(std::string csv_text, ReadFile(file.string()));
    StatisticsImportOptions options;
    options.author = "demo-loader";
    options.reason = "SYNTHETIC demo data set (not real statistics)";
    CPK_ASSIGN_OR_RETURN(
        StatisticsImport imported,
        ImportStatisticsCsv(platform, csv_text, "demo/statistics/" + file.filename().string(),
                            options));
    stored += imported.stored;
  }
  return stored;
}

}  // namespace carbonpeak::app
