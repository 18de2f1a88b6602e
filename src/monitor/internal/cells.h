// Materialised rollup cells: for one (level, granularity) — say township × hour — a RollupState
// per (entity, bucket), stored per entity in chunks of consecutive buckets so that adding a
// reading is an index computation and a range query is a scan.
//
// Chunks whose buckets all lie before the engine's hot window can be spilled (Spill) to the
// engine's ColdStore: their memory goes back to the arena and they are read back on demand, so
// Find and ForEach work the same on them; At brings a spilled chunk back into memory.
//
// Thread safety: At and Spill need exclusive access; Find and ForEach may run concurrently with
// each other (a spilled chunk is decoded into a per-thread copy). Failure contract: none (see
// ColdStore for the spill file).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "monitor/internal/cold_store.h"
#include "monitor/internal/memory.h"
#include "monitor/rollup_state.h"

namespace carbonpeak::monitor::internal {

class CellTable {
 public:
  /// `chunk_bits`: log2 of the buckets per chunk (e.g. 10 for 1024 fifteen-minute slots).
  /// Chunks come from `arena`, which must outlive the table.
  explicit CellTable(int chunk_bits = 8, Arena* arena = nullptr)
      : chunk_bits_(chunk_bits), arena_(arena) {}

  /// Where spilled chunks go; must outlive the table.
  void set_cold_store(ColdStore* cold) { cold_ = cold; }

  /// The cell, created empty when absent.
  RollupState& At(uint32_t entity, int64_t bucket) {
    if (entity >= series_.size()) series_.resize(entity + 1);
    Series& s = series_[entity];
    const int64_t chunk = bucket >> chunk_bits_;
    if (s.chunks.empty()) {
      s.first_chunk = chunk;
      s.chunks.emplace_back(0);
    } else if (chunk < s.first_chunk) {
      s.chunks.insert(s.chunks.begin(), static_cast<size_t>(s.first_chunk - chunk), 0);
      s.first_hot += static_cast<size_t>(s.first_chunk - chunk);
      s.first_chunk = chunk;
    } else if (chunk >= s.first_chunk + static_cast<int64_t>(s.chunks.size())) {
      s.chunks.resize(static_cast<size_t>(chunk - s.first_chunk + 1), 0);
    }
    const size_t index = static_cast<size_t>(chunk - s.first_chunk);
    uint64_t& entry = s.chunks[index];
    if (!IsHot(entry)) {
      const size_t n = size_t{1} << chunk_bits_;
      auto* c = static_cast<RollupState*>(
          arena_->Allocate(n * sizeof(RollupState), alignof(RollupState)));
      if (IsCold(entry)) {
        Load(entry, c);  // written again: back into memory (spilled again later)
      } else {
        for (size_t k = 0; k < n; ++k) new (&c[k]) RollupState();
      }
      entry = reinterpret_cast<uint64_t>(c);
      if (index < s.first_hot) s.first_hot = index;
      ++chunk_count_;
    }
    return HotOf(entry)[static_cast<size_t>(bucket & ((int64_t{1} << chunk_bits_) - 1))];
  }

  /// The cell, or nullptr when it was never created.
  const RollupState* Find(uint32_t entity, int64_t bucket) const {
    if (entity >= series_.size()) return nullptr;
    const Series& s = series_[entity];
    const int64_t chunk = (bucket >> chunk_bits_) - s.first_chunk;
    if (s.chunks.empty() || chunk < 0 || chunk >= static_cast<int64_t>(s.chunks.size())) {
      return nullptr;
    }
    const uint64_t entry = s.chunks[static_cast<size_t>(chunk)];
    if (entry == 0) return nullptr;
    const RollupState* c = IsHot(entry) ? HotOf(entry) : LoadCached(entry);
    return &c[static_cast<size_t>(bucket & ((int64_t{1} << chunk_bits_) - 1))];
  }

  /// Calls f(bucket, state) for the non-empty cells of `entity` in [from, to].
  template <typename F>
  void ForEach(uint32_t entity, int64_t from, int64_t to, F&& f) const {
    if (entity >= series_.size()) return;
    const Series& s = series_[entity];
    if (s.chunks.empty()) return;
    const int64_t size = int64_t{1} << chunk_bits_;
    const int64_t first = s.first_chunk * size;
    const int64_t last = (s.first_chunk + static_cast<int64_t>(s.chunks.size())) * size - 1;
    if (from < first) from = first;
    if (to > last) to = last;
    std::vector<RollupState> local;  // a spilled chunk, decoded here: f may look up other cells
    for (int64_t b = from; b <= to;) {
      const uint64_t entry = s.chunks[static_cast<size_t>((b >> chunk_bits_) - s.first_chunk)];
      const RollupState* c = nullptr;
      if (IsHot(entry)) {
        c = HotOf(entry);
      } else if (IsCold(entry)) {
        local.resize(size_t{1} << chunk_bits_);
        Load(entry, local.data());
        c = local.data();
      }
      const int64_t chunk_end = ((b >> chunk_bits_) + 1) * size - 1;
      const int64_t stop = chunk_end < to ? chunk_end : to;
      if (c) {
        for (int64_t q = b; q <= stop; ++q) {
          const RollupState& state = c[static_cast<size_t>(q & (size - 1))];
          if (!state.empty()) f(q, state);
        }
      }
      b = stop + 1;
    }
  }

  /// Spills every chunk in memory whose buckets all lie before `limit`. Returns the number of
  /// chunks spilled.
  size_t Spill(int64_t limit) {
    if (cold_ == nullptr) return 0;
    const size_t n = size_t{1} << chunk_bits_;
    size_t spilled = 0;
    for (Series& s : series_) {
      for (size_t k = s.first_hot; k < s.chunks.size(); ++k) {
        if (((s.first_chunk + static_cast<int64_t>(k) + 1) << chunk_bits_) > limit) break;
        s.first_hot = k + 1;
        if (!IsHot(s.chunks[k])) continue;
        RollupState* c = HotOf(s.chunks[k]);
        const ColdRef ref = cold_->Append(
            std::string_view(reinterpret_cast<const char*>(c), n * sizeof(RollupState)));
        arena_->Recycle(c, n * sizeof(RollupState));
        s.chunks[k] = (ref.offset << 21) | (uint64_t{ref.length} << 1) | 1;
        --chunk_count_;
        ++spilled;
      }
    }
    return spilled;
  }

  size_t entity_count() const { return series_.size(); }
  size_t MemoryBytes() const {
    return chunk_count_ * (sizeof(RollupState) << chunk_bits_) +
           series_.capacity() * sizeof(Series);
  }

 private:
  static_assert(std::is_trivially_copyable_v<RollupState>, "chunks are spilled as bytes");

  // A chunk entry: 0 (none), a RollupState* (in memory, owned by arena_; bit 0 clear) or a
  // spilled chunk: offset << 21 | length << 1 | 1.
  static bool IsHot(uint64_t entry) { return entry != 0 && !(entry & 1); }
  static bool IsCold(uint64_t entry) { return entry & 1; }
  static RollupState* HotOf(uint64_t entry) { return reinterpret_cast<RollupState*>(entry); }

  /// Decodes a spilled chunk into `out` (2^chunk_bits states).
  void Load(uint64_t entry, RollupState* out) const {
    std::string bytes;
    cold_->Read(ColdRef{entry >> 21, static_cast<uint32_t>((entry >> 1) & 0xFFFFF)}, bytes);
    std::memcpy(static_cast<void*>(out), bytes.data(), bytes.size());
  }

  /// A spilled chunk, decoded into this thread's copy (valid until the thread's next call).
  const RollupState* LoadCached(uint64_t entry) const {
    thread_local uint64_t cached_store = 0;
    thread_local uint64_t cached_entry = 0;
    thread_local std::vector<RollupState> cached;
    if (cached_store != cold_->id() || cached_entry != entry ||
        cached.size() != (size_t{1} << chunk_bits_)) {
      cached_store = 0;
      cached.resize(size_t{1} << chunk_bits_);
      Load(entry, cached.data());
      cached_store = cold_->id();
      cached_entry = entry;
    }
    return cached.data();
  }

  struct Series {
    int64_t first_chunk = 0;
    std::vector<uint64_t> chunks;  // see IsHot / IsCold
    size_t first_hot = 0;          // chunks before it are spilled or absent
  };
  int chunk_bits_;
  Arena* arena_;
  ColdStore* cold_ = nullptr;
  std::vector<Series> series_;
  size_t chunk_count_ = 0;
};

}  // namespace carbonpeak::monitor::internal
