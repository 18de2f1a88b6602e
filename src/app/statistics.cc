#include "app/statistics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "accounting/accounting.h"
#include "base/csv.h"
#include "base/file.h"
#include "base/text.h"
#include "base/units.h"
#include "base/xlsx/xlsx.h"

namespace carbonpeak::app {
namespace {

using domain::ActivityFlow;

constexpr EconomyItem kEconomyItems[] = {
    {"gdp_constant_2020", "万元", "地区生产总值（2020年不变价）", true, true},
    {"gdp_current", "万元", "地区生产总值（当年价）", false, true},
    {"population", "万人", "年末常住人口", true, false},
    {"land_area", "hm²", "国土面积", false, false},
    {"forest_area", "hm²", "森林面积", false, false},
};

constexpr std::string_view kIndustries[] = {"primary", "secondary", "tertiary"};

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool IsEnergySectionFlow(ActivityFlow flow) {
  return domain::IsEnergyBalanceFlow(flow) || flow == ActivityFlow::kInstalledCapacity;
}

bool IsForestFlow(ActivityFlow flow) {
  return flow == ActivityFlow::kForestStockOpening || flow == ActivityFlow::kForestStockClosing;
}

bool ValidSpeciesCode(std::string_view code) {
  if (code.empty()) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<double> ParseNumber(std::string_view text, std::string& cleaned) {
  cleaned = text::ToHalfWidth(text::Trim(text));
  cleaned.erase(std::remove(cleaned.begin(), cleaned.end(), ','), cleaned.end());
  if (cleaned.empty()) return std::nullopt;
  double v = 0;
  const char* begin = cleaned.data();
  const char* end = begin + cleaned.size();
  if (*begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string FlowList(bool energy) {
  std::string out;
  for (int i = 0; i <= static_cast<int>(ActivityFlow::kWastewaterOrganics); ++i) {
    auto flow = static_cast<ActivityFlow>(i);
    if (IsEnergySectionFlow(flow) != energy) continue;
    out += (out.empty() ? "" : ", ") + std::string(domain::ActivityFlowName(flow));
  }
  return out;
}

// Ordering keys for export.
struct Order {
  std::map<std::string, size_t, std::less<>> sector, carrier, item, economy;
};

const Order& OrderOf(const refdata::RefData& ref) {
  // RefData is immutable after load; the order depends only on the vocabularies, so build it per
  // call site cheaply.
  static thread_local const refdata::RefData* last = nullptr;
  static thread_local Order order;
  if (last != &ref) {
    order = Order{};
    for (size_t i = 0; i < ref.sectors.size(); ++i) order.sector[ref.sectors[i].code] = i;
    for (size_t i = 0; i < ref.energy_carriers.size(); ++i) {
      order.carrier[ref.energy_carriers[i].code] = i;
    }
    size_t i = 0;
    for (const accounting::InventoryItem& item : accounting::InventoryItems()) {
      order.item[std::string(item.code)] = i++;
    }
    i = 0;
    for (const EconomyItem& item : kEconomyItems) order.economy[std::string(item.code)] = i++;
    last = &ref;
  }
  return order;
}

size_t Rank(const std::map<std::string, size_t, std::less<>>& m, std::string_view key) {
  auto it = m.find(key);
  return it == m.end() ? m.size() : it->second;
}

void SortRows(const refdata::RefData& ref, std::vector<StatisticsRow>& rows) {
  const Order& o = OrderOf(ref);
  auto key = [&](const StatisticsRow& r) {
    size_t item_rank =
        r.section == StatisticsSection::kEconomy ? Rank(o.economy, r.item) : Rank(o.item, r.item);
    return std::make_tuple(r.region_code, r.year, static_cast<int>(r.section),
                           static_cast<int>(r.flow), Rank(o.sector, r.sector),
                           Rank(o.carrier, r.carrier), item_rank, r.item, r.sector);
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const StatisticsRow& a, const StatisticsRow& b) { return key(a) < key(b); });
}

std::string RowLabel(const refdata::RefData& ref, const StatisticsRow& r) {
  std::string label;
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    label += (label.empty() ? "" : " / ") + s;
  };
  if (r.section == StatisticsSection::kEconomy) {
    if (const EconomyItem* item = FindEconomyItem(r.item)) add(std::string(item->name_zh));
    if (r.sector == "primary") add("第一产业");
    if (r.sector == "secondary") add("第二产业");
    if (r.sector == "tertiary") add("第三产业");
    return label;
  }
  for (const refdata::Sector& s : ref.sectors) {
    if (s.code == r.sector) add(s.name_zh);
  }
  for (const refdata::EnergyCarrier& c : ref.energy_carriers) {
    if (c.code == r.carrier) add(c.name_zh);
  }
  for (const accounting::InventoryItem& item : accounting::InventoryItems()) {
    if (item.code == r.item && item.flow == r.flow) add(std::string(item.name_zh));
  }
  return label;
}

constexpr std::string_view kReadmeSheet = "README";

bool IsReadmeSheet(std::string_view name) {
  std::string lower(text::Trim(name));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "readme" || lower == "说明" || lower == "填表说明";
}

std::string LowerExtension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

std::string_view StatisticsSectionName(StatisticsSection section) {
  switch (section) {
    case StatisticsSection::kEnergy:
      return "energy";
    case StatisticsSection::kActivity:
      return "activity";
    case StatisticsSection::kEconomy:
      return "economy";
  }
  return "energy";
}

std::optional<StatisticsSection> ParseStatisticsSection(std::string_view name) {
  for (auto s :
       {StatisticsSection::kEnergy, StatisticsSection::kActivity, StatisticsSection::kEconomy}) {
    if (StatisticsSectionName(s) == name) return s;
  }
  return std::nullopt;
}

std::span<const EconomyItem> EconomyItems() { return kEconomyItems; }

const EconomyItem* FindEconomyItem(std::string_view code) {
  for (const EconomyItem& item : kEconomyItems) {
    if (item.code == code) return &item;
  }
  return nullptr;
}

std::string ImportProblem::ToString() const {
  std::string out = file;
  if (!sheet.empty()) {
    // Spreadsheet cells as the spreadsheet names them: file.xlsx#energy!H12.
    out += "#" + sheet;
    if (row > 0 && column > 0) {
      out += "!" + xlsx::CellName(row, column);
    } else if (row > 0) {
      out += " row " + std::to_string(row);
    }
  } else {
    if (row > 0) out += ":" + std::to_string(row);
    if (row > 0 && column > 0) out += ":" + std::to_string(column);
  }
  if (!column_name.empty()) out += " (" + column_name + ")";
  return out + ": " + message;
}

std::string FormatCellSource(const domain::ActivityProvenance& p) {
  std::string out = p.file;
  if (!p.sheet.empty()) out += "#" + p.sheet;
  return out + ":" + std::to_string(p.row) + ":" + std::to_string(p.column);
}

domain::ActivityProvenance ParseCellSource(std::string_view source) {
  domain::ActivityProvenance p;
  size_t c2 = source.rfind(':');
  size_t c1 =
      c2 == std::string_view::npos || c2 == 0 ? std::string_view::npos : source.rfind(':', c2 - 1);
  int row = 0, column = 0;
  auto parse_int = [](std::string_view s, int& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
  };
  std::string_view head = source;
  if (c1 != std::string_view::npos && parse_int(source.substr(c1 + 1, c2 - c1 - 1), row) &&
      parse_int(source.substr(c2 + 1), column)) {
    head = source.substr(0, c1);
    p.row = row;
    p.column = column;
  }
  size_t hash = head.rfind('#');
  if (hash != std::string_view::npos) {
    p.file = std::string(head.substr(0, hash));
    p.sheet = std::string(head.substr(hash + 1));
  } else {
    p.file = std::string(head);
  }
  return p;
}

store::Figure RowToFigure(const StatisticsRow& row) {
  store::Figure f;
  f.key.region_code = row.region_code;
  f.key.period = std::to_string(row.year);
  switch (row.section) {
    case StatisticsSection::kEnergy: {
      f.key.item = "energy." + std::string(domain::ActivityFlowName(row.flow));
      std::string dims;
      if (!row.carrier.empty()) dims = "carrier=" + row.carrier;
      if (!row.sector.empty()) dims += (dims.empty() ? "" : ";") + ("sector=" + row.sector);
      f.key.dims = dims;
      break;
    }
    case StatisticsSection::kActivity:
      f.key.item = "activity." + std::string(domain::ActivityFlowName(row.flow));
      f.key.dims = "item=" + row.item;
      break;
    case StatisticsSection::kEconomy:
      f.key.item = "economy." + row.item;
      f.key.dims = row.sector.empty() ? "" : "industry=" + row.sector;
      break;
  }
  f.revision.value = row.value;
  f.revision.unit = row.unit;
  f.revision.source = FormatCellSource(row.provenance);
  f.revision.reason = row.note;
  return f;
}

std::optional<StatisticsRow> FigureToRow(const store::Figure& figure) {
  StatisticsRow r;
  const std::string& item = figure.key.item;
  size_t dot = item.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto section = ParseStatisticsSection(std::string_view(item).substr(0, dot));
  if (!section) return std::nullopt;
  r.section = *section;
  std::string_view rest = std::string_view(item).substr(dot + 1);
  int year = 0;
  auto [ptr, ec] = std::from_chars(figure.key.period.data(),
                                   figure.key.period.data() + figure.key.period.size(), year);
  if (ec != std::errc() || ptr != figure.key.period.data() + figure.key.period.size()) {
    return std::nullopt;
  }
  r.year = year;
  r.region_code = figure.key.region_code;
  // dims
  std::map<std::string, std::string> dims;
  std::string_view d = figure.key.dims;
  while (!d.empty()) {
    size_t semi = d.find(';');
    std::string_view part = d.substr(0, semi);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos) {
      dims[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    d.remove_prefix(semi + 1);
  }
  if (r.section == StatisticsSection::kEconomy) {
    r.item = std::string(rest);
    r.sector = dims["industry"];
  } else {
    auto flow = domain::ParseActivityFlow(rest);
    if (!flow) return std::nullopt;
    r.flow = *flow;
    r.sector = dims["sector"];
    r.carrier = dims["carrier"];
    r.item = dims["item"];
  }
  r.value = figure.revision.value;
  r.unit = figure.revision.unit;
  r.provenance = ParseCellSource(figure.revision.source);
  if (figure.revision.reason != "statistics import") r.note = figure.revision.reason;
  return r;
}

ValidatedStatistics ValidateStatistics(const refdata::RefData& ref, const CellTable& table) {
  return ValidateStatisticsTables(ref, std::span<const CellTable>(&table, 1));
}

ValidatedStatistics ValidateStatisticsTables(const refdata::RefData& ref,
                                             std::span<const CellTable> tables) {
  ValidatedStatistics out;
  std::map<std::string, const refdata::Sector*, std::less<>> sectors;
  for (const refdata::Sector& s : ref.sectors) sectors[s.code] = &s;
  std::map<std::string, const refdata::EnergyCarrier*, std::less<>> carriers;
  for (const refdata::EnergyCarrier& c : ref.energy_carriers) carriers[c.code] = &c;
  std::set<std::string, std::less<>> regions;
  for (const domain::Region& r : ref.regions) regions.insert(r.code);
  const std::vector<accounting::InventoryItem> items = accounting::InventoryItems();

  std::map<store::FigureKey, std::pair<const CellTable*, int>> seen;  // figure → sheet, row
  std::set<std::pair<std::string, int>> region_years;

  for (const CellTable& table : tables) {
    auto problem = [&](int row, int column, std::string column_name, std::string message) {
      out.problems.push_back(ImportProblem{table.file, table.sheet, row, column,
                                           std::move(column_name), std::move(message)});
    };
    // Header.
    std::map<std::string_view, size_t> col;
    for (size_t i = 0; i < table.header.size(); ++i) {
      col[text::Trim(table.header[i])] = i;
    }
    std::string missing;
    for (std::string_view name : kStatisticsColumns) {
      if (name == "name" || name == "note") continue;
      if (!col.count(name)) missing += (missing.empty() ? "" : ", ") + std::string(name);
    }
    if (!missing.empty()) {
      problem(1, 0, "",
              "the header lacks the column(s) " + missing +
                  "; start from a template made by `carbonpeak data template` (columns: "
                  "region_code, year, section, flow, sector, carrier, item, value, unit, name, "
                  "note)");
      continue;
    }

    for (const CellTable::Row& row : table.rows) {
      auto cell = [&](std::string_view name) -> std::string {
        size_t i = col.at(name);
        return i < row.cells.size() ? std::string(text::Trim(text::ToHalfWidth(row.cells[i]))) : "";
      };
      auto column_of = [&](std::string_view name) { return static_cast<int>(col.at(name)) + 1; };
      auto bad = [&](std::string_view name, std::string message) {
        problem(row.row, column_of(name), std::string(name), std::move(message));
      };
      bool all_blank = std::all_of(row.cells.begin(), row.cells.end(),
                                   [](const std::string& c) { return text::Trim(c).empty(); });
      if (all_blank) continue;
      std::string cleaned;
      std::string value_text = cell("value");
      if (value_text.empty()) continue;  // not reported: the template's blank rows
      const size_t before = out.problems.size();

      StatisticsRow r;
      r.provenance = {table.file, table.sheet, row.row, column_of("value")};
      r.note = cell("note");
      std::optional<double> value = ParseNumber(value_text, cleaned);
      if (!value) {
        bad("value", "'" + value_text +
                         "' is not a number; write digits only, e.g. 1234.5 (no unit "
                         "or text in this cell)");
      } else {
        r.value = *value;
      }
      r.region_code = cell("region_code");
      if (r.region_code.empty()) {
        bad("region_code",
            "the region code is missing; write the 6-digit GB/T 2260 code, e.g. 430703");
      } else if (!regions.count(r.region_code)) {
        bad("region_code", "unknown region code " + Quoted(r.region_code) +
                               "; use a code listed by `carbonpeak region list`");
      }
      std::string year_text = cell("year");
      std::optional<double> year = ParseNumber(year_text, cleaned);
      if (!year || *year != static_cast<int>(*year) || *year < 1949 || *year > 2100) {
        bad("year", "the year " + Quoted(year_text) + " is not a calendar year; write e.g. 2023");
      } else {
        r.year = static_cast<int>(*year);
      }
      std::string section_text = cell("section");
      auto section = ParseStatisticsSection(section_text);
      if (!section) {
        bad("section",
            "unknown section " + Quoted(section_text) + "; write energy, activity or economy");
        continue;
      }
      r.section = *section;
      r.unit = cell("unit");
      std::string flow_text = cell("flow");
      r.sector = cell("sector");
      r.carrier = cell("carrier");
      r.item = cell("item");
      auto flow = domain::ParseActivityFlow(flow_text);
      std::optional<UnitInfo> unit;
      if (r.unit.empty()) {
        bad("unit",
            "the unit is missing; write the unit of the value (the template's unit, e.g. t, "
            "万m³, 万kWh, 头, hm², 万元)");
      } else if (Result<UnitInfo> u = ParseUnit(r.unit); !u.ok()) {
        bad("unit", "the unit " + Quoted(r.unit) + " is not known: " + u.status().message());
      } else {
        unit = *u;
      }

      switch (r.section) {
        case StatisticsSection::kEnergy: {
          if (!flow || !IsEnergySectionFlow(*flow)) {
            bad("flow", "energy rows need one of the flows " + FlowList(true) + ", not " +
                            Quoted(flow_text));
            break;
          }
          r.flow = *flow;
          if (!r.item.empty()) bad("item", "energy rows have no item; leave the cell empty");
          if (!r.sector.empty() && !sectors.count(r.sector)) {
            bad("sector", "unknown sector code " + Quoted(r.sector) +
                              "; use a code of data/sectors.csv (e.g. industry, ind_nonmetallic, "
                              "transport, residential_urban, gen_hydro, tr_thermal_power)");
          }
          const bool needs_sector =
              r.flow != ActivityFlow::kInflow && r.flow != ActivityFlow::kOutflow &&
              r.flow != ActivityFlow::kStockChange && r.flow != ActivityFlow::kLoss;
          if (needs_sector && r.sector.empty()) {
            bad("sector", "a " + flow_text + " row needs its sector code (data/sectors.csv)");
          }
          if (r.flow == ActivityFlow::kInstalledCapacity) {
            if (!r.carrier.empty() && r.carrier != "electricity") {
              bad("carrier", "installed capacity is electric capacity; leave the carrier empty");
            }
            if (unit && unit->dimension != Dimension::kPower) {
              bad("unit",
                  "installed capacity is a power; write 万千瓦, MW or kW, not " + Quoted(r.unit));
            }
          } else {
            auto c = carriers.find(r.carrier);
            if (r.carrier.empty()) {
              bad("carrier",
                  "the energy carrier code is missing; use a code of "
                  "data/energy_carriers.csv, e.g. raw_coal, diesel, electricity");
            } else if (c == carriers.end()) {
              std::string hint;
              for (const refdata::EnergyCarrier& known : ref.energy_carriers) {
                if (known.name_zh == r.carrier)
                  hint = "; write the code " + known.code + " for " + known.name_zh;
              }
              bad("carrier", "unknown energy carrier " + Quoted(r.carrier) +
                                 (hint.empty() ? "; use a code of data/energy_carriers.csv, e.g. "
                                                 "raw_coal, diesel, natural_gas, electricity"
                                               : hint));
            } else if (unit) {
              Result<UnitInfo> expected = ParseUnit(c->second->unit);
              if (expected.ok() && expected->dimension != unit->dimension) {
                bad("unit", c->second->name_zh + " (" + c->first + ") is measured in " +
                                c->second->unit + "; " + Quoted(r.unit) +
                                " does not convert to it. Write the amount in " + c->second->unit +
                                (c->first == "natural_gas" && unit->dimension == Dimension::kMass
                                     ? " (liquefied natural gas in tonnes is the carrier lng)"
                                     : ""));
              }
            }
          }
          if (value && *value < 0 && r.flow != ActivityFlow::kStockChange) {
            bad("value",
                flow_text +
                    " amounts cannot be negative; outflows and losses are "
                    "written as positive amounts (only stock_change may be negative: 库存增(−)"
                    "减(+))");
          }
          break;
        }
        case StatisticsSection::kActivity: {
          if (!flow || IsEnergySectionFlow(*flow)) {
            bad("flow", "activity rows need one of the flows " + FlowList(false) + ", not " +
                            Quoted(flow_text));
            break;
          }
          r.flow = *flow;
          if (!r.sector.empty()) bad("sector", "activity rows have no sector; leave it empty");
          if (!r.carrier.empty()) bad("carrier", "activity rows have no carrier; leave it empty");
          if (IsForestFlow(r.flow)) {
            if (!ValidSpeciesCode(r.item)) {
              bad("item", Quoted(r.item) +
                              " is not a species-group code; use lower-case ASCII "
                              "letters, digits and '_' (e.g. chinese_fir)");
            }
            if (unit && unit->dimension != Dimension::kVolume) {
              bad("unit", "growing stock is a volume; write m³ or 万m³, not " + Quoted(r.unit));
            }
          } else {
            const accounting::InventoryItem* found = nullptr;
            std::string known;
            for (const accounting::InventoryItem& item : items) {
              if (item.flow != r.flow) continue;
              known += " " + std::string(item.code);
              if (item.code == r.item) found = &item;
            }
            if (found == nullptr) {
              bad("item",
                  "unknown " + flow_text + " item " + Quoted(r.item) + "; use one of:" + known);
            } else if (unit && !UnitsCompatible(r.unit, found->unit)) {
              bad("unit", std::string(found->code) + " is counted in " + std::string(found->unit) +
                              "; " + Quoted(r.unit) + " does not convert to it");
            }
          }
          if (value && *value < 0) bad("value", "an activity amount cannot be negative");
          break;
        }
        case StatisticsSection::kEconomy: {
          if (!flow_text.empty()) bad("flow", "economy rows have no flow; leave it empty");
          if (!r.carrier.empty()) bad("carrier", "economy rows have no carrier; leave it empty");
          const EconomyItem* item = FindEconomyItem(r.item);
          if (item == nullptr) {
            std::string known;
            for (const EconomyItem& e : kEconomyItems) known += " " + std::string(e.code);
            bad("item", "unknown economic statistic " + Quoted(r.item) + "; use one of:" + known);
            break;
          }
          if (!r.sector.empty()) {
            bool industry = std::find(std::begin(kIndustries), std::end(kIndustries), r.sector) !=
                            std::end(kIndustries);
            if (!item->by_industry || !industry) {
              bad("sector", item->by_industry
                                ? "write primary, secondary or tertiary, or leave it empty for the "
                                  "total"
                                : std::string(item->code) + " has no breakdown; leave it empty");
            }
          }
          if (unit && !UnitsCompatible(r.unit, item->unit)) {
            bad("unit", std::string(item->code) + " is given in " + std::string(item->unit) + "; " +
                            Quoted(r.unit) + " does not convert to it");
          }
          if (value && *value <= 0) {
            bad("value", std::string(item->name_zh) + " must be greater than zero");
          }
          break;
        }
      }
      if (out.problems.size() != before) continue;
      store::Figure figure = RowToFigure(r);
      auto [it, inserted] = seen.emplace(figure.key, std::make_pair(&table, row.row));
      if (!inserted) {
        const CellTable& first = *it->second.first;
        problem(row.row, 0, "",
                "this figure is given twice (also on row " + std::to_string(it->second.second) +
                    (first.sheet != table.sheet ? " of sheet " + first.sheet : std::string()) +
                    "); keep one row per figure");
        continue;
      }
      region_years.insert({r.region_code, r.year});
      out.rows.push_back(std::move(r));
    }
  }

  // Checks over every table: problems name the file (and the sheet when there is one).
  const std::string file = tables.empty() ? std::string() : tables.front().file;
  const std::string sheet = tables.size() == 1 ? tables.front().sheet : std::string();
  auto problem = [&](int row, int column, std::string column_name, std::string message) {
    out.problems.push_back(
        ImportProblem{file, sheet, row, column, std::move(column_name), std::move(message)});
  };

  // Mandatory items per region-year.
  for (const auto& [region, year] : region_years) {
    for (const EconomyItem& item : kEconomyItems) {
      if (!item.mandatory) continue;
      bool present = std::any_of(out.rows.begin(), out.rows.end(), [&](const StatisticsRow& r) {
        return r.region_code == region && r.year == year &&
               r.section == StatisticsSection::kEconomy && r.item == item.code && r.sector.empty();
      });
      if (!present) {
        problem(0, 0, "",
                std::string(item.name_zh) + " (" + std::string(item.code) + ", " +
                    std::string(item.unit) + ") of " + region + " for " + std::to_string(year) +
                    " is missing; add a row: section economy, item " + std::string(item.code) +
                    ", sector empty (the total)");
      }
    }
    bool energy = std::any_of(out.rows.begin(), out.rows.end(), [&](const StatisticsRow& r) {
      return r.region_code == region && r.year == year &&
             r.flow == ActivityFlow::kFinalConsumption && r.section == StatisticsSection::kEnergy;
    });
    if (!energy) {
      problem(0, 0, "",
              "there is no final energy consumption (section energy, flow final_consumption) of " +
                  region + " for " + std::to_string(year) + "; fill the energy rows");
    }
  }

  // The accounting rules on records (parent and child sector both given, flows in the wrong
  // kind of sector …): the engine checks them; only InvalidArgument is an input error here —
  // missing factors are supplied later with `carbonpeak factor set`.
  if (out.problems.empty()) {
    Result<domain::FactorSet> factors = accounting::BuildFactorSet(ref, {});
    Result<accounting::Engine> engine = factors.ok() ? accounting::Engine::Create(ref, *factors)
                                                     : Result<accounting::Engine>(factors.status());
    if (engine.ok()) {
      std::map<std::pair<std::string, int>, std::vector<domain::ActivityRecord>> records;
      for (const StatisticsRow& r : out.rows) {
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
        records[{r.region_code, r.year}].push_back(std::move(a));
      }
      for (const auto& [key, list] : records) {
        Result<domain::EnergyBalance> b = engine->ComputeEnergyBalance(key.first, key.second, list);
        if (!b.ok() && b.status().code() == StatusCode::kInvalidArgument) {
          problem(0, 0, "", b.status().message());
          continue;
        }
        Result<domain::Inventory> inv = engine->ComputeInventory(key.first, key.second, list);
        if (!inv.ok() && inv.status().code() == StatusCode::kInvalidArgument) {
          problem(0, 0, "", inv.status().message());
        }
      }
    }
  }
  return out;
}

Result<StatisticsImport> ImportStatisticsTables(Platform& platform,
                                                std::span<const CellTable> tables,
                                                const std::string& file_name,
                                                const StatisticsImportOptions& options) {
  ValidatedStatistics v = ValidateStatisticsTables(platform.refdata(), tables);
  const std::string where = tables.size() == 1 && !tables.front().sheet.empty()
                                ? file_name + "#" + tables.front().sheet
                                : file_name;
  if (!v.problems.empty()) {
    std::string message = std::to_string(v.problems.size()) + " problem" +
                          (v.problems.size() == 1 ? "" : "s") + " in " + where +
                          "; nothing was stored. Correct them and import the file again:";
    for (const ImportProblem& p : v.problems) message += "\n  " + p.ToString();
    return Status::InvalidArgument(message);
  }
  if (v.rows.empty()) {
    return Status::InvalidArgument(where +
                                   ": no row has a value; fill the value column of the template "
                                   "(blank cells mean 'not reported')");
  }
  StatisticsImport result;
  std::set<int> years;
  std::set<std::string> regions;
  std::vector<store::Figure> figures;
  figures.reserve(v.rows.size());
  for (const StatisticsRow& r : v.rows) {
    years.insert(r.year);
    regions.insert(r.region_code);
    store::Figure f = RowToFigure(r);
    if (f.revision.reason.empty()) f.revision.reason = options.reason;
    figures.push_back(std::move(f));
  }
  result.years.assign(years.begin(), years.end());
  result.regions.assign(regions.begin(), regions.end());
  if (!options.dry_run) {
    store::WriteContext ctx{options.author, file_name, options.reason};
    CPK_ASSIGN_OR_RETURN(std::vector<store::FigureRevision> revisions,
                         platform.store().figures().PutAll(figures, ctx));
    result.stored = revisions.size();
  }
  result.rows = std::move(v.rows);
  return result;
}

Result<StatisticsImport> ImportStatisticsTable(Platform& platform, const CellTable& table,
                                               const StatisticsImportOptions& options) {
  return ImportStatisticsTables(platform, std::span<const CellTable>(&table, 1), table.file,
                                options);
}

Result<StatisticsImport> ImportStatisticsCsv(Platform& platform, std::string_view csv_text,
                                             const std::string& file_name,
                                             const StatisticsImportOptions& options) {
  CPK_ASSIGN_OR_RETURN(csv::Table parsed, csv::Parse(csv_text, file_name));
  CellTable table;
  table.file = file_name;
  table.header = parsed.header();
  for (const csv::Row& row : parsed.rows()) table.rows.push_back({row.line, row.cells});
  return ImportStatisticsTable(platform, table, options);
}

Result<std::vector<CellTable>> XlsxToCellTables(std::string_view bytes,
                                                const std::string& file_name) {
  CPK_ASSIGN_OR_RETURN(xlsx::Workbook book, xlsx::ReadWorkbook(bytes, file_name));
  std::vector<CellTable> tables;
  std::string skipped;
  for (const xlsx::Sheet& sheet : book.sheets) {
    if (IsReadmeSheet(sheet.name)) continue;
    // The header is the first non-empty row; the rows below it are data.
    size_t header_row = 0;
    while (header_row < sheet.rows.size() && sheet.rows[header_row].empty()) ++header_row;
    if (header_row == sheet.rows.size()) continue;  // an empty sheet
    CellTable table;
    table.file = file_name;
    table.sheet = sheet.name;
    for (const xlsx::Cell& c : sheet.rows[header_row]) table.header.push_back(c.ToText());
    bool is_data = false;
    for (const std::string& h : table.header) {
      std::string_view name = text::Trim(h);
      if (name == "region_code" || name == "value") is_data = true;
    }
    if (!is_data) {
      skipped += (skipped.empty() ? "" : ", ") + Quoted(sheet.name);
      continue;
    }
    for (size_t r = header_row + 1; r < sheet.rows.size(); ++r) {
      CellTable::Row row;
      row.row = static_cast<int>(r + 1);
      for (const xlsx::Cell& c : sheet.rows[r]) row.cells.push_back(c.ToText());
      table.rows.push_back(std::move(row));
    }
    tables.push_back(std::move(table));
  }
  if (tables.empty()) {
    return Status::InvalidArgument(
        file_name + ": no sheet has the template's columns (region_code … value … unit)" +
        (skipped.empty() ? std::string() : "; sheets without them: " + skipped) +
        "; start from a template made by `carbonpeak data template -o FILE.xlsx`");
  }
  return tables;
}

Result<StatisticsImport> ImportStatisticsXlsx(Platform& platform, std::string_view bytes,
                                              const std::string& file_name,
                                              const StatisticsImportOptions& options) {
  CPK_ASSIGN_OR_RETURN(std::vector<CellTable> tables, XlsxToCellTables(bytes, file_name));
  return ImportStatisticsTables(platform, tables, file_name, options);
}

Result<StatisticsImport> ImportStatisticsFile(Platform& platform, const std::string& path,
                                              const StatisticsImportOptions& options) {
  std::string name = std::filesystem::path(path).filename().string();
  std::string ext = LowerExtension(path);
  if (ext != ".csv" && ext != ".xlsx") {
    return Status::InvalidArgument(path +
                                   ": the statistics file must be .csv or .xlsx (made by "
                                   "`carbonpeak data template`); save an .xls or .ods file as "
                                   ".xlsx first");
  }
  CPK_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  if (ext == ".xlsx") return ImportStatisticsXlsx(platform, bytes, name, options);
  return ImportStatisticsCsv(platform, bytes, name, options);
}

Result<std::vector<StatisticsRow>> StatisticsTemplateRows(const refdata::RefData& ref,
                                                          const std::string& region_code,
                                                          int year) {
  bool known = std::any_of(ref.regions.begin(), ref.regions.end(),
                           [&](const domain::Region& r) { return r.code == region_code; });
  if (!known) {
    return Status::NotFound("unknown region code " + Quoted(region_code) +
                            "; use a code listed by `carbonpeak region list`");
  }
  if (year < 1949 || year > 2100) {
    return Status::InvalidArgument("the year " + std::to_string(year) +
                                   " is not a calendar year; give e.g. --year 2023");
  }
  std::vector<StatisticsRow> rows;
  auto add = [&](StatisticsSection section, ActivityFlow flow, std::string sector,
                 std::string carrier, std::string item, std::string unit) {
    StatisticsRow r;
    r.section = section;
    r.region_code = region_code;
    r.year = year;
    r.flow = flow;
    r.sector = std::move(sector);
    r.carrier = std::move(carrier);
    r.item = std::move(item);
    r.unit = std::move(unit);
    rows.push_back(std::move(r));
  };
  for (const EconomyItem& e : kEconomyItems) {
    add(StatisticsSection::kEconomy, ActivityFlow::kFinalConsumption, "", "", std::string(e.code),
        std::string(e.unit));
    if (e.by_industry) {
      for (std::string_view industry : kIndustries) {
        add(StatisticsSection::kEconomy, ActivityFlow::kFinalConsumption, std::string(industry), "",
            std::string(e.code), std::string(e.unit));
      }
    }
  }
  auto unit_of = [&](std::string_view carrier) -> std::string {
    for (const refdata::EnergyCarrier& c : ref.energy_carriers) {
      if (c.code == carrier) return c.unit;
    }
    return "";
  };
  using F = ActivityFlow;
  const auto E = StatisticsSection::kEnergy;
  for (const char* c : {"raw_coal", "gasoline", "diesel", "fuel_oil", "lpg", "natural_gas",
                        "electricity", "heat"}) {
    add(E, F::kInflow, "", c, "", unit_of(c));
  }
  add(E, F::kOutflow, "", "electricity", "", "万kWh");
  add(E, F::kStockChange, "", "raw_coal", "", "t");
  for (const char* g : {"gen_hydro", "gen_wind", "gen_solar"}) {
    add(E, F::kProduction, g, "electricity", "", "万kWh");
  }
  for (const char* g : {"gen_hydro", "gen_wind", "gen_solar", "gen_biomass", "tr_thermal_power"}) {
    add(E, F::kInstalledCapacity, g, "", "", "万千瓦");
  }
  add(E, F::kTransformationInput, "tr_thermal_power", "raw_coal", "", "t");
  add(E, F::kTransformationOutput, "tr_thermal_power", "electricity", "", "万kWh");
  add(E, F::kLoss, "", "electricity", "", "万kWh");
  // Final consumption: the county's reporting rows × the carriers a county commonly uses. Report
  // either `industry` or its branches (ind_*), not both.
  for (const char* s : {"agriculture", "industry", "construction", "transport", "commerce",
                        "services_other", "residential_urban", "residential_rural"}) {
    for (const char* c : {"raw_coal", "coke", "gasoline", "kerosene", "diesel", "fuel_oil", "lpg",
                          "natural_gas", "heat", "electricity"}) {
      add(E, F::kFinalConsumption, s, c, "", unit_of(c));
    }
  }
  for (const accounting::InventoryItem& item : accounting::InventoryItems()) {
    add(StatisticsSection::kActivity, item.flow, "", "", std::string(item.code),
        std::string(item.unit));
  }
  return rows;
}

Result<std::vector<StatisticsRow>> StoredStatisticsRows(Platform& platform,
                                                        const std::string& region_code,
                                                        std::optional<int> year) {
  CPK_ASSIGN_OR_RETURN(std::vector<store::Figure> figures,
                       platform.store().figures().List(region_code));
  std::vector<StatisticsRow> rows;
  for (const store::Figure& f : figures) {
    std::optional<StatisticsRow> r = FigureToRow(f);
    if (!r) continue;
    if (year && r->year != *year) continue;
    rows.push_back(std::move(*r));
  }
  SortRows(platform.refdata(), rows);
  return rows;
}

CellTable RowsToCellTable(const refdata::RefData& ref, const std::vector<StatisticsRow>& rows,
                          bool blank_values) {
  CellTable table;
  for (std::string_view c : kStatisticsColumns) table.header.emplace_back(c);
  int line = 2;
  for (const StatisticsRow& r : rows) {
    char value[64];
    std::snprintf(value, sizeof value, "%.15g", r.value);
    std::string flow = r.section == StatisticsSection::kEconomy
                           ? ""
                           : std::string(domain::ActivityFlowName(r.flow));
    table.rows.push_back({line++,
                          {r.region_code, std::to_string(r.year),
                           std::string(StatisticsSectionName(r.section)), flow, r.sector, r.carrier,
                           r.item, blank_values ? "" : value, r.unit, RowLabel(ref, r), r.note}});
  }
  return table;
}

std::string CellTableToCsv(const CellTable& table) {
  std::string out = "\xEF\xBB\xBF";
  auto write = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      const std::string& c = cells[i];
      if (c.find_first_of(",\"\r\n") != std::string::npos) {
        out += '"';
        for (char ch : c) {
          if (ch == '"') out += '"';
          out += ch;
        }
        out += '"';
      } else {
        out += c;
      }
    }
    out += "\r\n";
  };
  write(table.header);
  for (const CellTable::Row& row : table.rows) write(row.cells);
  return out;
}

Result<std::string> StatisticsTemplateCsv(Platform& platform, const std::string& region_code,
                                          int year) {
  CPK_ASSIGN_OR_RETURN(std::vector<StatisticsRow> rows,
                       StatisticsTemplateRows(platform.refdata(), region_code, year));
  return CellTableToCsv(RowsToCellTable(platform.refdata(), rows, /*blank_values=*/true));
}

Result<std::string> ExportStatisticsCsv(Platform& platform, const std::string& region_code,
                                        std::optional<int> year) {
  CPK_ASSIGN_OR_RETURN(std::vector<StatisticsRow> rows,
                       StoredStatisticsRows(platform, region_code, year));
  if (rows.empty()) {
    return Status::NotFound("no statistics are stored for " + region_code +
                            (year ? " in " + std::to_string(*year) : std::string()) +
                            "; import them with `carbonpeak data import FILE`");
  }
  return CellTableToCsv(RowsToCellTable(platform.refdata(), rows, /*blank_values=*/false));
}

namespace {

xlsx::Cell TextCell(std::string_view s) {
  return s.empty() ? xlsx::Cell::Empty() : xlsx::Cell::Text(std::string(s));
}

// Chinese names of the flows, for the README sheet.
std::string_view FlowNameZh(ActivityFlow flow) {
  switch (flow) {
    case ActivityFlow::kProduction:
      return "一次能源生产（本地发电等）";
    case ActivityFlow::kInflow:
      return "调入";
    case ActivityFlow::kOutflow:
      return "调出（填正数）";
    case ActivityFlow::kStockChange:
      return "库存增(−)减(+)";
    case ActivityFlow::kTransformationInput:
      return "加工转换投入";
    case ActivityFlow::kTransformationOutput:
      return "加工转换产出";
    case ActivityFlow::kLoss:
      return "损失（填正数）";
    case ActivityFlow::kFinalConsumption:
      return "终端消费";
    case ActivityFlow::kInstalledCapacity:
      return "装机容量";
    case ActivityFlow::kProcessOutput:
      return "工业产品产量";
    case ActivityFlow::kLivestock:
      return "畜禽数量";
    case ActivityFlow::kCropArea:
      return "播种面积";
    case ActivityFlow::kFertiliserN:
      return "氮肥施用量（折纯氮）";
    case ActivityFlow::kForestStockOpening:
      return "年初活立木蓄积量";
    case ActivityFlow::kForestStockClosing:
      return "年末活立木蓄积量";
    case ActivityFlow::kWasteLandfilled:
      return "生活垃圾填埋量";
    case ActivityFlow::kWastewaterOrganics:
      return "废水有机物（BOD/COD）";
  }
  return "";
}

xlsx::SheetData ReadmeSheet(const refdata::RefData& ref, const std::string& title) {
  xlsx::SheetData sheet;
  sheet.name = std::string(kReadmeSheet);
  sheet.column_widths = {24, 26, 10, 100};
  auto& rows = sheet.rows;
  auto add = [&](std::string_view a, std::string_view b, std::string_view c, std::string_view d) {
    rows.push_back({TextCell(a), TextCell(b), TextCell(c), TextCell(d)});
  };
  add("项目 Item", "代码 Code", "单位 Unit", "说明 Description");
  add("模板 Template", "", "", title);
  add("填写 How to fill", "", "",
      "每个数据占一行，只在 value 列填写数字；空白表示未报告，不按 0 计。"
      " One figure per row: write a number in the value column only; a blank cell means "
      "'not reported', never zero.");
  add("", "", "",
      "代码列（section、flow、sector、carrier、item、unit）请保持不变；name 列由程序填写，"
      "导入时不读取。 Keep the code columns as they are; the name column is filled by the program "
      "and ignored on import.");
  add("", "", "",
      "可以增加行（例如工业分行业 ind_*），同一数据只能出现一次；工业合计与其分行业只报其一。"
      " Rows may be added (e.g. the industry branches ind_*); each figure once; report either a "
      "total or its parts, not both.");
  add("导入 Import", "", "",
      "carbonpeak data import FILE.xlsx：有任何错误则一条也不存储，错误信息"
      "指明工作表和单元格（如 energy!H12）。 Any problem stores nothing; each problem names the "
      "sheet and the cell (e.g. energy!H12).");
  add("", "", "", "");
  add("列 Columns", "", "", "");
  add("", "region_code", "", "行政区划代码（GB/T 2260，6位）。 6-digit GB/T 2260 region code.");
  add("", "year", "", "统计年度。 Calendar year of the figure.");
  add("", "section", "", "板块：energy 能源、activity 非能源活动、economy 经济社会。 Section.");
  add("", "flow", "",
      "能源流向或活动类别（见下表）；economy 行留空。 Flow (below); empty for "
      "economy rows.");
  add("", "sector", "",
      "部门代码（见下表）；economy 行填 primary/secondary/tertiary 或留空（合计）。"
      " Sector code; for economy rows primary/secondary/tertiary, or empty for the total.");
  add("", "carrier", "",
      "能源品种代码（见下表）；仅 energy 行。 Energy carrier code; energy rows "
      "only.");
  add("", "item", "",
      "活动或经济指标代码（见下表）；energy 行留空。 Activity or economic item "
      "code; empty for energy rows.");
  add("", "value", "", "数值，只填数字，不带单位。 The number only, without a unit.");
  add("", "unit", "",
      "计量单位（见下表）；同量纲的单位会换算，如 万t、kg 代替 t。 Unit; units of "
      "the same dimension convert (e.g. 万t or kg for t).");
  add("", "name", "", "中文名称，便于核对；导入时忽略。 Chinese label for checking; ignored.");
  add("", "note", "", "备注，与数据一起保存。 Remark, kept with the figure.");
  add("", "", "", "");
  add("板块 Sections", "energy", "",
      "能源平衡：生产、调入调出、库存、加工转换、损失、终端消费、装机。"
      " Energy balance flows and installed capacity.");
  add("", "activity", "",
      "温室气体清单的非能源活动数据：工业产品、农业、林业、废弃物。 Non-energy "
      "activity data of the inventory.");
  add("", "economy", "", "地区生产总值、人口等。 GDP, population and the like.");
  add("", "", "", "");
  add("流向 Flows", "", "", "");
  for (int i = 0; i <= static_cast<int>(ActivityFlow::kWastewaterOrganics); ++i) {
    auto flow = static_cast<ActivityFlow>(i);
    add(IsEnergySectionFlow(flow) ? "energy" : "activity", domain::ActivityFlowName(flow), "",
        FlowNameZh(flow));
  }
  add("", "", "", "");
  add("部门 Sectors", "", "", "");
  for (const refdata::Sector& sec : ref.sectors) {
    add(sec.parent.empty() ? "" : "└ " + sec.parent, sec.code, "", sec.name_zh + " " + sec.name_en);
  }
  add("", "", "", "");
  add("能源品种 Carriers", "", "", "");
  for (const refdata::EnergyCarrier& c : ref.energy_carriers) {
    add("", c.code, c.unit, c.name_zh + " " + c.name_en);
  }
  add("", "", "",
      "装机容量 installed_capacity：万千瓦（或 MW、kW）。 Installed capacity in 万千瓦, "
      "MW or kW.");
  add("", "", "", "");
  add("活动数据 Activity items", "", "", "");
  for (const accounting::InventoryItem& item : accounting::InventoryItems()) {
    add(domain::ActivityFlowName(item.flow), item.code, item.unit,
        std::string(item.name_zh) + " " + std::string(item.name_en));
  }
  add("forest_stock_*", "<species_group>", "m³",
      "树种组代码（小写字母、数字、_，如 chinese_fir）。 Species-group code (lower-case letters, "
      "digits, '_').");
  add("", "", "", "");
  add("经济指标 Economy items", "", "", "");
  for (const EconomyItem& e : kEconomyItems) {
    std::string d = std::string(e.name_zh);
    if (e.mandatory) d += "；必填 mandatory";
    if (e.by_industry) d += "；可分产业 by industry (sector primary/secondary/tertiary)";
    add("", e.code, e.unit, d);
  }
  return sheet;
}

Result<std::string> StatisticsWorkbook(const refdata::RefData& ref,
                                       const std::vector<StatisticsRow>& rows, bool blank_values,
                                       const std::string& title) {
  std::vector<xlsx::SheetData> sheets;
  sheets.push_back(ReadmeSheet(ref, title));
  for (auto section :
       {StatisticsSection::kEnergy, StatisticsSection::kActivity, StatisticsSection::kEconomy}) {
    std::vector<StatisticsRow> part;
    for (const StatisticsRow& r : rows) {
      if (r.section == section) part.push_back(r);
    }
    CellTable table = RowsToCellTable(ref, part, blank_values);
    xlsx::SheetData sheet;
    sheet.name = std::string(StatisticsSectionName(section));
    sheet.column_widths = {12, 7, 9, 22, 20, 14, 22, 14, 9, 36, 24};
    std::vector<xlsx::Cell> header;
    for (const std::string& h : table.header) header.push_back(xlsx::Cell::Text(h));
    sheet.rows.push_back(std::move(header));
    for (const CellTable::Row& row : table.rows) {
      std::vector<xlsx::Cell> cells;
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const std::string& c = row.cells[i];
        std::string cleaned;
        std::optional<double> number =
            (kStatisticsColumns[i] == "year" || kStatisticsColumns[i] == "value")
                ? ParseNumber(c, cleaned)
                : std::nullopt;
        cells.push_back(number ? xlsx::Cell::Number(*number) : TextCell(c));
      }
      sheet.rows.push_back(std::move(cells));
    }
    sheets.push_back(std::move(sheet));
  }
  return xlsx::WriteWorkbook(sheets);
}

}  // namespace

Result<std::string> StatisticsTemplateXlsx(Platform& platform, const std::string& region_code,
                                           int year) {
  CPK_ASSIGN_OR_RETURN(std::vector<StatisticsRow> rows,
                       StatisticsTemplateRows(platform.refdata(), region_code, year));
  return StatisticsWorkbook(
      platform.refdata(), rows, /*blank_values=*/true,
      "统计数据模板 statistics template " + region_code + " " + std::to_string(year));
}

Result<std::string> ExportStatisticsXlsx(Platform& platform, const std::string& region_code,
                                         std::optional<int> year) {
  CPK_ASSIGN_OR_RETURN(std::vector<StatisticsRow> rows,
                       StoredStatisticsRows(platform, region_code, year));
  if (rows.empty()) {
    return Status::NotFound("no statistics are stored for " + region_code +
                            (year ? " in " + std::to_string(*year) : std::string()) +
                            "; import them with `carbonpeak data import FILE`");
  }
  return StatisticsWorkbook(platform.refdata(), rows, /*blank_values=*/false,
                            "统计数据导出 stored statistics " + region_code +
                                (year ? " " + std::to_string(*year) : std::string(" all years")));
}

namespace {

Result<bool> IsXlsxPath(const std::string& path) {
  std::string ext = LowerExtension(path);
  if (ext == ".xlsx") return true;
  if (ext == ".csv") return false;
  return Status::InvalidArgument(path + ": write the statistics to a .csv or an .xlsx file");
}

}  // namespace

Status WriteStatisticsTemplate(Platform& platform, const std::string& region_code, int year,
                               const std::string& path) {
  CPK_ASSIGN_OR_RETURN(bool is_xlsx, IsXlsxPath(path));
  CPK_ASSIGN_OR_RETURN(std::string bytes, is_xlsx
                                              ? StatisticsTemplateXlsx(platform, region_code, year)
                                              : StatisticsTemplateCsv(platform, region_code, year));
  return WriteFileAtomic(path, bytes);
}

Status WriteStatisticsExport(Platform& platform, const std::string& region_code,
                             std::optional<int> year, const std::string& path) {
  CPK_ASSIGN_OR_RETURN(bool is_xlsx, IsXlsxPath(path));
  CPK_ASSIGN_OR_RETURN(std::string bytes, is_xlsx
                                              ? ExportStatisticsXlsx(platform, region_code, year)
                                              : ExportStatisticsCsv(platform, region_code, year));
  return WriteFileAtomic(path, bytes);
}

}  // namespace carbonpeak::app
