// A seeded generator of realistic meter-reading streams for demos, tests and benchmarks: made-up
// (SYNTHETIC) enterprises of several industries — cement, chemicals, textiles, food, a data
// centre — with load profiles (continuous process or one/two shifts, day and night, weekdays and
// weekends), noise, meters of several carriers (electricity, natural gas, heat, raw coal), counter
// and interval meters, and injected faults (gaps, stuck values, spikes, counter resets, late and
// duplicate readings, corrections).
//
//   monitor::Simulator sim({.enterprises = 6, .seed = 42, .fault_rate = 0.05});
//   CPK_RETURN_IF_ERROR(engine->RegisterAll(sim.enterprises(), sim.meters()));
//   std::vector<domain::Reading> readings = sim.Generate(from, to);
//   engine->IngestCsv(monitor::ReadingsToCsv(readings), {.source_name = "simulated.csv"});
//
// Deterministic: the same options give the same enterprises, meters, readings and faults, and
// generating [a, c) in one call or as [a, b) then [b, c) gives the same readings (faults whose
// effect reaches past a call's end — late readings, corrections — are sent at the end of the call
// that holds their period). Values are the meter's own quantity (use for interval meters, the
// register for counters) with two decimals.
//
// Pure: no I/O, no clock. Thread safety: a Simulator is a value; Generate mutates the counter
// registers, so one thread at a time. Failure contract: nothing fails; out-of-range options are
// clamped (at least one enterprise, a fault rate within 0..1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "domain/monitoring.h"

namespace carbonpeak::monitor {

enum class FaultKind : uint8_t {
  kGap,           ///< No readings for 2–4 hours.
  kStuck,         ///< The same value repeated for 6 hours (interval meters).
  kSpike,         ///< One value about ten times the usual.
  kCounterReset,  ///< The register restarts from 0 (counter meters).
  kLate,          ///< A reading sent at the end of the call instead of in time.
  kDuplicate,     ///< A reading sent twice with the same value.
  kCorrection,    ///< A wrong value first, the right one at the end of the call.
};
std::string_view FaultKindName(FaultKind kind);  // "gap", "stuck", "spike", ...

struct InjectedFault {
  FaultKind kind = FaultKind::kGap;
  std::string enterprise;  ///< Credit code.
  std::string meter;
  Timestamp start;  ///< First period affected.
  Timestamp end;    ///< End of the last period affected.
};

struct SimulatorOptions {
  int enterprises = 5;
  uint64_t seed = 1;
  std::string county_code = "430703";
  /// Townships the enterprises are spread over (round robin).
  std::vector<std::string> townships = {"430703100", "430703101", "430703102"};
  /// Enterprise numbers start here (credit codes "91" + county + "MA7D" + 5 digits + the check
  /// character).
  int first_number = 1;
  /// Probability that a meter-day gets one injected fault.
  double fault_rate = 0.0;
  /// Which fault kinds may be injected; empty for all.
  std::vector<FaultKind> fault_kinds;
  /// Local time is UTC + this (days, shifts and weekdays are local).
  int32_t utc_offset_seconds = 8 * 3600;
};

class Simulator {
 public:
  explicit Simulator(SimulatorOptions options);

  /// The made-up enterprises; names start with "SYNTHETIC".
  const std::vector<domain::Enterprise>& enterprises() const { return enterprises_; }
  const std::vector<domain::Meter>& meters() const { return meters_; }
  const SimulatorOptions& options() const { return options_; }

  /// Readings with period start in [from, to) (rounded to 15-minute boundaries), in sending
  /// order. Calls must follow each other in time for the counters to continue.
  std::vector<domain::Reading> Generate(Timestamp from, Timestamp to);
  /// The running value of the 15-minute interval meters for the period that holds `now`: the
  /// use so far (the elapsed share of the period), quality "estimated". A live feed sends it
  /// every few seconds; the full value that Generate sends once the period is over corrects it.
  std::vector<domain::Reading> InProgress(Timestamp now) const;
  /// Faults injected so far, in the order they were made.
  const std::vector<InjectedFault>& faults() const { return faults_; }

 private:
  struct MeterModel {
    int profile = 0;      // index of the industry profile
    double scale = 1;     // mean use per 15 minutes, meter unit
    double noise = 0.05;  // relative
    double register_value = 0;
    int64_t next_slot = INT64_MIN;  // first slot not generated yet (counters)
  };
  double Use(size_t meter, int64_t slot) const;
  uint64_t Hash(uint64_t a, uint64_t b, uint64_t c) const;

  SimulatorOptions options_;
  std::vector<domain::Enterprise> enterprises_;
  std::vector<domain::Meter> meters_;
  std::vector<MeterModel> models_;
  std::vector<InjectedFault> faults_;
};

/// CSV batch (docs/formats/monitoring.md) of `readings`: enterprise, meter, period_start (with
/// offset), value, quality.
std::string ReadingsToCsv(const std::vector<domain::Reading>& readings);
/// JSON batch (docs/formats/monitoring.md) of `readings` with `batch_id`.
std::string ReadingsToJson(const std::vector<domain::Reading>& readings, std::string_view batch_id);

}  // namespace carbonpeak::monitor
