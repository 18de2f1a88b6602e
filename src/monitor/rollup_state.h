// Mergeable rollup states: what the monitor keeps for every (entity, period) cell, in the manner
// of ClickHouse's aggregate-function states. A state summarises a multiset of contributions
// (one per counted reading, or per counter difference): count, how many were estimated or
// suspect, how many lacked a factor, and per quantity sum, min, max and "last" — the total of the
// contributions in the latest 15-minute slot of the cell, with that slot.
//
//   monitor::RollupState a, b;
//   a.Add(contribution);                       // one reading
//   b.Merge(a);                                // shards, restarts and levels combine exactly
//   std::string bytes = a.Serialize();         // version byte + fixed layout
//   CPK_ASSIGN_OR_RETURN(monitor::RollupState c, monitor::RollupState::Deserialize(bytes));
//
// All numbers are integers (milligrams of standard coal and CO2, millionths of the meter's unit),
// so Add and Merge are exactly associative and commutative: any order and any partition of the
// same contributions give identical states (a property test checks it).
//
// Thread safety: a value type. Failure contract: Deserialize returns DataLoss for bytes of
// another version or length; nothing throws.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "monitor/conversion.h"

namespace carbonpeak::monitor {

/// Milligrams: 10^-6 kg = 10^-9 t of standard coal or CO2. int64 holds 9.2 × 10^9 t.
inline constexpr double kMilligramsPerTonne = 1e9;

/// One counted reading (or counter difference), converted.
struct Contribution {
  int32_t slot = 0;                     ///< 15-minute slot (local time) the use is filed under.
  int64_t quantity = 0;                 ///< Millionths of the meter's unit, after the multiplier.
  int64_t measure[kMeasureCount] = {};  ///< Milligrams of tce (当量值, 等价值) and CO2.
  uint8_t missing_mask = 0;  ///< Bit m: Measure m has no factor; measure[m] is not counted.
  bool flagged = false;      ///< Quality estimated or suspect.

  friend bool operator==(const Contribution&, const Contribution&) = default;
};

/// Sum, min, max and latest-slot total of one quantity.
struct Aggregate {
  int64_t sum = 0;
  int64_t min = std::numeric_limits<int64_t>::max();  ///< max() when nothing counted
  int64_t max = std::numeric_limits<int64_t>::min();  ///< min() when nothing counted
  int64_t last = 0;  ///< Total of the contributions in the state's last_slot.

  friend bool operator==(const Aggregate&, const Aggregate&) = default;
};

class RollupState {
 public:
  /// Serialisation format version. Stored: bump it when the layout changes.
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kSerializedSize = 1 + 4 * 5 + 4 + 4 * 4 * 8;

  void Add(const Contribution& c);
  void Merge(const RollupState& other);

  bool empty() const { return count == 0; }

  /// Sum of a measure in tonnes (tce or tCO2).
  double Tonnes(Measure m) const {
    return static_cast<double>(measure[static_cast<int>(m)].sum) / kMilligramsPerTonne;
  }
  /// True when every counted contribution had the factor for `m`.
  bool Complete(Measure m) const { return missing[static_cast<int>(m)] == 0; }

  std::string Serialize() const;
  static Result<RollupState> Deserialize(std::string_view bytes);

  friend bool operator==(const RollupState&, const RollupState&) = default;

  uint32_t count = 0;                    ///< Contributions counted.
  uint32_t flagged = 0;                  ///< Of which estimated or suspect.
  uint32_t missing[kMeasureCount] = {};  ///< Contributions without a factor, per measure.
  int32_t last_slot = std::numeric_limits<int32_t>::min();  ///< min() when empty
  Aggregate quantity;  ///< Physical quantity; meaningful for one meter (units differ otherwise).
  Aggregate measure[kMeasureCount];
};

}  // namespace carbonpeak::monitor
