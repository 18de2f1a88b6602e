// A small, fast, non-cryptographic string hash and an open-addressing index from string keys
// to dense ids, used on the ingest hot path (meter codes → meter ids) where std::unordered_map's
// node allocation and byte-wise hashing cost more than the rest of the row.
//
// Thread safety: StringIndex is a plain value; concurrent reads are safe, writes need external
// locking. Failure contract: none; lookups of unknown keys return nullopt.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::monitor::internal {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/// Hashes bytes eight at a time (multiply-rotate per word, then a finaliser).
inline uint64_t HashBytes(std::string_view s, uint64_t seed = 0x9e3779b97f4a7c15ULL) {
  uint64_t h = seed ^ (s.size() * 0x100000001b3ULL);
  size_t pos = 0;
  while (pos + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + pos, 8);
    h = (h ^ (w * 0x87c37b91114253d5ULL)) * 0x4cf5ad432745937fULL;
    h = (h << 29) | (h >> 35);
    pos += 8;
  }
  if (pos < s.size()) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + pos, s.size() - pos);
    h = (h ^ (w * 0x87c37b91114253d5ULL)) * 0x4cf5ad432745937fULL;
  }
  return Mix64(h);
}

/// Maps string keys to uint32 values. Keys are copied into the index.
class StringIndex {
 public:
  std::optional<uint32_t> Find(std::string_view key) const { return Find(key, HashBytes(key)); }

  std::optional<uint32_t> Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
      const Entry& e = slots_[pos];
      if (e.key_index == kEmpty) return std::nullopt;
      if (e.hash == hash && keys_[e.key_index] == key) return e.value;
    }
  }

  /// Inserts or replaces.
  void Put(std::string_view key, uint32_t value) {
    if ((keys_.size() + 1) * 4 > slots_.size() * 3) Grow();
    const uint64_t hash = HashBytes(key);
    for (size_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
      Entry& e = slots_[pos];
      if (e.key_index == kEmpty) {
        e = Entry{hash, static_cast<uint32_t>(keys_.size()), value};
        keys_.emplace_back(key);
        return;
      }
      if (e.hash == hash && keys_[e.key_index] == key) {
        e.value = value;
        return;
      }
    }
  }

  size_t size() const { return keys_.size(); }

 private:
  static constexpr uint32_t kEmpty = 0xffffffffu;
  struct Entry {
    uint64_t hash = 0;
    uint32_t key_index = kEmpty;
    uint32_t value = 0;
  };

  void Grow() {
    const size_t capacity = slots_.empty() ? 64 : slots_.size() * 2;
    std::vector<Entry> old = std::move(slots_);
    slots_.assign(capacity, Entry{});
    mask_ = capacity - 1;
    for (const Entry& e : old) {
      if (e.key_index == kEmpty) continue;
      size_t pos = e.hash & mask_;
      while (slots_[pos].key_index != kEmpty) pos = (pos + 1) & mask_;
      slots_[pos] = e;
    }
  }

  std::vector<Entry> slots_;
  std::vector<std::string> keys_;
  size_t mask_ = 0;
};

}  // namespace carbonpeak::monitor::internal
