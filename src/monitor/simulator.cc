#include "monitor/simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include "monitor/internal/time_slots.h"

namespace carbonpeak::monitor {
namespace {

using internal::FloorDiv;
using internal::kSecondsPerSlot;
using internal::kSlotsPerDay;

constexpr int64_t kMicros = 1000000;

struct MeterSpec {
  const char* code;
  const char* name;
  const char* carrier;
  const char* unit;
  domain::MeterKind kind;
  domain::MeterInterval interval;
  double use_per_slot;  // mean use per 15 minutes in the meter's unit, after the multiplier
  double multiplier;
  double noise;
};

struct Profile {
  const char* industry;  // GB/T 4754-2017 code
  const char* name;
  // Load factor by local hour, weekday (Mon..Fri) and weekend.
  enum class Shape { kContinuous, kNightHeavy, kTwoShifts, kOneShift, kFlat } shape;
  double annual_energy_budget_tce;
  std::array<MeterSpec, 3> meters;
  int meter_count;
};

using domain::MeterInterval;
using domain::MeterKind;

// Magnitudes are plausible for county-level plants; they are made up and only drive the demo.
const std::array<Profile, 5> kProfiles = {{
    {"C3011",
     "水泥",
     Profile::Shape::kNightHeavy,
     60000,
     {{{"E01", "总进线", "electricity", "kWh", MeterKind::kCounter, MeterInterval::k15Min, 6000,
        100, 0.05},
       {"E02", "水泥磨", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min, 2000, 1,
        0.08},
       {"C01", "入窑煤", "raw_coal", "t", MeterKind::kInterval, MeterInterval::kDay, 3.0, 1,
        0.04}}},
     3},
    {"C2614",
     "化工",
     Profile::Shape::kContinuous,
     40000,
     {{{"E01", "总进线", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min, 3000, 1,
        0.04},
       {"G01", "天然气", "natural_gas", "m³", MeterKind::kInterval, MeterInterval::k1Hour, 100, 1,
        0.06},
       {"H01", "外购蒸汽", "heat", "GJ", MeterKind::kCounter, MeterInterval::k1Hour, 12, 1, 0.05}}},
     3},
    {"C1711",
     "纺织",
     Profile::Shape::kTwoShifts,
     8000,
     {{{"E01", "总进线", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min, 800, 1,
        0.07},
       {"E02", "空压站", "electricity", "kWh", MeterKind::kCounter, MeterInterval::k15Min, 300, 1,
        0.06},
       {}}},
     2},
    {"C1411",
     "食品",
     Profile::Shape::kOneShift,
     3000,
     {{{"E01", "总进线", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min, 200, 1,
        0.1},
       {"G01", "锅炉天然气", "natural_gas", "m³", MeterKind::kInterval, MeterInterval::k15Min, 30,
        1, 0.1},
       {}}},
     2},
    {"I6550",
     "数据中心",
     Profile::Shape::kFlat,
     12000,
     {{{"E01", "IT负载", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min, 1500, 1,
        0.02},
       {"E02", "制冷", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min, 600, 1,
        0.05},
       {}}},
     2},
}};

std::string WithCheckCharacter(const std::string& first17) {
  constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int sum = 0, weight = 1;
  for (char c : first17) {
    sum += static_cast<int>(kChars.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return first17 + kChars[static_cast<size_t>(check)];
}

double ShapeFactor(Profile::Shape shape, int hour, int weekday /* 0 = Monday */) {
  const bool weekend = weekday >= 5;
  switch (shape) {
    case Profile::Shape::kContinuous:
      return 1.0;
    case Profile::Shape::kNightHeavy:  // mills run on the off-peak tariff at night
      return (hour >= 23 || hour < 7) ? 1.1 : 0.95;
    case Profile::Shape::kTwoShifts:
      if (weekday == 6) return 0.1;
      return (hour >= 6 && hour < 22) ? 1.4 : 0.15;
    case Profile::Shape::kOneShift:  // a long day shift with cleaning and boilers into the evening
      if (weekend) return 0.1;
      return (hour >= 7 && hour < 20) ? 1.7 : 0.15;
    case Profile::Shape::kFlat:
      return 1.0;
  }
  return 1.0;
}

int SlotsOf(MeterInterval interval) {
  switch (interval) {
    case MeterInterval::k15Min:
      return 1;
    case MeterInterval::k30Min:
      return 2;
    case MeterInterval::k1Hour:
      return 4;
    case MeterInterval::kDay:
      return 96;
    case MeterInterval::kMonth:
      return 0;
  }
  return 1;
}

double Round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string FormatLocal(Timestamp t) {
  // Period starts of the simulator are whole seconds; written in local time with the offset.
  const int64_t local = FloorDiv(t.micros, kMicros) + 8 * 3600;
  const int64_t day = FloorDiv(local, 86400);
  const int64_t sec = local - day * 86400;
  const internal::CivilDate c = internal::CivilFromDays(day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00+08:00", c.year, c.month, c.day,
                static_cast<int>(sec / 3600), static_cast<int>(sec % 3600 / 60));
  return buf;
}

std::string FormatValue(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kGap:
      return "gap";
    case FaultKind::kStuck:
      return "stuck";
    case FaultKind::kSpike:
      return "spike";
    case FaultKind::kCounterReset:
      return "counter_reset";
    case FaultKind::kLate:
      return "late";
    case FaultKind::kDuplicate:
      return "duplicate";
    case FaultKind::kCorrection:
      return "correction";
  }
  return "gap";
}

Simulator::Simulator(SimulatorOptions options) : options_(std::move(options)) {
  options_.enterprises = std::max(1, options_.enterprises);
  options_.fault_rate = std::clamp(options_.fault_rate, 0.0, 1.0);
  if (options_.townships.empty()) options_.townships.push_back(options_.county_code + "100");
  if (options_.fault_kinds.empty()) {
    options_.fault_kinds = {FaultKind::kGap,          FaultKind::kStuck, FaultKind::kSpike,
                            FaultKind::kCounterReset, FaultKind::kLate,  FaultKind::kDuplicate,
                            FaultKind::kCorrection};
  }
  for (int i = 0; i < options_.enterprises; ++i) {
    const size_t p = static_cast<size_t>(i) % kProfiles.size();
    const Profile& profile = kProfiles[p];
    const int number = options_.first_number + i;
    std::string digits = std::to_string(number % 100000);
    digits.insert(0, 5 - digits.size(), '0');
    // Size of this plant relative to the profile: 0.5 .. 1.5, from the seed.
    const double size =
        0.5 +
        static_cast<double>(Hash(options_.seed, 0x5157, static_cast<uint64_t>(number)) % 1000) /
            1000.0;
    domain::Enterprise e;
    e.credit_code = WithCheckCharacter("91" + options_.county_code + "MA7D" + digits);
    e.name = "SYNTHETIC " + std::string(profile.name) + "企业" + std::to_string(number);
    e.industry_code = profile.industry;
    e.township_code = options_.townships[static_cast<size_t>(i) % options_.townships.size()];
    e.county_code = options_.county_code;
    e.key_unit = profile.annual_energy_budget_tce * size >= 10000;
    e.annual_energy_budget_tce = std::round(profile.annual_energy_budget_tce * size);
    enterprises_.push_back(e);
    for (int m = 0; m < profile.meter_count; ++m) {
      const MeterSpec& spec = profile.meters[static_cast<size_t>(m)];
      domain::Meter meter;
      meter.enterprise = e.credit_code;
      meter.code = spec.code;
      meter.name = spec.name;
      meter.carrier = spec.carrier;
      meter.unit = spec.unit;
      meter.multiplier = spec.multiplier;
      meter.kind = spec.kind;
      meter.interval = spec.interval;
      if (spec.kind == MeterKind::kCounter) meter.register_max = 99999999;
      meters_.push_back(meter);
      MeterModel model;
      model.profile = static_cast<int>(p);
      model.scale = spec.use_per_slot * size;
      model.noise = spec.noise;
      model.register_value =
          std::floor(static_cast<double>(Hash(options_.seed, 0xC0DE, meters_.size()) % 5000000));
      models_.push_back(model);
    }
  }
}

uint64_t Simulator::Hash(uint64_t a, uint64_t b, uint64_t c) const {
  // SplitMix64 over the three inputs: fast, well mixed, the same on every platform.
  uint64_t x = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull ^
               (c + 0x94D049BB133111EBull) * 0x2545F4914F6CDD1Dull;
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

double Simulator::Use(size_t meter, int64_t slot) const {
  const MeterModel& model = models_[meter];
  const int64_t day = FloorDiv(slot, kSlotsPerDay);
  const int hour = static_cast<int>((slot - day * kSlotsPerDay) / 4);
  const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  const double shape =
      ShapeFactor(kProfiles[static_cast<size_t>(model.profile)].shape, hour, weekday);
  // Noise: sum of three uniforms, about normal with standard deviation 0.5.
  const uint64_t h = Hash(options_.seed, meter + 1, static_cast<uint64_t>(slot));
  const double u = static_cast<double>(h & 0xFFFFF) / 1048576.0 +
                   static_cast<double>((h >> 20) & 0xFFFFF) / 1048576.0 +
                   static_cast<double>((h >> 40) & 0xFFFFF) / 1048576.0 - 1.5;
  return std::max(0.0, model.scale * shape * (1.0 + model.noise * 2.0 * u));
}

std::vector<domain::Reading> Simulator::Generate(Timestamp from, Timestamp to) {
  const int64_t offset = options_.utc_offset_seconds;
  auto slot_of = [&](Timestamp t) {
    return FloorDiv(FloorDiv(t.micros, kMicros) + offset, kSecondsPerSlot);
  };
  auto time_of = [&](int64_t slot) {
    return Timestamp{(slot * kSecondsPerSlot - offset) * kMicros};
  };
  const int64_t first = slot_of(Timestamp{from.micros + (kSecondsPerSlot * kMicros - 1)});
  const int64_t last = slot_of(to);  // exclusive
  std::vector<domain::Reading> out;
  std::vector<domain::Reading> at_end;
  for (int64_t slot = first; slot < last; ++slot) {
    const int64_t day = FloorDiv(slot, kSlotsPerDay);
    const int64_t slot_in_day = slot - day * kSlotsPerDay;
    for (size_t m = 0; m < meters_.size(); ++m) {
      const domain::Meter& meter = meters_[m];
      MeterModel& model = models_[m];
      const int period_slots = SlotsOf(meter.interval);
      if (period_slots == 0 || slot_in_day % period_slots != 0) continue;
      const bool counter = meter.kind == MeterKind::kCounter;
      const int periods_per_day = static_cast<int>(kSlotsPerDay) / period_slots;
      const int64_t period_in_day = slot_in_day / period_slots;

      // The use of this period.
      double use = 0;
      for (int s = 0; s < period_slots; ++s) use += Use(m, slot + s);

      // This meter-day's fault, if any: kind, first period, length in periods.
      std::optional<FaultKind> fault;
      int64_t fault_first = 0, fault_len = 1;
      const uint64_t h = Hash(options_.seed ^ 0xFA017, m + 1, static_cast<uint64_t>(day));
      if (static_cast<double>(h % 1000000) / 1e6 < options_.fault_rate) {
        FaultKind kind = options_.fault_kinds[(h >> 20) % options_.fault_kinds.size()];
        const bool fits = (kind != FaultKind::kCounterReset || counter) &&
                          (kind != FaultKind::kStuck || (!counter && periods_per_day >= 24)) &&
                          (kind != FaultKind::kGap || periods_per_day >= 24) &&
                          (kind != FaultKind::kSpike || (!counter && periods_per_day >= 24));
        if (fits) {
          fault = kind;
          const int64_t hours = kind == FaultKind::kGap     ? 2 + static_cast<int64_t>(h >> 40) % 3
                                : kind == FaultKind::kStuck ? 6
                                                            : 0;
          fault_len = std::max<int64_t>(1, hours * 4 / period_slots);
          // Start between 01:00 and 16:00 so that the fault ends within the day.
          const int64_t span = std::max<int64_t>(1, periods_per_day * 2 / 3);
          fault_first = periods_per_day / 24 + static_cast<int64_t>((h >> 32) % 997) % span;
          if (periods_per_day < 24) fault_first = 0;
        }
      }
      const bool in_fault =
          fault && period_in_day >= fault_first && period_in_day < fault_first + fault_len;
      if (fault && period_in_day == fault_first) {
        faults_.push_back({*fault, meter.enterprise, meter.code, time_of(slot),
                           time_of(slot + fault_len * period_slots)});
      }

      domain::Reading r;
      r.enterprise = meter.enterprise;
      r.meter = meter.code;
      r.statistics = domain::NativeStatisticsType(meter.interval);
      r.period_start = time_of(slot);
      r.unit = meter.unit;
      if (counter) {
        if (in_fault && *fault == FaultKind::kCounterReset) model.register_value = 0;
        r.value = Round2(model.register_value);
        model.register_value += use / meter.multiplier;
        if (model.register_value >= *meter.register_max) {
          model.register_value -= *meter.register_max + 1;
        }
      } else {
        r.value = Round2(use / meter.multiplier);
      }
      if (in_fault) {
        switch (*fault) {
          case FaultKind::kGap:
            continue;  // nothing sent
          case FaultKind::kStuck: {
            // Repeat the value of the first stuck period.
            double first_use = 0;
            const int64_t first_slot = slot - (period_in_day - fault_first) * period_slots;
            for (int s = 0; s < period_slots; ++s) first_use += Use(m, first_slot + s);
            r.value = Round2(first_use / meter.multiplier);
            break;
          }
          case FaultKind::kSpike:
            r.value = Round2(r.value * 10.0 + model.scale * 10.0);
            break;
          case FaultKind::kCounterReset:
            break;
          case FaultKind::kLate:
            at_end.push_back(r);
            continue;
          case FaultKind::kDuplicate:
            out.push_back(r);
            break;
          case FaultKind::kCorrection: {
            domain::Reading wrong = r;
            wrong.value = Round2(r.value * 1.5 + 1.0);
            wrong.quality = domain::ReadingQuality::kEstimated;
            out.push_back(wrong);
            at_end.push_back(r);
            continue;
          }
        }
      }
      out.push_back(std::move(r));
    }
  }
  out.insert(out.end(), std::make_move_iterator(at_end.begin()),
             std::make_move_iterator(at_end.end()));
  return out;
}

std::vector<domain::Reading> Simulator::InProgress(Timestamp now) const {
  const int64_t local_seconds = FloorDiv(now.micros, kMicros) + options_.utc_offset_seconds;
  const int64_t slot = FloorDiv(local_seconds, kSecondsPerSlot);
  const double elapsed =
      static_cast<double>(local_seconds - slot * kSecondsPerSlot) / kSecondsPerSlot;
  std::vector<domain::Reading> out;
  for (size_t m = 0; m < meters_.size(); ++m) {
    const domain::Meter& meter = meters_[m];
    if (meter.kind != MeterKind::kInterval || meter.interval != MeterInterval::k15Min) continue;
    domain::Reading r;
    r.enterprise = meter.enterprise;
    r.meter = meter.code;
    r.statistics = domain::StatisticsType::kInterval;
    r.period_start = Timestamp{(slot * kSecondsPerSlot - options_.utc_offset_seconds) * kMicros};
    r.value = Round2(Use(m, slot) * elapsed / meter.multiplier);
    r.unit = meter.unit;
    r.quality = domain::ReadingQuality::kEstimated;
    out.push_back(std::move(r));
  }
  return out;
}

std::string ReadingsToCsv(const std::vector<domain::Reading>& readings) {
  std::string out = "enterprise,meter,statistics,period_start,value,quality\n";
  out.reserve(readings.size() * 80 + out.size());
  for (const domain::Reading& r : readings) {
    out += r.enterprise;
    out += ',';
    out += r.meter;
    out += ',';
    out += domain::StatisticsTypeName(r.statistics);
    out += ',';
    out += FormatLocal(r.period_start);
    out += ',';
    out += FormatValue(r.value);
    out += ',';
    out += domain::ReadingQualityName(r.quality);
    out += '\n';
  }
  return out;
}

std::string ReadingsToJson(const std::vector<domain::Reading>& readings,
                           std::string_view batch_id) {
  std::string out = R"({"format":"carbonpeak.monitoring.batch","version":1,"batch_id":")";
  for (char c : batch_id) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  out += R"(","readings":[)";
  out.reserve(readings.size() * 120 + out.size());
  bool first = true;
  for (const domain::Reading& r : readings) {
    if (!first) out += ',';
    first = false;
    out += R"({"enterprise":")";
    out += r.enterprise;  // credit codes and simulator meter codes need no escaping
    out += R"(","meter":")";
    out += r.meter;
    out += R"(","statistics":")";
    out += domain::StatisticsTypeName(r.statistics);
    out += R"(","period_start":")";
    out += FormatLocal(r.period_start);
    out += R"(","value":)";
    out += FormatValue(r.value);
    if (r.quality != domain::ReadingQuality::kGood) {
      out += R"(,"quality":")";
      out += domain::ReadingQualityName(r.quality);
      out += '"';
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace carbonpeak::monitor
