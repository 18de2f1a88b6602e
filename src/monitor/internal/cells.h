// Materialised rollup cells: for one (level, granularity) — say township × hour — a RollupState
// per (entity, bucket), stored per entity in chunks of consecutive buckets so that adding a
// reading is an index computation and a range query is a scan.
//
// Thread safety: none; the engine serialises access. Failure contract: none.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "monitor/internal/memory.h"
#include "monitor/rollup_state.h"

namespace carbonpeak::monitor::internal {

class CellTable {
 public:
  /// `chunk_bits`: log2 of the buckets per chunk (e.g. 10 for 1024 fifteen-minute slots).
  /// Chunks come from `arena`, which must outlive the table.
  explicit CellTable(int chunk_bits = 8, Arena* arena = nullptr)
      : chunk_bits_(chunk_bits), arena_(arena) {}

  /// The cell, created empty when absent.
  RollupState& At(uint32_t entity, int64_t bucket) {
    if (entity >= series_.size()) series_.resize(entity + 1);
    Series& s = series_[entity];
    const int64_t chunk = bucket >> chunk_bits_;
    if (s.chunks.empty()) {
      s.first_chunk = chunk;
      s.chunks.emplace_back();
    } else if (chunk < s.first_chunk) {
      s.chunks.insert(s.chunks.begin(), static_cast<size_t>(s.first_chunk - chunk), nullptr);
      s.first_chunk = chunk;
    } else if (chunk >= s.first_chunk + static_cast<int64_t>(s.chunks.size())) {
      s.chunks.resize(static_cast<size_t>(chunk - s.first_chunk + 1), nullptr);
    }
    RollupState*& c = s.chunks[static_cast<size_t>(chunk - s.first_chunk)];
    if (c == nullptr) {
      const size_t n = size_t{1} << chunk_bits_;
      c = static_cast<RollupState*>(
          arena_->Allocate(n * sizeof(RollupState), alignof(RollupState)));
      for (size_t k = 0; k < n; ++k) new (&c[k]) RollupState();
      ++chunk_count_;
    }
    return c[static_cast<size_t>(bucket & ((int64_t{1} << chunk_bits_) - 1))];
  }

  /// The cell, or nullptr when it was never created.
  const RollupState* Find(uint32_t entity, int64_t bucket) const {
    if (entity >= series_.size()) return nullptr;
    const Series& s = series_[entity];
    const int64_t chunk = (bucket >> chunk_bits_) - s.first_chunk;
    if (s.chunks.empty() || chunk < 0 || chunk >= static_cast<int64_t>(s.chunks.size())) {
      return nullptr;
    }
    const RollupState* c = s.chunks[static_cast<size_t>(chunk)];
    if (c == nullptr) return nullptr;
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
    for (int64_t b = from; b <= to;) {
      const RollupState* c = s.chunks[static_cast<size_t>((b >> chunk_bits_) - s.first_chunk)];
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

  size_t entity_count() const { return series_.size(); }
  size_t MemoryBytes() const {
    return chunk_count_ * (sizeof(RollupState) << chunk_bits_) +
           series_.capacity() * sizeof(Series);
  }

 private:
  struct Series {
    int64_t first_chunk = 0;
    std::vector<RollupState*> chunks;  // owned by arena_
  };
  int chunk_bits_;
  Arena* arena_;
  std::vector<Series> series_;
  size_t chunk_count_ = 0;
};

}  // namespace carbonpeak::monitor::internal
