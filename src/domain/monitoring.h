// Value types of online energy monitoring (重点用能单位能耗在线监测): the enterprises that are
// monitored, their metering points, the readings the meters send and the alerts the monitor
// raises. The data items follow the practice of the GB/T 37947 series (enterprise, data item /
// meter, statistics type, period start, value, unit, quality flag); docs/formats/monitoring.md
// describes how they are written in batches.
//
//   Enterprise e{.credit_code = "91430703MA4L0F2K3E", .name = "某水泥有限公司",
//                .industry_code = "C3011", .township_code = "430703100", .county_code = "430703",
//                .key_unit = true, .annual_energy_budget_tce = 52000};
//   Meter m{.enterprise = e.credit_code, .code = "E01", .carrier = "electricity",
//           .unit = "kWh", .multiplier = 200, .kind = MeterKind::kCounter};
//   Status s = ValidateEnterprise(e);   // credit-code check digit, industry code, budgets
//
// Plain structs; no I/O. Thread safety: values, copy freely. Failure contract: the Validate*
// and Parse* functions return InvalidArgument / nullopt naming the field and the accepted forms;
// nothing throws. Enumerators are stored (as text and as numbers in the monitor's log): append
// only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace carbonpeak::domain {

/// Whether a meter reports the quantity used in each period or a cumulative register.
/// Stored: append only.
enum class MeterKind : uint8_t {
  kInterval,  ///< value = quantity used during [period start, period start + interval)
  kCounter,   ///< value = register reading at the period start; use = difference of readings
};
std::string_view MeterKindName(MeterKind kind);  // "interval", "counter"
std::optional<MeterKind> ParseMeterKind(std::string_view text);

/// How often a meter is expected to report (GB/T 37947 practice: 15 min real-time indicators,
/// 30 min or 1 h allowed, plus daily and monthly indicators). Stored: append only.
enum class MeterInterval : uint8_t { k15Min, k30Min, k1Hour, kDay, kMonth };
std::string_view MeterIntervalName(
    MeterInterval interval);  // "15min", "30min", "1h", "day", "month"
std::optional<MeterInterval> ParseMeterInterval(std::string_view text);
/// Length in minutes for 15min/30min/1h/day; 0 for month (its length varies).
int MeterIntervalMinutes(MeterInterval interval);

/// The statistics type of a reading: a real-time interval value, or a daily or monthly total
/// the enterprise reports for the same data item. Stored: append only.
enum class StatisticsType : uint8_t { kInterval, kDay, kMonth };
std::string_view StatisticsTypeName(StatisticsType type);  // "interval", "day", "month"
/// Accepts "interval" (also "realtime", "实时"), "day" ("日"), "month" ("月").
std::optional<StatisticsType> ParseStatisticsType(std::string_view text);
/// The statistics type a meter's own readings have: kDay for daily meters, kMonth for monthly
/// meters, kInterval otherwise.
StatisticsType NativeStatisticsType(MeterInterval interval);

/// Quality flag sent with a reading. Stored: append only.
enum class ReadingQuality : uint8_t {
  kGood,       ///< 正常
  kEstimated,  ///< 估算 / 补录: filled in by the enterprise
  kSuspect,    ///< 可疑: the collector doubts it
  kInvalid,    ///< 无效: stored for the record, never counted
};
std::string_view ReadingQualityName(ReadingQuality quality);  // "good", "estimated", ...
/// Accepts the English name, the Chinese word (正常, 估算, 补录, 可疑, 无效) or the digits 0..3.
std::optional<ReadingQuality> ParseReadingQuality(std::string_view text);

/// An enterprise under monitoring.
struct Enterprise {
  std::string credit_code;  ///< 统一社会信用代码 (GB 32100-2015), 18 characters.
  std::string name;
  std::string industry_code;  ///< GB/T 4754-2017 code: section letter + 0/2/3/4 digits, "C3011".
  std::string township_code;  ///< Region code of the township (乡镇/街道) the site is in.
  std::string county_code;    ///< GB/T 2260 code of the county, e.g. "430703".
  bool key_unit = false;  ///< 重点用能单位 (≥ 10,000 tce a year, or named by the province).
  std::optional<double> annual_energy_budget_tce;   ///< tce (当量值) a year, if assigned.
  std::optional<double> annual_carbon_budget_tco2;  ///< tCO2 a year, if assigned.
};

/// A metering point (计量点 / 数据项) of an enterprise.
struct Meter {
  std::string enterprise;  ///< Credit code of the owning enterprise.
  std::string code;        ///< Data-item code, unique within the enterprise ("E01", "NG-2").
  std::string name;
  /// Energy carrier code of data/energy_carriers.csv ("electricity", "natural_gas", "raw_coal"),
  /// the same vocabulary as the energy balance; it selects the conversion coefficient and the
  /// CO2 factor.
  std::string carrier = "electricity";
  std::string unit;         ///< Unit of the values the meter sends: "kWh", "m³", "t", "GJ".
  double multiplier = 1.0;  ///< Applied to every value (CT/PT ratio); > 0.
  MeterKind kind = MeterKind::kInterval;
  MeterInterval interval = MeterInterval::k15Min;
  /// Counters only: the register wraps to 0 after this value (e.g. 99999999). Absent when the
  /// register never wraps; a backwards step is then always a reset.
  std::optional<double> register_max;
};

/// One reading as sent (before validation and conversion).
struct Reading {
  std::string enterprise;  ///< Credit code.
  std::string meter;       ///< Meter code within the enterprise.
  StatisticsType statistics = StatisticsType::kInterval;
  Timestamp period_start;  ///< Start of the period the value belongs to.
  double value = 0;        ///< In `unit`, before the meter's multiplier.
  std::string unit;
  ReadingQuality quality = ReadingQuality::kGood;
};

/// What an alert is about. Stored: append only.
enum class AlertKind : uint8_t {
  kIncomplete,       ///< A meter-day has fewer than 90 % of its expected readings.
  kGap,              ///< Consecutive missing periods.
  kCounterReset,     ///< A counter went backwards and it is not a rollover.
  kCounterRollover,  ///< A counter wrapped past its register maximum.
  kStuck,            ///< A value repeats unchanged for too long.
  kSpike,            ///< A value far from its robust rolling baseline (median / MAD).
  kLateReading,      ///< A reading arrived after the allowed lateness; kept, not counted.
  kBudgetPace,       ///< An enterprise is on pace to exceed its energy or carbon budget.
  kMonthlyMismatch,  ///< Daily sums differ from the monthly report by more than 5 %.
  kMissingFactor,    ///< Readings cannot be converted: a factor must be supplied.
};
std::string_view AlertKindName(AlertKind kind);  // "incomplete", "gap", "counter_reset", ...
std::optional<AlertKind> ParseAlertKind(std::string_view text);

/// Stored: append only.
enum class AlertSeverity : uint8_t { kInfo, kWarning, kCritical };
std::string_view AlertSeverityName(AlertSeverity severity);  // "info", "warning", "critical"

struct Alert {
  int64_t id = 0;  ///< Assigned by the monitor, increasing.
  AlertKind kind = AlertKind::kGap;
  AlertSeverity severity = AlertSeverity::kWarning;
  std::string enterprise;  ///< Credit code; empty for county-wide alerts.
  std::string meter;       ///< Meter code; empty for enterprise-level alerts.
  Timestamp period_start;  ///< The period the alert is about: [period_start, period_end).
  Timestamp period_end;
  Timestamp raised_at;  ///< Clock time when the monitor raised it.
  std::string message;  ///< What happened and what to do, for a statistics officer.
  double observed = 0;  ///< The value that triggered the alert (unit in the message).
  double expected = 0;  ///< The threshold or baseline it was compared with.
  bool acknowledged = false;
  std::string acknowledged_by;
  Timestamp acknowledged_at;
};

/// Checks a 统一社会信用代码: 18 characters from 0-9 and A-Z without I, O, S, V, Z, and the
/// GB 32100-2015 check character (weights 3^(i-1) mod 31). The message names the code and
/// what is wrong.
Status ValidateCreditCode(std::string_view code);

/// Checks a GB/T 4754-2017 industry code: a section letter A-T followed by 0, 2, 3 or 4 digits.
Status ValidateIndustryCode(std::string_view code);

/// The division (大类) an industry code belongs to: "C3011" -> "C30"; a bare section letter
/// stays as it is. The monitor rolls industries up at this level.
std::string IndustryDivision(std::string_view code);

/// Checks an enterprise record: credit code, non-empty name, industry code, township and county
/// codes made of digits, budgets positive when given.
Status ValidateEnterprise(const Enterprise& enterprise);

/// Checks a meter record on its own (not against the registry): credit code, code, unit, a
/// positive finite multiplier, register_max only for counters and positive.
Status ValidateMeter(const Meter& meter);

}  // namespace carbonpeak::domain
