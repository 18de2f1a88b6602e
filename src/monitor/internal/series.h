// The stored readings of one meter: its own (native statistics type) readings by period
// position, with every superseded or refused value kept as a revision. Dense blocks of 96
// positions (a day of 15-minute periods, 4 days of hours, 96 days of daily values, 8 years of
// monthly values), so that ingest in time order touches memory sequentially and queries scan
// arrays.
//
// A position is the meter's period index: slot / interval for 15 min ... day meters, the month
// index (year × 12 + month − 1) for monthly meters. The engine does that arithmetic.
//
// Blocks whose periods are all older than the engine's hot window can be spilled (Spill) to the
// engine's ColdStore: they leave memory (the arena reuses it) and are read back on demand, so
// every method works the same on spilled positions. A spilled block that is written again (a
// late correction) comes back into memory.
//
// Thread safety: writers (Put, Restore, Spill) need exclusive access; the const methods may run
// concurrently with each other (a spilled block is decoded into a per-thread copy). Failure
// contract: none (all inputs were validated by the decoder; see ColdStore for the spill file).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "monitor/internal/coding.h"
#include "monitor/internal/cold_store.h"
#include "monitor/internal/memory.h"

namespace carbonpeak::monitor::internal {

inline constexpr int kBlockPositions = 96;

/// Per-position flags.
enum : uint8_t {
  kFlagPresent = 1,   ///< a value is stored
  kFlagLate = 2,      ///< arrived after the allowed lateness: stored, never counted
  kFlagRevised = 4,   ///< the value replaced an earlier one (see revisions())
  kQualityShift = 4,  ///< bits 4-5: domain::ReadingQuality
};

inline uint8_t QualityOf(uint8_t flags) {
  return static_cast<uint8_t>((flags >> kQualityShift) & 3);
}
inline constexpr uint8_t kQualityInvalid = 3;
inline constexpr uint8_t kQualityGood = 0;

/// Counted readings take part in rollups: stored, in time, and not flagged invalid.
inline bool Counted(uint8_t flags) {
  return (flags & (kFlagPresent | kFlagLate)) == kFlagPresent &&
         QualityOf(flags) != kQualityInvalid;
}

struct Revision {
  enum class Kind : uint8_t {
    kSuperseded,   ///< `value` was counted until a correction replaced it
    kRefusedLate,  ///< `value` was a correction that came after the allowed lateness
  };
  int64_t position = 0;
  int64_t value = 0;
  uint8_t flags = 0;
  Kind kind = Kind::kSuperseded;
  uint64_t batch = 0;  ///< Sequence number of the batch that brought the change.
};

class MeterSeries {
 public:
  /// Blocks come from `arena`, which must outlive the series. Set before the first Put.
  void set_arena(Arena* arena) { arena_ = arena; }
  /// Where spilled blocks go; must outlive the series. Set before the first Spill.
  void set_cold_store(ColdStore* cold) { cold_ = cold; }

  enum class PutKind { kNew, kDuplicate, kCorrection, kRefusedLate };
  struct PutResult {
    PutKind kind = PutKind::kNew;
    int64_t old_value = 0;
    uint8_t old_flags = 0;
  };

  /// Stores `value` with `quality` at `position`. A resend of the same value and quality is a
  /// duplicate; a different one is a correction (the old value becomes a revision) unless
  /// `late`, in which case the stored value stays and the new one is kept as a refused revision.
  PutResult Put(int64_t position, int64_t value, uint8_t quality, bool late, uint64_t batch) {
    Block& block = *BlockFor(position, true);
    const int index = Index(position);
    uint8_t& flags = block.flags[index];
    int64_t& stored = block.value[index];
    const uint8_t new_flags =
        static_cast<uint8_t>(kFlagPresent | (late ? kFlagLate : 0) | (quality << kQualityShift));
    PutResult result;
    if (!(flags & kFlagPresent)) {
      stored = value;
      flags = new_flags;
      ++count_;
      if (position > max_position_) max_position_ = position;
      if (position < first_position_) first_position_ = position;
      return result;
    }
    result.old_value = stored;
    result.old_flags = flags;
    if (stored == value && QualityOf(flags) == quality) {
      result.kind = PutKind::kDuplicate;
      return result;
    }
    if (late) {
      revisions_.push_back(
          Revision{position, value, new_flags, Revision::Kind::kRefusedLate, batch});
      result.kind = PutKind::kRefusedLate;
      return result;
    }
    revisions_.push_back(Revision{position, stored, flags, Revision::Kind::kSuperseded, batch});
    stored = value;
    flags = static_cast<uint8_t>(new_flags | kFlagRevised);
    result.kind = PutKind::kCorrection;
    return result;
  }

  /// The stored value and flags at `position`; flags 0 when nothing is stored.
  uint8_t Get(int64_t position, int64_t& value) const {
    const Block* block = FindBlock(position);
    if (block == nullptr) return 0;
    const int index = Index(position);
    value = block->value[index];
    return block->flags[index];
  }

  /// The closest counted position before `position`, looking back at most `limit` positions.
  std::optional<int64_t> PrevCounted(int64_t position, int64_t limit) const {
    for (int64_t p = position - 1; p >= position - limit && p >= min_position(); --p) {
      const Block* block = FindBlock(p);
      if (block == nullptr) {  // skip the whole missing block
        p = BlockStart(p);
        continue;
      }
      if (Counted(block->flags[Index(p)])) return p;
    }
    return std::nullopt;
  }

  /// The closest counted position after `position`, looking ahead at most `limit` positions.
  std::optional<int64_t> NextCounted(int64_t position, int64_t limit) const {
    for (int64_t p = position + 1; p <= position + limit && p <= max_position_; ++p) {
      const Block* block = FindBlock(p);
      if (block == nullptr) {
        p = BlockStart(p) + kBlockPositions - 1;
        continue;
      }
      if (Counted(block->flags[Index(p)])) return p;
    }
    return std::nullopt;
  }

  /// Calls f(position, value, flags) for every stored position in [from, to], in order.
  template <typename F>
  void ForEach(int64_t from, int64_t to, F&& f) const {
    if (blocks_.empty()) return;
    if (from < min_position()) from = min_position();
    if (to > max_position_) to = max_position_;
    Block local;  // a spilled block, decoded here: f may look up other positions
    for (int64_t p = from; p <= to;) {
      const Block* block = nullptr;
      const int64_t b = BlockIndex(p) - first_block_;
      if (b >= 0 && b < static_cast<int64_t>(blocks_.size())) {
        const uint64_t entry = blocks_[static_cast<size_t>(b)];
        if (IsHot(entry)) {
          block = HotOf(entry);
        } else if (IsCold(entry)) {
          Load(entry, local);
          block = &local;
        }
      }
      const int64_t block_end = BlockStart(p) + kBlockPositions - 1;
      const int64_t stop = block_end < to ? block_end : to;
      if (block != nullptr) {
        for (int64_t q = p; q <= stop; ++q) {
          const int index = Index(q);
          if (block->flags[index] & kFlagPresent) f(q, block->value[index], block->flags[index]);
        }
      }
      p = stop + 1;
    }
  }

  /// Restores a stored position as it was written (loading a segment); no revision is made.
  void Restore(int64_t position, int64_t value, uint8_t flags) {
    Block& block = *BlockFor(position, true);
    const int index = Index(position);
    if (!(block.flags[index] & kFlagPresent)) ++count_;
    block.value[index] = value;
    block.flags[index] = flags;
    if (position > max_position_) max_position_ = position;
    if (position < first_position_) first_position_ = position;
  }
  void RestoreRevision(const Revision& revision) { revisions_.push_back(revision); }

  const std::vector<Revision>& revisions() const { return revisions_; }
  /// Number of stored positions.
  uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  /// Highest and lowest stored positions (meaningless when empty).
  int64_t max_position() const { return max_position_; }
  int64_t first_position() const { return first_position_; }
  int64_t min_position() const { return first_block_ * kBlockPositions; }
  /// Bytes held (blocks and revisions), for memory accounting.
  size_t MemoryBytes() const {
    size_t blocks = 0;
    for (uint64_t b : blocks_) blocks += IsHot(b) ? sizeof(Block) : 0;
    return blocks + blocks_.capacity() * sizeof(uint64_t) +
           revisions_.capacity() * sizeof(Revision);
  }

  /// Spills every block in memory whose positions are all below `limit`: it is encoded into
  /// the cold store (flags as they are, values as zigzag differences; ~3 bytes a reading) and
  /// its memory goes back to the arena. Returns the number of blocks spilled.
  size_t Spill(int64_t limit) {
    if (cold_ == nullptr) return 0;
    size_t spilled = 0;
    std::string bytes;
    for (size_t k = first_hot_; k < blocks_.size(); ++k) {
      const int64_t block_start = (first_block_ + static_cast<int64_t>(k)) * kBlockPositions;
      if (block_start + kBlockPositions > limit) break;
      first_hot_ = k + 1;
      if (!IsHot(blocks_[k])) continue;
      Block* block = HotOf(blocks_[k]);
      bytes.clear();
      bytes.append(reinterpret_cast<const char*>(block->flags), kBlockPositions);
      int64_t prev = 0;
      for (int i = 0; i < kBlockPositions; ++i) {
        if (!(block->flags[i] & kFlagPresent)) continue;
        PutSigned(bytes, block->value[i] - prev);
        prev = block->value[i];
      }
      const ColdRef ref = cold_->Append(bytes);
      arena_->Recycle(block, sizeof(Block));
      blocks_[k] = ColdTag(ref);
      ++spilled;
    }
    return spilled;
  }

 private:
  struct Block {
    int64_t value[kBlockPositions];
    uint8_t flags[kBlockPositions];
  };

  static int64_t BlockIndex(int64_t position) {
    return position >= 0 ? position / kBlockPositions
                         : (position - (kBlockPositions - 1)) / kBlockPositions;
  }
  static int64_t BlockStart(int64_t position) { return BlockIndex(position) * kBlockPositions; }
  static int Index(int64_t position) { return static_cast<int>(position - BlockStart(position)); }

  // An entry of blocks_: 0 (no block), a Block* (in memory; 8-aligned, so bit 0 is clear) or a
  // spilled block: offset << 21 | length << 1 | 1.
  static bool IsHot(uint64_t entry) { return entry != 0 && !(entry & 1); }
  static bool IsCold(uint64_t entry) { return entry & 1; }
  static Block* HotOf(uint64_t entry) { return reinterpret_cast<Block*>(entry); }
  static uint64_t HotTag(Block* block) { return reinterpret_cast<uint64_t>(block); }
  static uint64_t ColdTag(ColdRef ref) {
    return (ref.offset << 21) | (uint64_t{ref.length} << 1) | 1;
  }
  static ColdRef ColdOf(uint64_t entry) {
    return ColdRef{entry >> 21, static_cast<uint32_t>((entry >> 1) & 0xFFFFF)};
  }

  /// Decodes a spilled block into `block`.
  void Load(uint64_t entry, Block& block) const {
    std::string bytes;
    cold_->Read(ColdOf(entry), bytes);
    Reader r(bytes);
    std::string_view flags;
    if (!r.GetBytes(kBlockPositions, flags)) std::abort();  // our own bytes: cannot happen
    int64_t prev = 0;
    for (int i = 0; i < kBlockPositions; ++i) {
      block.flags[i] = static_cast<uint8_t>(flags[static_cast<size_t>(i)]);
      block.value[i] = 0;
      if (!(block.flags[i] & kFlagPresent)) continue;
      int64_t delta = 0;
      if (!r.GetSigned(delta)) std::abort();
      prev += delta;
      block.value[i] = prev;
    }
  }

  /// A spilled block, decoded into this thread's copy (valid until the thread's next call).
  const Block* LoadCached(uint64_t entry) const {
    struct Cached {
      uint64_t store = 0;
      uint64_t entry = 0;
      Block block;
    };
    thread_local Cached cached;
    if (cached.store != cold_->id() || cached.entry != entry) {
      cached.store = 0;
      Load(entry, cached.block);
      cached.store = cold_->id();
      cached.entry = entry;
    }
    return &cached.block;
  }

  const Block* FindBlock(int64_t position) const {
    const int64_t b = BlockIndex(position) - first_block_;
    if (b < 0 || b >= static_cast<int64_t>(blocks_.size())) return nullptr;
    const uint64_t entry = blocks_[static_cast<size_t>(b)];
    if (entry == 0) return nullptr;
    if (IsCold(entry)) return LoadCached(entry);
    return HotOf(entry);
  }

  Block* BlockFor(int64_t position, bool create) {
    const int64_t wanted = BlockIndex(position);
    if (blocks_.empty()) {
      if (!create) return nullptr;
      first_block_ = wanted;
      blocks_.push_back(0);
    } else if (wanted < first_block_) {
      if (!create) return nullptr;
      blocks_.insert(blocks_.begin(), static_cast<size_t>(first_block_ - wanted), 0);
      first_hot_ += static_cast<size_t>(first_block_ - wanted);
      first_block_ = wanted;
    } else if (wanted >= first_block_ + static_cast<int64_t>(blocks_.size())) {
      if (!create) return nullptr;
      blocks_.resize(static_cast<size_t>(wanted - first_block_ + 1), 0);
    }
    const size_t index = static_cast<size_t>(wanted - first_block_);
    uint64_t& slot = blocks_[index];
    if (IsHot(slot)) return HotOf(slot);
    if (!create) return nullptr;
    Block* block = new (arena_->Allocate(sizeof(Block), alignof(Block))) Block;
    if (IsCold(slot)) {
      Load(slot, *block);  // written again: back into memory (spilled again later)
    } else {
      for (uint8_t& f : block->flags) f = 0;
    }
    if (index < first_hot_) first_hot_ = index;
    slot = HotTag(block);
    return block;
  }

  Arena* arena_ = nullptr;
  ColdStore* cold_ = nullptr;
  int64_t first_block_ = 0;
  std::vector<uint64_t> blocks_;  // see IsHot / IsCold; blocks in memory are owned by arena_
  size_t first_hot_ = 0;          // blocks before it are spilled or absent
  std::vector<Revision> revisions_;
  uint64_t count_ = 0;
  int64_t max_position_ = INT64_MIN;
  int64_t first_position_ = INT64_MAX;
};

}  // namespace carbonpeak::monitor::internal
