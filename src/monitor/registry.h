// The monitor's registry: the enterprises under monitoring and their meters, with the dense ids
// the engine uses internally and the groups every enterprise rolls up into (industry division,
// township, county).
//
//   monitor::Registry registry;
//   CPK_RETURN_IF_ERROR(registry.AddEnterprise(enterprise));
//   CPK_RETURN_IF_ERROR(registry.AddMeter(meter));          // its enterprise must exist
//   monitor::MeterLookup found = registry.FindMeter("91430703MA4L0F2K3E", "E01");
//   if (found.id) { const monitor::MeterEntry& m = registry.meter(*found.id); ... }
//
// Ids are dense and given in registration order, so replaying the same registrations gives the
// same ids. A record may be registered again with the same grouping and measuring fields (an
// update of name, key-unit flag or budgets); changing what past readings mean (an enterprise's
// industry, township or county; a meter's carrier, unit, multiplier, kind or interval) is refused
// with a message that says to register a new record instead.
//
// Thread safety: a value type. Concurrent reads are safe; writes need external locking (the
// Engine holds one). Failure contract: Add* return InvalidArgument / FailedPrecondition naming
// the record and the field; nothing throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/monitoring.h"
#include "monitor/internal/hash.h"

namespace carbonpeak::monitor {

using MeterId = uint32_t;
using EnterpriseId = uint32_t;
/// Dense id of an industry division, a township or a county (one id space per level).
using GroupId = uint32_t;

/// Meters are limited to 2^24 per instance (ids are packed with flags in the log).
inline constexpr uint32_t kMaxMeters = 1u << 24;

struct MeterEntry {
  domain::Meter def;
  EnterpriseId enterprise = 0;
  domain::StatisticsType native = domain::StatisticsType::kInterval;
  /// Expected interval in 15-minute slots (1, 2, 4, 96); 0 for monthly meters.
  int32_t interval_slots = 1;
};

struct EnterpriseEntry {
  domain::Enterprise def;
  GroupId industry = 0;  ///< Index into Registry::industries() (GB/T 4754 division).
  GroupId township = 0;  ///< Index into Registry::townships().
  GroupId county = 0;    ///< Index into Registry::counties().
  std::vector<MeterId> meters;
};

/// Result of a meter lookup: the id, or why there is none.
struct MeterLookup {
  std::optional<MeterId> id;
  bool ambiguous = false;  ///< Code used by several enterprises and no enterprise given.
};

class Registry {
 public:
  /// Adds an enterprise, or updates name, key-unit flag and budgets of a known one.
  Status AddEnterprise(const domain::Enterprise& enterprise);
  /// Adds a meter to a registered enterprise, or updates the name / register_max of a known one.
  Status AddMeter(const domain::Meter& meter);

  size_t enterprise_count() const { return enterprises_.size(); }
  size_t meter_count() const { return meters_.size(); }
  const EnterpriseEntry& enterprise(EnterpriseId id) const { return enterprises_[id]; }
  const MeterEntry& meter(MeterId id) const { return meters_[id]; }

  std::optional<EnterpriseId> FindEnterprise(std::string_view credit_code) const;
  /// Finds a meter by enterprise credit code and meter code. With an empty `enterprise`, the
  /// code alone identifies the meter when exactly one enterprise uses it.
  MeterLookup FindMeter(std::string_view enterprise, std::string_view code) const;
  /// Finds a meter by a prebuilt MeterKey() (saves an allocation per row on the hot path).
  std::optional<MeterId> FindMeterByKey(std::string_view key) const {
    return meter_index_.Find(key);
  }

  /// Group codes by id: industry divisions ("C30"), township codes, county codes.
  const std::vector<std::string>& industries() const { return industries_; }
  const std::vector<std::string>& townships() const { return townships_; }
  const std::vector<std::string>& counties() const { return counties_; }
  std::optional<GroupId> FindIndustry(std::string_view division) const;
  std::optional<GroupId> FindTownship(std::string_view code) const;
  std::optional<GroupId> FindCounty(std::string_view code) const;
  /// The county a township belongs to (townships never straddle counties; AddEnterprise
  /// refuses a township code under a second county).
  GroupId CountyOfTownship(GroupId township) const { return township_county_[township]; }

 private:
  static GroupId Intern(std::vector<std::string>& names, internal::StringIndex& index,
                        const std::string& name);

  std::vector<EnterpriseEntry> enterprises_;
  std::vector<MeterEntry> meters_;
  internal::StringIndex enterprise_index_;
  internal::StringIndex meter_index_;       // "<credit code>\x1f<meter code>" -> id
  internal::StringIndex meter_code_index_;  // "<meter code>" -> id, or kAmbiguous
  std::vector<std::string> industries_, townships_, counties_;
  internal::StringIndex industry_index_, township_index_, county_index_;
  std::vector<GroupId> township_county_;
};

/// Key of the meter index: credit code, unit separator (0x1F), meter code.
std::string MeterKey(std::string_view enterprise, std::string_view code);

}  // namespace carbonpeak::monitor
