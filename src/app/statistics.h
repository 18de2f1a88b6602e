// Statistics in and out: the data template a county fills (energy flows by sector and carrier,
// the non-energy activities of the inventory, GDP and population), its import into stored
// figures and its export, as CSV or as an .xlsx workbook (a README sheet, then one sheet per
// section: energy, activity, economy). Format, codes and units: docs/formats/statistics.md.
//
//   CPK_RETURN_IF_ERROR(app::WriteStatisticsTemplate(platform, "430703", 2023, "dc_2023.xlsx"));
//   // … the statistics office fills the value column …
//   Result<app::StatisticsImport> r =
//       app::ImportStatisticsFile(platform, "dc_2023.xlsx", {.author = "统计局"});
//   if (!r.ok()) show(r.status().message());  // every problem: "dc_2023.xlsx#energy!H12 …"
//
// One row is one figure. Each stored figure is a revision of the figure store (region, item,
// period = year, dims) whose source is the file and the cell of its value ("file:row:column",
// or "file#sheet:row:column" for a spreadsheet), so corrections keep the history.
//
// Thread safety: as Platform; the pure functions hold no state. Failure contract: an import with
// any problem stores nothing and returns InvalidArgument listing every problem (file, sheet,
// row, column, what is wrong and what to write); blank value cells mean "not reported", never 0.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "base/status.h"
#include "domain/energy.h"
#include "refdata/refdata.h"
#include "store/store.h"

namespace carbonpeak::app {

/// Template columns, in order. `name` is a label the program fills and the import ignores.
inline constexpr std::string_view kStatisticsColumns[] = {
    "region_code", "year",  "section", "flow", "sector", "carrier",
    "item",        "value", "unit",    "name", "note"};

/// Rows of the template: energy flows, non-energy activities and economic statistics.
enum class StatisticsSection { kEnergy, kActivity, kEconomy };
std::string_view StatisticsSectionName(StatisticsSection section);  // "energy", …
std::optional<StatisticsSection> ParseStatisticsSection(std::string_view name);

/// An economic statistic of the `economy` section.
struct EconomyItem {
  std::string_view code;  ///< "gdp_constant_2020", "population", …
  std::string_view unit;  ///< Unit stored and shown, e.g. "万元".
  std::string_view name_zh;
  bool mandatory;    ///< Every imported year must have it.
  bool by_industry;  ///< Accepts sector = primary | secondary | tertiary (blank = total).
};
std::span<const EconomyItem> EconomyItems();
const EconomyItem* FindEconomyItem(std::string_view code);

/// A table of cells as read from a CSV file or a spreadsheet sheet.
struct CellTable {
  std::string file;
  std::string sheet;  ///< Empty for CSV.
  std::vector<std::string> header;
  struct Row {
    int row = 0;  ///< 1-based row (CSV: physical line).
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
};

/// One problem found in an import file. `column` is 1-based (0 when the whole row is meant).
struct ImportProblem {
  std::string file;
  std::string sheet;
  int row = 0;
  int column = 0;
  std::string column_name;
  std::string message;
  /// "file:row:column (column_name): message" for CSV; for a sheet the spreadsheet's own cell
  /// name, "file.xlsx#sheet!H12 (column_name): message" ("file.xlsx#sheet row 12: …" for a row).
  std::string ToString() const;
};

/// One validated data row.
struct StatisticsRow {
  StatisticsSection section = StatisticsSection::kEnergy;
  std::string region_code;
  int year = 0;
  domain::ActivityFlow flow = domain::ActivityFlow::kFinalConsumption;  ///< energy, activity
  std::string sector;   ///< energy: sector code; economy: industry (primary …) or empty
  std::string carrier;  ///< energy
  std::string item;     ///< activity: item code; economy: EconomyItem code
  double value = 0;
  std::string unit;
  std::string note;
  domain::ActivityProvenance provenance;  ///< Cell of the value.
};

/// Checks every row and cell of `table` (header, region, year, codes, units, signs, duplicates,
/// mandatory items per region-year, and the accounting rules of the energy records). Rows with a
/// blank value are skipped. Returns the valid rows, and every problem found.
struct ValidatedStatistics {
  std::vector<StatisticsRow> rows;
  std::vector<ImportProblem> problems;
};
ValidatedStatistics ValidateStatistics(const refdata::RefData& ref, const CellTable& table);
/// The same over several tables (the sheets of one workbook) taken together: duplicates and
/// mandatory items are checked across them.
ValidatedStatistics ValidateStatisticsTables(const refdata::RefData& ref,
                                             std::span<const CellTable> tables);

/// The figure a row is stored as, and back. Items: "energy.<flow>", "activity.<flow>",
/// "economy.<code>"; dims "carrier=…;sector=…", "item=…" or "industry=…"; period the year.
store::Figure RowToFigure(const StatisticsRow& row);
/// Nullopt for figures that are not statistics rows (other items).
std::optional<StatisticsRow> FigureToRow(const store::Figure& figure);
/// "file:row:column" / "file#sheet:row:column" and back (row/column 0 when not parseable).
std::string FormatCellSource(const domain::ActivityProvenance& p);
domain::ActivityProvenance ParseCellSource(std::string_view source);

struct StatisticsImportOptions {
  std::string author = "statistics";
  std::string reason = "statistics import";
  bool dry_run = false;  ///< Validate only.
};

struct StatisticsImport {
  std::vector<StatisticsRow> rows;  ///< The valid rows (stored unless dry_run).
  std::vector<int> years;
  std::vector<std::string> regions;
  size_t stored = 0;  ///< Figures written.
};

/// Validates and stores `table`, all or nothing. InvalidArgument listing every problem.
Result<StatisticsImport> ImportStatisticsTable(Platform& platform, const CellTable& table,
                                               const StatisticsImportOptions& options);
/// The same for the tables of one file (`file_name` is the revisions' source file).
Result<StatisticsImport> ImportStatisticsTables(Platform& platform,
                                                std::span<const CellTable> tables,
                                                const std::string& file_name,
                                                const StatisticsImportOptions& options);
/// CSV text (UTF-8, BOM allowed) in the template's columns.
Result<StatisticsImport> ImportStatisticsCsv(Platform& platform, std::string_view csv_text,
                                             const std::string& file_name,
                                             const StatisticsImportOptions& options);
/// The data sheets of an .xlsx workbook as tables: every sheet whose first non-empty row (the
/// header) names region_code or value; README/说明 sheets and empty sheets are left out. Rows
/// keep their sheet row numbers; numbers become text that reads back exactly.
/// InvalidArgument for a damaged workbook (naming file, sheet and cell) or no data sheet.
Result<std::vector<CellTable>> XlsxToCellTables(std::string_view bytes,
                                                const std::string& file_name);
/// An .xlsx workbook (template or export layout), all sheets as one import.
Result<StatisticsImport> ImportStatisticsXlsx(Platform& platform, std::string_view bytes,
                                              const std::string& file_name,
                                              const StatisticsImportOptions& options);
/// A .csv or .xlsx file (by extension).
Result<StatisticsImport> ImportStatisticsFile(Platform& platform, const std::string& path,
                                              const StatisticsImportOptions& options);

/// The rows of the template for `region_code` and `year`, values blank: every economic item,
/// the usual energy cells of a county and every non-energy catalogue item.
Result<std::vector<StatisticsRow>> StatisticsTemplateRows(const refdata::RefData& ref,
                                                          const std::string& region_code, int year);
/// The stored rows of `region_code` (all years when `year` is nullopt), in template order.
Result<std::vector<StatisticsRow>> StoredStatisticsRows(Platform& platform,
                                                        const std::string& region_code,
                                                        std::optional<int> year);

/// Rows as the template's table: header kStatisticsColumns; `blank_values` leaves value empty.
CellTable RowsToCellTable(const refdata::RefData& ref, const std::vector<StatisticsRow>& rows,
                          bool blank_values);
/// RFC 4180 CSV with a UTF-8 BOM (spreadsheet programs then read the Chinese names correctly).
std::string CellTableToCsv(const CellTable& table);

Result<std::string> StatisticsTemplateCsv(Platform& platform, const std::string& region_code,
                                          int year);
Result<std::string> ExportStatisticsCsv(Platform& platform, const std::string& region_code,
                                        std::optional<int> year);

/// The template / export as .xlsx bytes: a README sheet (columns, codes and units in Chinese
/// and English), then the sheets energy, activity and economy in the template's columns, the
/// header bold and frozen, year and value as numbers.
Result<std::string> StatisticsTemplateXlsx(Platform& platform, const std::string& region_code,
                                           int year);
Result<std::string> ExportStatisticsXlsx(Platform& platform, const std::string& region_code,
                                         std::optional<int> year);

/// Write the template / export to `path`, as CSV or .xlsx by its extension (InvalidArgument for
/// another one). The file is replaced atomically.
Status WriteStatisticsTemplate(Platform& platform, const std::string& region_code, int year,
                               const std::string& path);
Status WriteStatisticsExport(Platform& platform, const std::string& region_code,
                             std::optional<int> year, const std::string& path);

}  // namespace carbonpeak::app
