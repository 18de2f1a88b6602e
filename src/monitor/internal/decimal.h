// Exact decimal → fixed-point conversion for meter values.
//
// Values are kept as int64 millionths of the meter's unit ("micro-units"), so that deduplication
// (is a resend the same value?) and every sum are exact and independent of order. The text of
// a number is converted directly, digit by digit, without passing through a double.
//
//   int64_t micro;
//   DecimalStatus s = ParseMicros("123.456", micro);   // kOk, micro == 123456000
//
// Thread safety: pure functions. Failure contract: a DecimalStatus; no exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace carbonpeak::monitor::internal {

inline constexpr int64_t kMicro = 1000000;
/// Largest magnitude accepted: 9 × 10^12 units (int64 micro-units overflow above 9.2 × 10^12).
inline constexpr int64_t kMaxMicros = 9'000'000'000'000'000'000;

enum class DecimalStatus {
  kOk,
  kSyntax,    ///< not a decimal number
  kTooLarge,  ///< magnitude above kMaxMicros
  kRounded,   ///< OK, but digits below one millionth were rounded (half away from zero)
};

/// Parses [+-]digits[.digits][(e|E)[+-]digits] into micro-units. Leading and trailing spaces
/// are not accepted (callers trim). "1e3" → 1000000000. Digits below 10^-6 are rounded half away
/// from zero and reported as kRounded (the value is still set).
inline DecimalStatus ParseMicros(std::string_view s, int64_t& out) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    negative = s[pos] == '-';
    ++pos;
  }
  // Collect up to 19 significant digits into `mantissa`; count the decimal exponent.
  uint64_t mantissa = 0;
  int significant = 0;
  int exponent = 0;  // value = mantissa * 10^exponent (before the 'e' part)
  bool any_digit = false;
  bool dropped_nonzero = false;  // digits beyond 19 significant ones
  int first_dropped = -1;        // the first dropped digit, for rounding
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    any_digit = true;
    const int d = s[pos] - '0';
    if (significant < 19) {
      if (mantissa != 0 || d != 0) {
        mantissa = mantissa * 10 + static_cast<uint64_t>(d);
        ++significant;
      }
    } else {
      ++exponent;
      if (first_dropped < 0) {
        first_dropped = d;
      } else if (d != 0) {
        dropped_nonzero = true;
      }
    }
    ++pos;
  }
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      any_digit = true;
      const int d = s[pos] - '0';
      if (significant < 19) {
        if (mantissa != 0 || d != 0) {
          mantissa = mantissa * 10 + static_cast<uint64_t>(d);
          ++significant;
        }
        --exponent;
      } else if (first_dropped < 0) {
        first_dropped = d;
      } else if (d != 0) {
        dropped_nonzero = true;
      }
      ++pos;
    }
  }
  if (!any_digit) return DecimalStatus::kSyntax;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      exp_negative = s[pos] == '-';
      ++pos;
    }
    if (pos >= s.size()) return DecimalStatus::kSyntax;
    int e = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (e < 100000) e = e * 10 + (s[pos] - '0');
      ++pos;
    }
    exponent += exp_negative ? -e : e;
  }
  if (pos != s.size()) return DecimalStatus::kSyntax;

  // value = mantissa * 10^(exponent) units = mantissa * 10^(exponent + 6) micro-units.
  int shift = exponent + 6;
  bool rounded = first_dropped >= 0 && (first_dropped != 0 || dropped_nonzero);
  if (mantissa == 0) {
    out = 0;
    return rounded ? DecimalStatus::kRounded : DecimalStatus::kOk;
  }
  uint64_t result = mantissa;
  if (shift >= 0) {
    for (int k = 0; k < shift; ++k) {
      if (result > static_cast<uint64_t>(kMaxMicros) / 10) return DecimalStatus::kTooLarge;
      result *= 10;
    }
    // Digits dropped beyond 19 significant ones were multiplied away; round on the first.
    if (first_dropped >= 5) ++result;
  } else {
    if (shift < -19) {
      result = 0;
      rounded = true;
    } else {
      uint64_t divisor = 1;
      for (int k = 0; k < -shift; ++k) divisor *= 10;
      const uint64_t remainder = result % divisor;
      result /= divisor;
      if (remainder != 0) rounded = true;
      // Half away from zero. Digits dropped beyond 19 significant ones are worth less than one
      // unit of `remainder`, so they cannot move it across half the divisor.
      if (remainder >= divisor - remainder) ++result;
    }
  }
  if (result > static_cast<uint64_t>(kMaxMicros)) return DecimalStatus::kTooLarge;
  out = negative ? -static_cast<int64_t>(result) : static_cast<int64_t>(result);
  return rounded ? DecimalStatus::kRounded : DecimalStatus::kOk;
}

/// The shortest decimal text of `micros` micro-units: "123.456", "-0.5", "7".
inline std::string MicrosToString(int64_t micros) {
  const bool negative = micros < 0;
  const uint64_t magnitude =
      negative ? static_cast<uint64_t>(-(micros + 1)) + 1 : static_cast<uint64_t>(micros);
  std::string text = std::to_string(magnitude / kMicro);
  uint64_t fraction = magnitude % kMicro;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    text += '.';
    text += digits;
  }
  return negative ? "-" + text : text;
}

}  // namespace carbonpeak::monitor::internal
