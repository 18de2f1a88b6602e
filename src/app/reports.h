// Reports as .xlsx workbooks: the energy balance (能源平衡表), the GHG inventory (温室气体清单) and
// the status of the plan's targets, built from the results of app/accounting.h. Every figure is
// a number cell; every factor comes with its origin and citation.
//
//   CPK_RETURN_IF_ERROR(app::WriteBalanceXlsx(platform, "430703", 2023, {}, "balance.xlsx"));
//   CPK_ASSIGN_OR_RETURN(std::string bytes, app::InventoryXlsx(platform, "430703", 2023, {}));
//
// Sheets (the first row of each is a bold, frozen header):
//   balance:   summary 概况 · physical 实物量 · tce 当量值 · tce 等价值 · sectors 分部门 ·
//              entries 明细 · factors 折标系数
//   inventory: summary 概况 · categories 分类 · sector x gas 部门气体 · lines 明细 ·
//              factors 排放因子
//   targets:   targets 目标 · notes 说明
// Results built from SYNTHETIC demo data say so in their summary/notes sheet.
//
// Thread safety: as Platform; the *Workbook functions are pure. Failure contract: the errors of
// the computation (NotFound for a year without statistics, FailedPrecondition naming a missing
// factor) are returned unchanged; Write* adds InvalidArgument for a path not ending in .xlsx
// and the errors of WriteFileAtomic. Missing values are empty cells, never 0.
#pragma once

#include <optional>
#include <string>

#include "app/accounting.h"
#include "app/app.h"
#include "base/status.h"
#include "domain/energy.h"
#include "refdata/refdata.h"

namespace carbonpeak::app {

/// Workbooks from computed results (names of sectors, carriers and indicators from `ref`).
Result<std::string> BalanceWorkbook(const refdata::RefData& ref,
                                    const domain::EnergyBalance& balance);
Result<std::string> InventoryWorkbook(const refdata::RefData& ref,
                                      const domain::Inventory& inventory);
Result<std::string> TargetsWorkbook(const refdata::RefData& ref, const TargetsReport& report);

/// Compute (ComputeRegionBalance / ComputeRegionInventory / ComputeTargetsStatus), then build.
Result<std::string> BalanceXlsx(Platform& platform, const std::string& region_code, int year,
                                const AccountingOptions& options);
Result<std::string> InventoryXlsx(Platform& platform, const std::string& region_code, int year,
                                  const AccountingOptions& options);
Result<std::string> TargetsXlsx(Platform& platform, const std::string& region_code,
                                std::optional<int> current_year, const AccountingOptions& options);

/// The same, written to `path` (must end in .xlsx), replacing it atomically.
Status WriteBalanceXlsx(Platform& platform, const std::string& region_code, int year,
                        const AccountingOptions& options, const std::string& path);
Status WriteInventoryXlsx(Platform& platform, const std::string& region_code, int year,
                          const AccountingOptions& options, const std::string& path);
Status WriteTargetsXlsx(Platform& platform, const std::string& region_code,
                        std::optional<int> current_year, const AccountingOptions& options,
                        const std::string& path);

}  // namespace carbonpeak::app
