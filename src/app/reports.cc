#include "app/reports.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "base/file.h"
#include "base/xlsx/xlsx.h"
#include "indicators/progress.h"
#include "indicators/schedule.h"

namespace carbonpeak::app {
namespace {

using xlsx::Cell;
using Row = std::vector<Cell>;

Cell Text(std::string_view s) { return s.empty() ? Cell::Empty() : Cell::Text(std::string(s)); }
Cell Num(double v) { return Cell::Number(v); }
Cell Num(const std::optional<double>& v) { return Cell::Number(v); }

xlsx::SheetData Sheet(std::string name, std::vector<std::string_view> header,
                      std::vector<double> widths) {
  xlsx::SheetData s;
  s.name = std::move(name);
  Row h;
  for (std::string_view c : header) h.push_back(Cell::Text(std::string(c)));
  s.rows.push_back(std::move(h));
  s.column_widths = std::move(widths);
  return s;
}

std::string SectorName(const refdata::RefData& ref, std::string_view code) {
  for (const refdata::Sector& s : ref.sectors) {
    if (s.code == code) return s.name_zh;
  }
  return "";
}

std::string CarrierName(const refdata::RefData& ref, std::string_view code) {
  for (const refdata::EnergyCarrier& c : ref.energy_carriers) {
    if (c.code == code) return c.name_zh;
  }
  return "";
}

std::string ItemName(const refdata::RefData& ref, std::string_view code) {
  std::string carrier = CarrierName(ref, code);
  if (!carrier.empty()) return carrier;
  for (const accounting::InventoryItem& item : accounting::InventoryItems()) {
    if (item.code == code) return std::string(item.name_zh);
  }
  return "";
}

// Key/value rows of a summary sheet.
struct Summary {
  xlsx::SheetData sheet =
      Sheet("summary 概况", {"项目 Item", "值 Value", "单位 Unit", "说明 Note"}, {34, 18, 12, 90});
  void Add(std::string_view item, Cell value, std::string_view unit = "",
           std::string_view note = "") {
    sheet.rows.push_back({Text(item), std::move(value), Text(unit), Text(note)});
  }
  void Note(std::string_view item, std::string_view note) { Add(item, Cell::Empty(), "", note); }
};

// Factor origin columns shared by the balance and the inventory.
constexpr std::string_view kFactorHeader[] = {
    "factor",    "value",        "unit",        "origin", "set",   "reference item",
    "file:line", "verification", "source 来源", "note",   "reason"};

void AddFactorRow(xlsx::SheetData& sheet, const domain::Factor& f) {
  const domain::FactorOrigin& o = f.origin;
  std::string where =
      o.file.empty() ? "" : o.file + (o.line > 0 ? ":" + std::to_string(o.line) : "");
  sheet.rows.push_back({Text(domain::FactorKeyText(f.key)), Num(f.value), Text(f.unit),
                        Text(domain::FactorOriginKindName(o.kind)), Text(o.set), Text(o.item),
                        Text(where), Text(o.verification), Text(o.citation), Text(o.note),
                        Text(o.reason)});
}

xlsx::SheetData FactorSheet(std::string name, const std::vector<domain::Factor>& factors) {
  xlsx::SheetData s =
      Sheet(std::move(name),
            std::vector<std::string_view>(std::begin(kFactorHeader), std::end(kFactorHeader)),
            {44, 14, 14, 10, 26, 22, 34, 12, 60, 40, 40});
  for (const domain::Factor& f : factors) AddFactorRow(s, f);
  return s;
}

constexpr std::string_view kFlowHeader[] = {"carrier",
                                            "name 名称",
                                            "unit 单位",
                                            "production 生产",
                                            "inflow 调入",
                                            "outflow 调出",
                                            "stock_change 库存增(−)减(+)",
                                            "transformation_input 加工转换投入",
                                            "transformation_output 加工转换产出",
                                            "losses 损失",
                                            "final_consumption 终端消费",
                                            "supply 供应",
                                            "consumption 消费",
                                            "residual 平衡差额"};

Row FlowRow(std::string carrier, std::string name, std::string unit,
            const domain::BalanceFlows& f) {
  return {Text(carrier),
          Text(name),
          Text(unit),
          Num(f.production),
          Num(f.inflow),
          Num(f.outflow),
          Num(f.stock_change),
          Num(f.transformation_input),
          Num(f.transformation_output),
          Num(f.losses),
          Num(f.final_consumption),
          Num(f.supply),
          Num(f.consumption),
          Num(f.residual)};
}

xlsx::SheetData FlowSheet(std::string name, std::vector<std::string_view> extra_header) {
  std::vector<std::string_view> header(std::begin(kFlowHeader), std::end(kFlowHeader));
  header.insert(header.end(), extra_header.begin(), extra_header.end());
  std::vector<double> widths = {16, 14, 9};
  widths.resize(header.size(), 16);
  return Sheet(std::move(name), header, widths);
}

void AddNotes(Summary& s, const std::vector<domain::ResultNote>& notes) {
  for (const domain::ResultNote& n : notes) s.Note("note " + n.code, n.message);
}

Result<bool> CheckXlsxPath(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".xlsx") {
    return Status::InvalidArgument(path +
                                   ": reports are written as .xlsx; give a file name "
                                   "ending in .xlsx");
  }
  return true;
}

Status WriteBytes(const std::string& path, const Result<std::string>& bytes) {
  if (!bytes.ok()) return bytes.status();
  return WriteFileAtomic(path, *bytes);
}

}  // namespace

Result<std::string> BalanceWorkbook(const refdata::RefData& ref, const domain::EnergyBalance& b) {
  Summary summary;
  summary.Add("region 地区", Text(b.region_code));
  summary.Add("year 年度", Num(b.year));
  summary.Add("factor set version 因子集版本", Text(b.factor_set_version));
  if (b.coal_rate) {
    summary.Add("发电煤耗 generation coal rate", Num(b.coal_rate->gce_per_kwh), "gce/kWh",
                b.coal_rate->source);
  } else {
    summary.Note("发电煤耗 generation coal rate",
                 "not supplied: the 等价值 caliber is not computed 未提供，等价值未计算");
  }
  summary.Add("supply 供应 (当量值)", Num(b.total_calorific.supply), "tce");
  summary.Add("consumption 消费 (当量值)", Num(b.total_calorific.consumption), "tce");
  summary.Add("final consumption 终端消费 (当量值)", Num(b.total_calorific.final_consumption),
              "tce");
  summary.Add("residual 平衡差额 (当量值)", Num(b.total_calorific.residual), "tce",
              "supply − transformation (net) − losses − final consumption");
  if (b.total_equivalent) {
    summary.Add("supply 供应 (等价值)", Num(b.total_equivalent->supply), "tce");
    summary.Add("consumption 消费 (等价值)", Num(b.total_equivalent->consumption), "tce");
    summary.Add("final consumption 终端消费 (等价值)", Num(b.total_equivalent->final_consumption),
                "tce");
    summary.Add("residual 平衡差额 (等价值)", Num(b.total_equivalent->residual), "tce");
  }
  for (const std::string& m : b.missing_inputs) summary.Note("missing input 缺少", m);
  AddNotes(summary, b.notes);

  xlsx::SheetData physical = FlowSheet("physical 实物量", {"closes 平衡"});
  xlsx::SheetData calorific = FlowSheet("tce 当量值", {"tce per unit 折标系数"});
  xlsx::SheetData equivalent = FlowSheet("tce 等价值", {"tce per unit 折标系数"});
  for (const domain::CarrierBalance& c : b.carriers) {
    const std::string name = CarrierName(ref, c.carrier);
    Row p = FlowRow(c.carrier, name, c.unit, c.physical);
    p.push_back(Cell::Bool(c.closes));
    physical.rows.push_back(std::move(p));
    Row cal = FlowRow(c.carrier, name, "tce", c.tce_calorific);
    cal.push_back(Num(c.tce_per_unit_calorific));
    calorific.rows.push_back(std::move(cal));
    if (c.tce_equivalent) {
      Row eq = FlowRow(c.carrier, name, "tce", *c.tce_equivalent);
      eq.push_back(Num(c.tce_per_unit_equivalent));
      equivalent.rows.push_back(std::move(eq));
    } else {
      equivalent.rows.push_back({Text(c.carrier), Text(name), Text("tce")});
    }
  }
  calorific.rows.push_back(FlowRow("total", "合计", "tce", b.total_calorific));
  if (b.total_equivalent) {
    equivalent.rows.push_back(FlowRow("total", "合计", "tce", *b.total_equivalent));
  } else {
    std::string why = "not computed 未计算";
    for (const std::string& m : b.missing_inputs) why += "; " + m;
    equivalent.rows.push_back({Text("total"), Text("合计"), Text("tce"), Text(why)});
  }

  xlsx::SheetData sectors =
      Sheet("sectors 分部门", {"level", "sector", "name 名称", "tce 当量值", "tce 等价值"},
            {10, 22, 24, 16, 16});
  for (const domain::SectorEnergy& s : b.final_by_sector) {
    sectors.rows.push_back({Text("sector"), Text(s.sector), Text(SectorName(ref, s.sector)),
                            Num(s.tce_calorific), Num(s.tce_equivalent)});
  }
  for (const domain::SectorEnergy& s : b.final_by_group) {
    sectors.rows.push_back({Text("group"), Text(s.sector), Cell::Empty(), Num(s.tce_calorific),
                            Num(s.tce_equivalent)});
  }
  for (const domain::GenerationSource& g : b.generation) {
    sectors.rows.push_back({Text("generation 万kWh"), Text(g.sector),
                            Text(SectorName(ref, g.sector)), Num(g.electricity_10k_kwh),
                            Cell::Empty()});
  }

  xlsx::SheetData entries =
      Sheet("entries 明细",
            {"flow", "sector", "carrier", "quantity 实物量", "unit", "tce 当量值", "tce 等价值"},
            {22, 22, 16, 16, 9, 16, 16});
  std::map<std::string, std::string> units;
  for (const domain::CarrierBalance& c : b.carriers) units[c.carrier] = c.unit;
  for (const domain::BalanceEntry& e : b.entries) {
    entries.rows.push_back({Text(domain::ActivityFlowName(e.flow)), Text(e.sector), Text(e.carrier),
                            Num(e.quantity), Text(units[e.carrier]), Num(e.tce_calorific),
                            Num(e.tce_equivalent)});
  }

  return xlsx::WriteWorkbook({std::move(summary.sheet), std::move(physical), std::move(calorific),
                              std::move(equivalent), std::move(sectors), std::move(entries),
                              FactorSheet("factors 折标系数", b.factors)});
}

Result<std::string> InventoryWorkbook(const refdata::RefData& ref, const domain::Inventory& inv) {
  Summary summary;
  summary.Add("region 地区", Text(inv.region_code));
  summary.Add("year 年度", Num(inv.year));
  summary.Add("fuel factor set 燃料因子", Text(inv.fuel_set));
  summary.Add("GWP", Text(domain::GwpReportName(inv.gwp)), "", "GWP100");
  summary.Add("grid 电网因子", Text(inv.grid.region_zh), "",
              std::string(domain::GridScopeName(inv.grid.scope)) + " " + inv.grid.caliber);
  summary.Add("factor set version 因子集版本", Text(inv.factor_set_version));
  const domain::InventoryTotals& t = inv.totals;
  summary.Add("CO2 (excl. forestry 不含林业)", Num(t.co2_t), "t");
  summary.Add("CH4", Num(t.ch4_t), "t");
  summary.Add("N2O", Num(t.n2o_t), "t");
  summary.Add("gross 总排放", Num(t.gross_co2e_t), "tCO2e", "every category except forestry");
  summary.Add("forestry 林业", Num(t.forestry_co2e_t), "tCO2e", "negative = removal 负值为碳汇");
  summary.Add("net 净排放", Num(t.net_co2e_t), "tCO2e", "gross + forestry");
  summary.Add("energy CO2 能源活动", Num(t.energy_co2_t), "t",
              "fuel combustion + indirect electricity and heat");
  summary.Add("combustion CO2 化石燃料燃烧", Num(t.combustion_co2_t), "t");
  summary.Add("indirect CO2 净调入电力热力", Num(t.indirect_co2_t), "t");
  summary.Add("uses overrides 使用用户因子", Cell::Bool(inv.uses_overrides));
  AddNotes(summary, inv.notes);

  xlsx::SheetData categories = Sheet(
      "categories 分类", {"category", "CO2 t", "CH4 t", "N2O t", "CO2e t"}, {24, 16, 14, 14, 16});
  for (const domain::CategoryTotal& c : inv.by_category) {
    categories.rows.push_back({Text(domain::InventoryCategoryName(c.category)), Num(c.co2_t),
                               Num(c.ch4_t), Num(c.n2o_t), Num(c.co2e_t)});
  }

  // Sector × gas: fuel combustion by sector; the other categories by method step and item.
  struct Cellv {
    double gas[3] = {0, 0, 0};
    double co2e = 0;
  };
  std::vector<std::tuple<int, std::string, std::string>> order;
  std::map<std::tuple<int, std::string, std::string>, Cellv> pivot;
  for (const domain::InventoryLine& l : inv.lines) {
    std::string key = !l.sector.empty() ? l.sector : l.item;
    auto k = std::make_tuple(static_cast<int>(l.category), l.subcategory, key);
    auto [it, inserted] = pivot.try_emplace(k);
    if (inserted) order.push_back(k);
    it->second.gas[static_cast<int>(l.gas)] += l.emission_t;
    it->second.co2e += l.co2e_t;
  }
  xlsx::SheetData by_sector = Sheet("sector x gas 部门气体",
                                    {"category", "subcategory", "sector / item", "name 名称",
                                     "CO2 t", "CH4 t", "N2O t", "CO2e t"},
                                    {22, 18, 22, 24, 16, 14, 14, 16});
  for (const auto& k : order) {
    const Cellv& v = pivot[k];
    by_sector.rows.push_back({Text(domain::InventoryCategoryName(
                                  static_cast<domain::InventoryCategory>(std::get<0>(k)))),
                              Text(std::get<1>(k)), Text(std::get<2>(k)),
                              Text(std::get<1>(k) == "combustion" ? SectorName(ref, std::get<2>(k))
                                                                  : ItemName(ref, std::get<2>(k))),
                              Num(v.gas[0]), Num(v.gas[1]), Num(v.gas[2]), Num(v.co2e)});
  }
  by_sector.rows.push_back({Text("total 合计"), Cell::Empty(), Cell::Empty(), Text("净排放 net"),
                            Num(t.co2_t), Num(t.ch4_t), Num(t.n2o_t), Num(t.net_co2e_t)});

  xlsx::SheetData lines = Sheet(
      "lines 明细",
      {"category", "subcategory", "sector", "item", "gas", "activity 活动水平", "unit",
       "emission t", "CO2e t", "method", "formula 公式", "factors used 因子", "records 数据行"},
      {20, 16, 20, 18, 6, 16, 9, 14, 14, 18, 40, 80, 12});
  for (const domain::InventoryLine& l : inv.lines) {
    std::string factors;
    for (uint32_t i : l.factors) {
      if (i >= inv.factors.size()) continue;
      const domain::Factor& f = inv.factors[i];
      char value[32];
      std::snprintf(value, sizeof value, "%.10g", f.value);
      factors += (factors.empty() ? "" : "; ") + domain::FactorKeyText(f.key) + " = " + value +
                 " " + f.unit;
    }
    std::string records;
    for (uint32_t r : l.records) records += (records.empty() ? "" : " ") + std::to_string(r);
    lines.rows.push_back(
        {Text(domain::InventoryCategoryName(l.category)), Text(l.subcategory), Text(l.sector),
         Text(l.item), Text(domain::GasName(l.gas)), Num(l.activity), Text(l.activity_unit),
         Num(l.emission_t), Num(l.co2e_t), Text(domain::EmissionMethodName(l.method)),
         Text(domain::EmissionMethodFormula(l.method)), Text(factors), Text(records)});
  }

  return xlsx::WriteWorkbook({std::move(summary.sheet), std::move(categories), std::move(by_sector),
                              std::move(lines), FactorSheet("factors 排放因子", inv.factors)});
}

Result<std::string> TargetsWorkbook(const refdata::RefData& ref, const TargetsReport& report) {
  xlsx::SheetData targets = Sheet(
      "targets 目标", {"indicator",          "name 指标",
                       "target year 目标年", "kind",
                       "qualifier",          "unit 单位",
                       "target 目标值",      "target high",
                       "actual year 年度",   "actual 实际值",
                       "previous 上年",      "base year 基准年",
                       "base value 基准值",  "schedule",
                       "expected 进度要求",  "status 状态",
                       "warning 预警",       "colour",
                       "explanation 说明",   "explanation (en)",
                       "next step 下一步",   "warning basis 依据"},
      {24, 26, 10, 10, 12, 12, 12, 10, 10, 12, 12, 10, 12, 14, 12, 14, 10, 8, 60, 60, 50, 40});
  for (const indicators::TargetProgress& p : report.progress) {
    const refdata::IndicatorDef* def = ref.indicators.Find(p.indicator);
    targets.rows.push_back({Text(p.indicator),
                            Text(def != nullptr ? def->name_zh : ""),
                            p.target_year > 0 ? Num(p.target_year) : Cell::Empty(),
                            Text(domain::TargetKindName(p.kind)),
                            Text(p.qualifier),
                            Text(p.unit),
                            Num(p.target_value),
                            Num(p.target_value_high),
                            p.actual_year ? Num(*p.actual_year) : Cell::Empty(),
                            Num(p.actual),
                            Num(p.previous),
                            p.base_year > 0 ? Num(p.base_year) : Cell::Empty(),
                            Num(p.base_value),
                            Text(indicators::ScheduleKindName(p.schedule)),
                            Num(p.expected),
                            Text(indicators::TargetStatusName(p.status)),
                            Text(indicators::WarningLevelNameZh(p.warning)),
                            Text(indicators::WarningColour(p.warning)),
                            Text(p.explanation_zh),
                            Text(p.explanation_en),
                            Text(p.next_step),
                            Text(p.warning_basis)});
  }
  xlsx::SheetData notes = Sheet("notes 说明", {"项目 Item", "说明 Note"}, {24, 100});
  notes.rows.push_back({Text("region 地区"), Text(report.region_code)});
  notes.rows.push_back({Text("plan 规划"), Text(report.plan_title)});
  notes.rows.push_back({Text("current year 评估年度"), Num(report.current_year)});
  std::string years;
  for (int y : report.data_years) years += (years.empty() ? "" : ", ") + std::to_string(y);
  notes.rows.push_back({Text("years with data 数据年度"), Text(years)});
  if (report.synthetic) {
    notes.rows.push_back(
        {Text(kSyntheticMark), Text("figures come from the SYNTHETIC demo data set, not from "
                                    "statistics 演示数据，非统计数据")});
  }
  for (const std::string& n : report.notes) notes.rows.push_back({Text("note"), Text(n)});
  return xlsx::WriteWorkbook({std::move(targets), std::move(notes)});
}

Result<std::string> BalanceXlsx(Platform& platform, const std::string& region_code, int year,
                                const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(domain::EnergyBalance b,
                       ComputeRegionBalance(platform, region_code, year, options));
  return BalanceWorkbook(platform.refdata(), b);
}

Result<std::string> InventoryXlsx(Platform& platform, const std::string& region_code, int year,
                                  const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(domain::Inventory inv,
                       ComputeRegionInventory(platform, region_code, year, options));
  return InventoryWorkbook(platform.refdata(), inv);
}

Result<std::string> TargetsXlsx(Platform& platform, const std::string& region_code,
                                std::optional<int> current_year, const AccountingOptions& options) {
  CPK_ASSIGN_OR_RETURN(TargetsReport t,
                       ComputeTargetsStatus(platform, region_code, current_year, options));
  return TargetsWorkbook(platform.refdata(), t);
}

Status WriteBalanceXlsx(Platform& platform, const std::string& region_code, int year,
                        const AccountingOptions& options, const std::string& path) {
  CPK_RETURN_IF_ERROR(CheckXlsxPath(path).status());
  return WriteBytes(path, BalanceXlsx(platform, region_code, year, options));
}

Status WriteInventoryXlsx(Platform& platform, const std::string& region_code, int year,
                          const AccountingOptions& options, const std::string& path) {
  CPK_RETURN_IF_ERROR(CheckXlsxPath(path).status());
  return WriteBytes(path, InventoryXlsx(platform, region_code, year, options));
}

Status WriteTargetsXlsx(Platform& platform, const std::string& region_code,
                        std::optional<int> current_year, const AccountingOptions& options,
                        const std::string& path) {
  CPK_RETURN_IF_ERROR(CheckXlsxPath(path).status());
  return WriteBytes(path, TargetsXlsx(platform, region_code, current_year, options));
}

}  // namespace carbonpeak::app
