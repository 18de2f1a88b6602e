// Small helpers over UTF-32 text used by the layout and extraction code.
// Thread safety: pure inline functions. Failure contract: none fail.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace carbonpeak::planimport {

inline bool StartsWithU(std::u32string_view s, std::u32string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
inline bool EndsWithU(std::u32string_view s, std::u32string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
inline bool Contains(std::u32string_view s, std::u32string_view p) {
  return s.find(p) != std::u32string_view::npos;
}
inline bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

/// "2024年3月27日" (optionally with spaces removed already); the whole text must be the date.
inline bool LooksLikeDate(std::u32string_view t) {
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t n = 0;
    while (i < t.size() && IsDigit(t[i]) && n < max) {
      ++i;
      ++n;
    }
    return n >= min;
  };
  if (!digits(4, 4) || i >= t.size() || t[i] != U'年') return false;
  ++i;
  if (!digits(1, 2) || i >= t.size() || t[i] != U'月') return false;
  ++i;
  if (!digits(1, 2) || i >= t.size() || t[i] != U'日') return false;
  ++i;
  return i == t.size();
}

}  // namespace carbonpeak::planimport
