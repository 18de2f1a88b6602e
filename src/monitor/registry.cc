#include "monitor/registry.h"

#include <cmath>

namespace carbonpeak::monitor {
namespace {

constexpr uint32_t kAmbiguous = 0xfffffffeu;

int32_t IntervalSlots(domain::MeterInterval interval) {
  const int minutes = domain::MeterIntervalMinutes(interval);
  return minutes / 15;
}

}  // namespace

std::string MeterKey(std::string_view enterprise, std::string_view code) {
  std::string key;
  key.reserve(enterprise.size() + 1 + code.size());
  key.append(enterprise);
  key.push_back('\x1f');
  key.append(code);
  return key;
}

GroupId Registry::Intern(std::vector<std::string>& names, internal::StringIndex& index,
                         const std::string& name) {
  if (std::optional<uint32_t> id = index.Find(name)) return *id;
  const auto id = static_cast<GroupId>(names.size());
  names.push_back(name);
  index.Put(name, id);
  return id;
}

Status Registry::AddEnterprise(const domain::Enterprise& e) {
  CPK_RETURN_IF_ERROR(domain::ValidateEnterprise(e));
  if (std::optional<EnterpriseId> id = FindEnterprise(e.credit_code)) {
    EnterpriseEntry& entry = enterprises_[*id];
    const domain::Enterprise& old = entry.def;
    if (old.industry_code != e.industry_code || old.township_code != e.township_code ||
        old.county_code != e.county_code) {
      return Status::FailedPrecondition(
          "enterprise " + e.credit_code +
          ": industry, township and county cannot change once registered (past rollups are "
          "filed under them); keep the registered values (" +
          old.industry_code + ", " + old.township_code + ", " + old.county_code + ")");
    }
    entry.def = e;
    return Status::Ok();
  }
  if (std::optional<GroupId> township = FindTownship(e.township_code)) {
    if (counties_[township_county_[*township]] != e.county_code) {
      return Status::FailedPrecondition(
          "enterprise " + e.credit_code + ": township " + e.township_code +
          " is registered under county " + counties_[township_county_[*township]] + ", not " +
          e.county_code + "; a township belongs to one county, check both codes");
    }
  }
  EnterpriseEntry entry;
  entry.def = e;
  entry.industry = Intern(industries_, industry_index_, domain::IndustryDivision(e.industry_code));
  entry.township = Intern(townships_, township_index_, e.township_code);
  entry.county = Intern(counties_, county_index_, e.county_code);
  if (entry.township >= township_county_.size()) township_county_.push_back(entry.county);
  const auto id = static_cast<EnterpriseId>(enterprises_.size());
  enterprises_.push_back(std::move(entry));
  enterprise_index_.Put(e.credit_code, id);
  return Status::Ok();
}

Status Registry::AddMeter(const domain::Meter& m) {
  CPK_RETURN_IF_ERROR(domain::ValidateMeter(m));
  std::optional<EnterpriseId> enterprise = FindEnterprise(m.enterprise);
  if (!enterprise) {
    return Status::FailedPrecondition("meter " + m.enterprise + "/" + m.code + ": enterprise " +
                                      m.enterprise +
                                      " is not registered; register the enterprise first");
  }
  const std::string key = MeterKey(m.enterprise, m.code);
  if (std::optional<uint32_t> id = meter_index_.Find(key)) {
    MeterEntry& entry = meters_[*id];
    const domain::Meter& old = entry.def;
    if (old.carrier != m.carrier || old.unit != m.unit || old.multiplier != m.multiplier ||
        old.kind != m.kind || old.interval != m.interval) {
      return Status::FailedPrecondition(
          "meter " + m.enterprise + "/" + m.code +
          ": carrier, unit, multiplier, kind and interval cannot change once registered (past "
          "readings were converted with them); register the replacement under a new code, e.g. " +
          m.code + "-2");
    }
    entry.def = m;
    return Status::Ok();
  }
  if (meters_.size() >= kMaxMeters) {
    return Status::FailedPrecondition("meter " + m.enterprise + "/" + m.code +
                                      ": this instance already has the maximum of 16777216 "
                                      "meters; split the deployment by county");
  }
  MeterEntry entry;
  entry.def = m;
  entry.enterprise = *enterprise;
  entry.native = domain::NativeStatisticsType(m.interval);
  entry.interval_slots = IntervalSlots(m.interval);
  const auto id = static_cast<MeterId>(meters_.size());
  meters_.push_back(std::move(entry));
  enterprises_[*enterprise].meters.push_back(id);
  meter_index_.Put(key, id);
  meter_code_index_.Put(m.code, meter_code_index_.Find(m.code) ? kAmbiguous : id);
  return Status::Ok();
}

std::optional<EnterpriseId> Registry::FindEnterprise(std::string_view credit_code) const {
  return enterprise_index_.Find(credit_code);
}

MeterLookup Registry::FindMeter(std::string_view enterprise, std::string_view code) const {
  MeterLookup result;
  if (enterprise.empty()) {
    std::optional<uint32_t> id = meter_code_index_.Find(code);
    if (id && *id == kAmbiguous) {
      result.ambiguous = true;
    } else {
      result.id = id;
    }
    return result;
  }
  result.id = meter_index_.Find(MeterKey(enterprise, code));
  return result;
}

std::optional<GroupId> Registry::FindIndustry(std::string_view division) const {
  return industry_index_.Find(division);
}
std::optional<GroupId> Registry::FindTownship(std::string_view code) const {
  return township_index_.Find(code);
}
std::optional<GroupId> Registry::FindCounty(std::string_view code) const {
  return county_index_.Find(code);
}

}  // namespace carbonpeak::monitor
