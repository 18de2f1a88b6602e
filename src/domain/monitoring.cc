#include "domain/monitoring.h"

#include <cmath>
#include <string>

namespace carbonpeak::domain {
namespace {

// GB 32100-2015: the 31 characters a credit code may use, in the order of their values.
constexpr std::string_view kCreditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string_view MeterKindName(MeterKind kind) {
  return kind == MeterKind::kCounter ? "counter" : "interval";
}

std::optional<MeterKind> ParseMeterKind(std::string_view text) {
  if (text == "interval") return MeterKind::kInterval;
  if (text == "counter" || text == "cumulative") return MeterKind::kCounter;
  return std::nullopt;
}

std::string_view MeterIntervalName(MeterInterval interval) {
  switch (interval) {
    case MeterInterval::k15Min:
      return "15min";
    case MeterInterval::k30Min:
      return "30min";
    case MeterInterval::k1Hour:
      return "1h";
    case MeterInterval::kDay:
      return "day";
    case MeterInterval::kMonth:
      return "month";
  }
  return "15min";
}

std::optional<MeterInterval> ParseMeterInterval(std::string_view text) {
  for (MeterInterval i : {MeterInterval::k15Min, MeterInterval::k30Min, MeterInterval::k1Hour,
                          MeterInterval::kDay, MeterInterval::kMonth}) {
    if (MeterIntervalName(i) == text) return i;
  }
  if (text == "15m" || text == "PT15M") return MeterInterval::k15Min;
  if (text == "30m" || text == "PT30M") return MeterInterval::k30Min;
  if (text == "60min" || text == "hour" || text == "PT1H") return MeterInterval::k1Hour;
  if (text == "1d" || text == "P1D") return MeterInterval::kDay;
  if (text == "P1M") return MeterInterval::kMonth;
  return std::nullopt;
}

int MeterIntervalMinutes(MeterInterval interval) {
  switch (interval) {
    case MeterInterval::k15Min:
      return 15;
    case MeterInterval::k30Min:
      return 30;
    case MeterInterval::k1Hour:
      return 60;
    case MeterInterval::kDay:
      return 24 * 60;
    case MeterInterval::kMonth:
      return 0;
  }
  return 15;
}

std::string_view StatisticsTypeName(StatisticsType type) {
  switch (type) {
    case StatisticsType::kInterval:
      return "interval";
    case StatisticsType::kDay:
      return "day";
    case StatisticsType::kMonth:
      return "month";
  }
  return "interval";
}

std::optional<StatisticsType> ParseStatisticsType(std::string_view text) {
  if (text == "interval" || text == "realtime" || text == "实时") return StatisticsType::kInterval;
  if (text == "day" || text == "日") return StatisticsType::kDay;
  if (text == "month" || text == "月") return StatisticsType::kMonth;
  return std::nullopt;
}

StatisticsType NativeStatisticsType(MeterInterval interval) {
  if (interval == MeterInterval::kDay) return StatisticsType::kDay;
  if (interval == MeterInterval::kMonth) return StatisticsType::kMonth;
  return StatisticsType::kInterval;
}

std::string_view ReadingQualityName(ReadingQuality quality) {
  switch (quality) {
    case ReadingQuality::kGood:
      return "good";
    case ReadingQuality::kEstimated:
      return "estimated";
    case ReadingQuality::kSuspect:
      return "suspect";
    case ReadingQuality::kInvalid:
      return "invalid";
  }
  return "good";
}

std::optional<ReadingQuality> ParseReadingQuality(std::string_view text) {
  if (text == "good" || text == "正常" || text == "0") return ReadingQuality::kGood;
  if (text == "estimated" || text == "估算" || text == "补录" || text == "1") {
    return ReadingQuality::kEstimated;
  }
  if (text == "suspect" || text == "可疑" || text == "2") return ReadingQuality::kSuspect;
  if (text == "invalid" || text == "无效" || text == "3") return ReadingQuality::kInvalid;
  return std::nullopt;
}

std::string_view AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kIncomplete:
      return "incomplete";
    case AlertKind::kGap:
      return "gap";
    case AlertKind::kCounterReset:
      return "counter_reset";
    case AlertKind::kCounterRollover:
      return "counter_rollover";
    case AlertKind::kStuck:
      return "stuck";
    case AlertKind::kSpike:
      return "spike";
    case AlertKind::kLateReading:
      return "late_reading";
    case AlertKind::kBudgetPace:
      return "budget_pace";
    case AlertKind::kMonthlyMismatch:
      return "monthly_mismatch";
    case AlertKind::kMissingFactor:
      return "missing_factor";
  }
  return "gap";
}

std::optional<AlertKind> ParseAlertKind(std::string_view text) {
  for (int k = 0; k <= static_cast<int>(AlertKind::kMissingFactor); ++k) {
    if (AlertKindName(static_cast<AlertKind>(k)) == text) return static_cast<AlertKind>(k);
  }
  return std::nullopt;
}

std::string_view AlertSeverityName(AlertSeverity severity) {
  switch (severity) {
    case AlertSeverity::kInfo:
      return "info";
    case AlertSeverity::kWarning:
      return "warning";
    case AlertSeverity::kCritical:
      return "critical";
  }
  return "warning";
}

Status ValidateCreditCode(std::string_view code) {
  const std::string shown(code);
  if (code.size() != 18) {
    return Status::InvalidArgument("统一社会信用代码 '" + shown + "' has " +
                                   std::to_string(code.size()) +
                                   " characters; it must have exactly 18 (digits and capital "
                                   "letters, as printed on the business licence)");
  }
  // Weights 3^(i-1) mod 31, GB 32100-2015 §5 (check character).
  int sum = 0;
  int weight = 1;
  for (size_t pos = 0; pos < 18; ++pos) {
    const size_t value = kCreditCodeChars.find(code[pos]);
    if (value == std::string_view::npos) {
      return Status::InvalidArgument(
          "统一社会信用代码 '" + shown + "': character " + std::to_string(pos + 1) + " ('" +
          std::string(1, code[pos]) +
          "') is not allowed; use digits and capital letters except I, O, S, V and Z");
    }
    if (pos < 17) {
      sum += static_cast<int>(value) * weight;
      weight = weight * 3 % 31;
    } else {
      int expected = 31 - sum % 31;
      if (expected == 31) expected = 0;
      if (static_cast<int>(value) != expected) {
        return Status::InvalidArgument(
            "统一社会信用代码 '" + shown + "': the check character is '" +
            std::string(1, code[17]) + "' but the first 17 characters give '" +
            std::string(1, kCreditCodeChars[static_cast<size_t>(expected)]) +
            "'; check the code against the business licence for a typing error");
      }
    }
  }
  return Status::Ok();
}

Status ValidateIndustryCode(std::string_view code) {
  const bool letter_ok = !code.empty() && code[0] >= 'A' && code[0] <= 'T';
  const std::string_view digits = code.empty() ? code : code.substr(1);
  const bool digits_ok =
      digits.empty() || (AllDigits(digits) && digits.size() >= 2 && digits.size() <= 4);
  if (!letter_ok || !digits_ok) {
    return Status::InvalidArgument(
        "industry code '" + std::string(code) +
        "' is not a GB/T 4754-2017 code; write the section letter A-T followed by the 2-, 3- or "
        "4-digit class, e.g. 'C3011' (cement) or 'D44' (electricity supply)");
  }
  return Status::Ok();
}

std::string IndustryDivision(std::string_view code) {
  return std::string(code.substr(0, code.size() >= 3 ? 3 : code.size()));
}

Status ValidateEnterprise(const Enterprise& e) {
  CPK_RETURN_IF_ERROR(ValidateCreditCode(e.credit_code));
  const std::string who = "enterprise " + e.credit_code + ": ";
  if (e.name.empty())
    return Status::InvalidArgument(who + "name is empty; give the registered name");
  CPK_RETURN_IF_ERROR(ValidateIndustryCode(e.industry_code).WithContext(who));
  if (!AllDigits(e.township_code)) {
    return Status::InvalidArgument(who + "township_code '" + e.township_code +
                                   "' must be the digits of the township's region code");
  }
  if (!AllDigits(e.county_code) || e.county_code.size() != 6) {
    return Status::InvalidArgument(who + "county_code '" + e.county_code +
                                   "' must be a 6-digit GB/T 2260 code such as 430703");
  }
  for (auto [budget, field] :
       {std::pair{e.annual_energy_budget_tce, "annual_energy_budget_tce"},
        std::pair{e.annual_carbon_budget_tco2, "annual_carbon_budget_tco2"}}) {
    if (budget && !(std::isfinite(*budget) && *budget > 0)) {
      return Status::InvalidArgument(who + field +
                                     " must be a positive number; leave it out when no budget "
                                     "has been assigned");
    }
  }
  return Status::Ok();
}

Status ValidateMeter(const Meter& m) {
  CPK_RETURN_IF_ERROR(ValidateCreditCode(m.enterprise).WithContext("meter '" + m.code + "': "));
  const std::string who = "meter " + m.enterprise + "/" + m.code + ": ";
  if (m.code.empty() || m.code.size() > 64) {
    return Status::InvalidArgument("meter of enterprise " + m.enterprise +
                                   ": code must have 1 to 64 characters");
  }
  for (char c : m.code) {
    if (static_cast<unsigned char>(c) < 0x20 || c == ',' || c == '"') {
      return Status::InvalidArgument(who +
                                     "code must not contain commas, quotes or control characters");
    }
  }
  if (m.carrier.empty()) {
    return Status::InvalidArgument(who +
                                   "carrier is empty; give a code of data/energy_carriers.csv "
                                   "such as electricity, natural_gas or raw_coal");
  }
  if (m.unit.empty())
    return Status::InvalidArgument(who + "unit is empty; give e.g. kWh, m³, t or GJ");
  if (!(std::isfinite(m.multiplier) && m.multiplier > 0)) {
    return Status::InvalidArgument(who + "multiplier must be a positive number (1 when none)");
  }
  if (m.register_max) {
    if (m.kind != MeterKind::kCounter) {
      return Status::InvalidArgument(who +
                                     "register_max applies to counters only; remove it or "
                                     "set kind to counter");
    }
    if (!(std::isfinite(*m.register_max) && *m.register_max > 0)) {
      return Status::InvalidArgument(who + "register_max must be a positive number");
    }
  }
  return Status::Ok();
}

}  // namespace carbonpeak::domain
