// Per-batch rollup states keyed by (enterprise, slot): the fast path adds each new contribution
// here once, and merges each state into its cells after the batch. Dense (an array over the
// batch's enterprises × slots) when that is small enough, a hash map otherwise and for the
// stray slots outside the dense range (counter differences filed before the first row).
//
// Thread safety: none; one per engine, used under its lock. Failure contract: none.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "monitor/internal/memory.h"
#include "monitor/rollup_state.h"

namespace carbonpeak::monitor::internal {

class PendingStates {
 public:
  /// Up to this many dense states (152 bytes each) per batch.
  static constexpr int64_t kMaxDense = int64_t{1} << 21;

  /// Prepares for contributions of enterprises [entity_first, entity_first + entities) in slots
  /// [slot_lo, slot_hi], added by up to `workers` threads that each own whole enterprises.
  void Begin(uint32_t entity_first, uint32_t entities, int64_t slot_lo, int64_t slot_hi,
             int workers = 1) {
    Clear();
    entity_first_ = entity_first;
    entities_ = entities;
    slot_lo_ = slot_lo;
    span_ = slot_hi >= slot_lo ? slot_hi - slot_lo + 1 : 0;
    dense_ = span_ > 0 && entities > 0 && span_ <= kMaxDense / entities;
    if (touched_.size() < static_cast<size_t>(workers))
      touched_.resize(static_cast<size_t>(workers));
    if (overflow_.size() < static_cast<size_t>(workers))
      overflow_.resize(static_cast<size_t>(workers));
    if (dense_) {
      const size_t n = static_cast<size_t>(span_) * entities;
      if (states_.size() < n) {
        std::vector<RollupState>().swap(states_);
        states_.reserve(n);
        AdviseHugePages(states_.data(), n * sizeof(RollupState));
        states_.resize(n);
      }
    }
  }

  /// Adds a contribution. Concurrent calls must come from different workers and concern
  /// different enterprises.
  void Add(uint32_t entity, int64_t slot, const Contribution& c, int worker = 0) {
    if (dense_ && entity >= entity_first_ && entity - entity_first_ < entities_ &&
        slot >= slot_lo_ && slot - slot_lo_ < span_) {
      const size_t index =
          static_cast<size_t>(entity - entity_first_) * static_cast<size_t>(span_) +
          static_cast<size_t>(slot - slot_lo_);
      RollupState& state = states_[index];
      if (state.count == 0) touched_[static_cast<size_t>(worker)].push_back(index);
      state.Add(c);
      return;
    }
    overflow_[static_cast<size_t>(worker)]
             [(uint64_t{entity} << 32) | static_cast<uint32_t>(static_cast<int32_t>(slot))]
                 .Add(c);
  }

  /// Calls f(entity, slot, state) for every state with contributions. Overflow states of one
  /// (entity, slot) from different workers are visited separately (they merge exactly).
  template <typename F>
  void ForEach(F&& f) const {
    for (const std::vector<size_t>& touched : touched_) {
      for (size_t index : touched) {
        const auto entity = static_cast<uint32_t>(index / static_cast<size_t>(span_));
        const int64_t slot = slot_lo_ + static_cast<int64_t>(index % static_cast<size_t>(span_));
        f(entity_first_ + entity, slot, states_[index]);
      }
    }
    for (const auto& overflow : overflow_) {
      for (const auto& [key, state] : overflow) {
        f(static_cast<uint32_t>(key >> 32),
          static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(key))), state);
      }
    }
  }

  /// Empties the states; a large dense array is released so it does not hold memory between
  /// bulk loads.
  void Clear() {
    for (std::vector<size_t>& touched : touched_) {
      for (size_t index : touched) states_[index] = RollupState();
      touched.clear();
    }
    for (auto& overflow : overflow_) overflow.clear();
    if (states_.size() * sizeof(RollupState) > (size_t{64} << 20)) {
      std::vector<RollupState>().swap(states_);
      for (std::vector<size_t>& touched : touched_) std::vector<size_t>().swap(touched);
    }
  }

 private:
  std::vector<RollupState> states_;
  std::vector<std::vector<size_t>> touched_ = std::vector<std::vector<size_t>>(1);  // per worker
  std::vector<std::unordered_map<uint64_t, RollupState>> overflow_ =
      std::vector<std::unordered_map<uint64_t, RollupState>>(1);
  uint32_t entity_first_ = 0;
  uint32_t entities_ = 0;
  int64_t slot_lo_ = 0;
  int64_t span_ = 0;
  bool dense_ = false;
};

}  // namespace carbonpeak::monitor::internal
