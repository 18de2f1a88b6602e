#include "monitor/rollup_state.h"

#include <bit>
#include <cstring>

namespace carbonpeak::monitor {
namespace {

void AddValue(Aggregate& a, int64_t v, bool new_last, bool same_last) {
  a.sum += v;
  if (v < a.min) a.min = v;
  if (v > a.max) a.max = v;
  if (new_last) {
    a.last = v;
  } else if (same_last) {
    a.last += v;
  }
}

void MergeValue(Aggregate& a, const Aggregate& b, bool take_last, bool same_last) {
  a.sum += b.sum;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
  if (take_last) {
    a.last = b.last;
  } else if (same_last) {
    a.last += b.last;
  }
}

template <typename T>
void Put(std::string& out, T v) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));  // little-endian hosts only (checked in Serialize)
  out.append(bytes, sizeof(T));
}

template <typename T>
T Get(const char*& p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  p += sizeof(T);
  return v;
}

}  // namespace

void RollupState::Add(const Contribution& c) {
  const bool new_last = count == 0 || c.slot > last_slot;
  const bool same_last = !new_last && c.slot == last_slot;
  ++count;
  if (c.flagged) ++flagged;
  AddValue(quantity, c.quantity, new_last, same_last);
  for (int m = 0; m < kMeasureCount; ++m) {
    if (c.missing_mask & (1u << m)) {
      ++missing[m];
      if (new_last) measure[m].last = 0;
      continue;
    }
    AddValue(measure[m], c.measure[m], new_last, same_last);
  }
  if (new_last) last_slot = c.slot;
}

void RollupState::Merge(const RollupState& other) {
  if (other.count == 0) return;
  const bool take_last = count == 0 || other.last_slot > last_slot;
  const bool same_last = !take_last && other.last_slot == last_slot;
  count += other.count;
  flagged += other.flagged;
  for (int m = 0; m < kMeasureCount; ++m) missing[m] += other.missing[m];
  MergeValue(quantity, other.quantity, take_last, same_last);
  for (int m = 0; m < kMeasureCount; ++m) {
    MergeValue(measure[m], other.measure[m], take_last, same_last);
  }
  if (take_last) last_slot = other.last_slot;
}

std::string RollupState::Serialize() const {
  static_assert(std::endian::native == std::endian::little,
                "RollupState::Serialize writes little-endian integers");
  std::string out;
  out.reserve(kSerializedSize);
  out.push_back(static_cast<char>(kVersion));
  Put(out, count);
  Put(out, flagged);
  for (uint32_t m : missing) Put(out, m);
  Put(out, last_slot);
  for (const Aggregate* a : {&quantity, &measure[0], &measure[1], &measure[2]}) {
    Put(out, a->sum);
    Put(out, a->min);
    Put(out, a->max);
    Put(out, a->last);
  }
  return out;
}

Result<RollupState> RollupState::Deserialize(std::string_view bytes) {
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) != kVersion) {
    return Status::DataLoss(
        "rollup state has format version " +
        (bytes.empty() ? std::string("(none)") : std::to_string(static_cast<uint8_t>(bytes[0]))) +
        "; this program reads version " + std::to_string(kVersion) +
        ". Rebuild the rollups from the readings (reopen the monitor)");
  }
  if (bytes.size() != kSerializedSize) {
    return Status::DataLoss("rollup state has " + std::to_string(bytes.size()) +
                            " bytes, expected " + std::to_string(kSerializedSize) +
                            "; the stored state is damaged. Rebuild it from the readings");
  }
  RollupState s;
  const char* p = bytes.data() + 1;
  s.count = Get<uint32_t>(p);
  s.flagged = Get<uint32_t>(p);
  for (uint32_t& m : s.missing) m = Get<uint32_t>(p);
  s.last_slot = Get<int32_t>(p);
  for (Aggregate* a : {&s.quantity, &s.measure[0], &s.measure[1], &s.measure[2]}) {
    a->sum = Get<int64_t>(p);
    a->min = Get<int64_t>(p);
    a->max = Get<int64_t>(p);
    a->last = Get<int64_t>(p);
  }
  return s;
}

}  // namespace carbonpeak::monitor
