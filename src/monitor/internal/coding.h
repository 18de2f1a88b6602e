// Byte coding for the monitor's log and segments: little-endian fixed integers, LEB128 varints,
// zigzag for signed values, and CRC-32C (Castagnoli) — in hardware where the CPU has it.
//
// Thread safety: pure functions. Failure contract: the Get* readers return false on truncated
// or malformed input and never read past the end.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace carbonpeak::monitor::internal {

inline void PutFixed32(std::string& out, uint32_t v) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
               static_cast<char>(v >> 24)};
  out.append(b, 4);
}
inline void PutFixed64(std::string& out, uint64_t v) {
  PutFixed32(out, static_cast<uint32_t>(v));
  PutFixed32(out, static_cast<uint32_t>(v >> 32));
}
inline uint32_t DecodeFixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | (uint32_t{u[1]} << 8) | (uint32_t{u[2]} << 16) | (uint32_t{u[3]} << 24);
}
inline uint64_t DecodeFixed64(const char* p) {
  return uint64_t{DecodeFixed32(p)} | (uint64_t{DecodeFixed32(p + 4)} << 32);
}

inline void PutVarint(std::string& out, uint64_t v) {
  char buffer[10];
  int n = 0;
  while (v >= 0x80) {
    buffer[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buffer[n++] = static_cast<char>(v);
  out.append(buffer, static_cast<size_t>(n));
}
/// Appends a varint to a raw buffer (at least 10 bytes free); returns the new end.
inline char* EncodeVarint(char* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}
inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
inline void PutSigned(std::string& out, int64_t v) { PutVarint(out, ZigZag(v)); }
inline void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}
inline void PutDouble(std::string& out, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  PutFixed64(out, bits);
}

/// A cursor over bytes with bounds-checked readers.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool GetVarint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift <= 63 && p_ < end_; shift += 7) {
      const auto byte = static_cast<unsigned char>(*p_++);
      v |= uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool GetSigned(int64_t& v) {
    uint64_t u;
    if (!GetVarint(u)) return false;
    v = UnZigZag(u);
    return true;
  }
  bool GetFixed32(uint32_t& v) {
    if (end_ - p_ < 4) return false;
    v = DecodeFixed32(p_);
    p_ += 4;
    return true;
  }
  bool GetFixed64(uint64_t& v) {
    if (end_ - p_ < 8) return false;
    v = DecodeFixed64(p_);
    p_ += 8;
    return true;
  }
  bool GetDouble(double& d) {
    uint64_t bits;
    if (!GetFixed64(bits)) return false;
    std::memcpy(&d, &bits, 8);
    return true;
  }
  bool GetByte(uint8_t& b) {
    if (p_ >= end_) return false;
    b = static_cast<uint8_t>(*p_++);
    return true;
  }
  bool GetString(std::string& s) {
    uint64_t n;
    if (!GetVarint(n) || n > static_cast<uint64_t>(end_ - p_)) return false;
    s.assign(p_, n);
    p_ += n;
    return true;
  }
  bool GetBytes(size_t n, std::string_view& out) {
    if (n > static_cast<size_t>(end_ - p_)) return false;
    out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool done() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

/// CRC-32C of `data` continuing from `crc` (0 to start).
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace carbonpeak::monitor::internal
