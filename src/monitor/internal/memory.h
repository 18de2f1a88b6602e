// Memory for the big arrays of the ingest path. On a virtual machine every first touch of a
// 4 KiB page is a costly fault; asking for transparent huge pages on large, fresh allocations
// (before they are touched) cuts the faults 512-fold. Linux honours MADV_HUGEPAGE when the
// system's THP mode is "always" or "madvise"; elsewhere the advice is a no-op.
//
//   std::vector<BatchRow> rows;
//   rows.reserve(n);
//   AdviseHugePages(rows.data(), n * sizeof(BatchRow));   // before the first write
//
//   Arena arena;                                            // blocks that live as long as it
//   void* p = arena.Allocate(sizeof(Block), alignof(Block));
//
// Thread safety: AdviseHugePages is a system call on memory the caller owns; an Arena is used
// by one thread at a time. Failure contract: advice failures are ignored (it is only advice);
// Arena aborts when the system has no memory left, like operator new.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace carbonpeak::monitor::internal {

inline constexpr size_t kHugePage = size_t{2} << 20;

/// Advises huge pages for the whole 2 MiB pages inside [data, data + bytes).
inline void AdviseHugePages(void* data, size_t bytes) {
#ifdef MADV_HUGEPAGE
  if (bytes < kHugePage) return;
  const auto start = reinterpret_cast<uintptr_t>(data);
  const uintptr_t first = (start + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t end = (start + bytes) & ~(kHugePage - 1);
  if (end > first) {
    (void)::madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

/// Hands out memory from 64 MiB regions mapped with huge-page advice; everything is released
/// together when the arena is destroyed. For objects that are never freed one by one.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (const Region& r : regions_) ::munmap(r.base, r.size);
  }

  void* Allocate(size_t bytes, size_t align) {
    for (FreeList& list : free_) {
      if (list.bytes == bytes && !list.items.empty()) {
        void* reused = list.items.back();
        list.items.pop_back();
        allocated_ += bytes;
        return reused;
      }
    }
    uintptr_t p = (next_ + align - 1) & ~(uintptr_t{align} - 1);
    if (p + bytes > end_) {
      const size_t size = bytes + align > kRegion ? bytes + align : kRegion;
      void* base =
          ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (base == MAP_FAILED) std::abort();  // out of memory, as operator new would end
      AdviseHugePages(base, size);
      regions_.push_back(Region{base, size});
      next_ = reinterpret_cast<uintptr_t>(base);
      end_ = next_ + size;
      p = (next_ + align - 1) & ~(uintptr_t{align} - 1);
    }
    next_ = p + bytes;
    allocated_ += bytes;
    return reinterpret_cast<void*>(p);
  }

  /// Takes back `bytes` at `p` (from Allocate with the same size and alignment) for the next
  /// Allocate of that size: objects of a few fixed sizes that come and go (spilled blocks)
  /// reuse their memory instead of growing the arena.
  void Recycle(void* p, size_t bytes) {
    allocated_ -= bytes;
    for (FreeList& list : free_) {
      if (list.bytes == bytes) {
        list.items.push_back(p);
        return;
      }
    }
    free_.push_back(FreeList{bytes, {p}});
  }

  /// Bytes handed out and not recycled (not the mapped size).
  size_t allocated() const { return allocated_; }

 private:
  static constexpr size_t kRegion = size_t{64} << 20;
  struct Region {
    void* base;
    size_t size;
  };
  struct FreeList {
    size_t bytes;
    std::vector<void*> items;
  };
  std::vector<Region> regions_;
  std::vector<FreeList> free_;
  uintptr_t next_ = 0;
  uintptr_t end_ = 0;
  size_t allocated_ = 0;
};

}  // namespace carbonpeak::monitor::internal
