// Units of measure: the unit texts found in plans and statistics (万千瓦, 吨标准煤, kWh, 万元, 亩,
// 家, tce/万元 ...) parsed into a dimension and a scale, runtime conversion between them, and
// compile-time typed quantities (Quantity<Tce>, Quantity<Kwh>, ...) for computing code.
//
//   Result<UnitInfo> u = ParseUnit("（万千瓦）");          // canonical "万kW", kPower, 1e7 W
//   Result<double> mw = ConvertValue(1.0, "万千瓦", "MW");  // 10.0
//   bool ok = UnitsCompatible("个", "家");                 // true: both counts
//   Quantity<Tce> coal(2.5);
//   Quantity<Kgce> kg = QuantityCast<Kgce>(coal);           // 2500 kgce
//
// Each dimension has a base unit and every unit a scale to it (UnitInfo::scale):
//   dimensionless: a pure fraction (% = 0.01)    count: one item      mass: kg
//   standard coal: kgce        CO2: kgCO2        CO2e: kgCO2e         energy: kJ
//   volume: L                  money: 元         power: W             area: m²
//   length: m                  time: h           compound "A/B": scale(A) / scale(B)
// Energy (kJ, kWh, GJ) and standard coal (tce) are different dimensions on purpose: turning one
// into the other needs a caliber (当量值 or 等价值) and belongs to accounting, not to units.
// A few units convert only to themselves: PUE, 能效等级 and the calendar year (年, whose length in
// days depends on the year).
//
// Thread safety: all functions are safe to call concurrently (the alias table is built once,
// thread-safely, on first use). Failure contract: ParseUnit and ConvertValue return
// InvalidArgument with a message naming the unit text and what to write instead; nothing
// throws. QuantityCast between dimensions does not compile.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/status.h"

namespace carbonpeak {

/// Physical or bookkeeping dimension of a unit. Append only (values may be stored).
enum class Dimension {
  kDimensionless,
  kCount,
  kMass,
  kVolume,
  kEnergy,
  kStandardCoal,
  kCo2,
  kCo2e,
  kMoney,
  kPower,
  kArea,
  kLength,
  kTime,
  kCompound /* A/B */
};

/// Short English name for messages: "power", "standard coal", "compound".
std::string_view DimensionName(Dimension dimension);

/// What a unit text means.
struct UnitInfo {
  std::string canonical;  // one spelling per unit: "万kW", "tce", "m³", "tce/万元", "家"
  Dimension dimension = Dimension::kDimensionless;
  double scale = 1.0;                  // to the dimension's base unit (see the file comment)
  std::string numerator, denominator;  // for kCompound, the canonical parts; empty otherwise
};

/// Parses a unit as written in a plan or a statistics table. Full-width characters, spaces,
/// superscripts (m³, m3, m^3), a middle dot (kW·h) and brackets around the whole unit
/// ("（万立方米）") are normalised first. Chinese multipliers 万 / 亿 / 万亿 may precede most
/// units ("万吨标准煤", "亿千瓦时", "万头"). A compound "A/B" (one '/') is made of two known units.
Result<UnitInfo> ParseUnit(std::string_view text);

/// True when both texts are equal, or both parse and a value in one converts to the other
/// (same dimension; for compounds the same dimension above and below the '/').
bool UnitsCompatible(std::string_view a, std::string_view b);

/// Converts `value` from one unit to another of the same dimension. Fails, naming both units and
/// their dimensions, when they differ: "cannot convert 万千瓦 (power) to 万m³ (volume)".
Result<double> ConvertValue(double value, std::string_view from, std::string_view to);

/// Conversion coefficients: every number the unit table uses, each with its source. Scales are
/// kept as exact ratios (numerator / denominator) so that, e.g., 1 公顷 converts to exactly 15 亩.
namespace unit_coefficient {
// Chinese numeral multipliers (万 = 10^4, 亿 = 10^8): definitions of the numerals.
inline constexpr double kWan = 1e4;
inline constexpr double kYi = 1e8;
// SI prefixes k, M, G, T: GB 3100-1993 (SI prefixes table).
inline constexpr double kKilo = 1e3;
inline constexpr double kMega = 1e6;
inline constexpr double kGiga = 1e9;
inline constexpr double kTera = 1e12;
// Tonne t = 10^3 kg; litre L = 10^-3 m³; hour h = 3600 s; day d = 24 h; hectare hm² = 10^4 m²:
// GB 3100-1993, the table of non-SI units adopted as legal units of measurement.
inline constexpr double kKilogramsPerTonne = 1e3;
inline constexpr double kLitresPerCubicMetre = 1e3;
inline constexpr double kSecondsPerHour = 3600;
inline constexpr double kHoursPerDay = 24;
inline constexpr double kSquareMetresPerHectare = 1e4;
// 1 kW·h = 1 kJ/s x 3600 s = 3600 kJ (3.6 MJ): derived from W = J/s (SI) and h = 3600 s.
inline constexpr double kKilojoulesPerKwh = kSecondsPerHour;
// 亩 (mu): 1 市尺 = 1/3 m and 1 亩 = 6000 平方市尺 (度量衡法 1929, art. 5; the 市制 was kept by the
// State Council order on unifying measurement, 1959; both seen as quoted in secondary sources),
// so 1 亩 = 6000 / 9 m² = 2000/3 m², i.e. 1 hm² = 15 亩 (derived).
inline constexpr double kMuSquareMetresNumerator = 2000;
inline constexpr double kMuSquareMetresDenominator = 3;
}  // namespace unit_coefficient

/// A compile-time unit: a dimension, an exact scale kScaleNum / kScaleDen to the dimension's base
/// unit and a canonical symbol (the same text ParseUnit returns as `canonical`).
template <typename U>
concept UnitTag = requires {
  { U::kDimension } -> std::convertible_to<Dimension>;
  { U::kScaleNum } -> std::convertible_to<double>;
  { U::kScaleDen } -> std::convertible_to<double>;
  { U::kSymbol } -> std::convertible_to<std::string_view>;
};

/// True when two unit tags share a dimension, i.e. QuantityCast between them compiles.
template <typename A, typename B>
inline constexpr bool kSameDimension = A::kDimension == B::kDimension;

/// A value in a unit known at compile time. Arithmetic mixes only identical units; use
/// QuantityCast to change unit within a dimension. value() is in the tag's unit.
template <UnitTag U>
class Quantity {
 public:
  using Unit = U;

  constexpr Quantity() = default;
  constexpr explicit Quantity(double value) : value_(value) {}

  constexpr double value() const { return value_; }

  constexpr Quantity operator-() const { return Quantity(-value_); }
  constexpr Quantity& operator+=(Quantity other) {
    value_ += other.value_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity other) {
    value_ -= other.value_;
    return *this;
  }
  constexpr Quantity& operator*=(double factor) {
    value_ *= factor;
    return *this;
  }
  constexpr Quantity& operator/=(double divisor) {
    value_ /= divisor;
    return *this;
  }

  friend constexpr Quantity operator+(Quantity a, Quantity b) { return a += b; }
  friend constexpr Quantity operator-(Quantity a, Quantity b) { return a -= b; }
  friend constexpr Quantity operator*(Quantity a, double factor) { return a *= factor; }
  friend constexpr Quantity operator*(double factor, Quantity a) { return a *= factor; }
  friend constexpr Quantity operator/(Quantity a, double divisor) { return a /= divisor; }
  /// Ratio of two quantities in the same unit (a plain number).
  friend constexpr double operator/(Quantity a, Quantity b) { return a.value_ / b.value_; }

  friend constexpr bool operator==(const Quantity&, const Quantity&) = default;
  friend constexpr auto operator<=>(const Quantity&, const Quantity&) = default;

 private:
  double value_ = 0.0;
};

/// Converts between two units of one dimension; a cast across dimensions fails to compile.
template <UnitTag To, UnitTag From>
constexpr Quantity<To> QuantityCast(Quantity<From> quantity) {
  static_assert(kSameDimension<To, From>,
                "QuantityCast between units of different dimensions; energy and standard coal "
                "differ on purpose: convert them in accounting with a caliber");
  if constexpr (std::is_same_v<To, From>) {
    return quantity;
  } else {
    constexpr double kFactor =
        (From::kScaleNum * To::kScaleDen) / (From::kScaleDen * To::kScaleNum);
    return Quantity<To>(quantity.value() * kFactor);
  }
}

// Unit tags. The runtime table in units.cc is built from these for the units they cover, so a
// tag and ParseUnit(Tag::kSymbol) always agree.
// Scale terms are whole numbers, passed as integers so that compilers without floating-point
// template arguments (clang before 18, used for the fuzz targets) accept the tags.
consteval long long ScaleTerm(double term) { return static_cast<long long>(term); }
template <Dimension D, long long Num, long long Den>
struct UnitTagBase {
  static_assert(Num > 0 && Den > 0, "unit scale terms are positive whole numbers");
  static constexpr Dimension kDimension = D;
  static constexpr double kScaleNum = static_cast<double>(Num);
  static constexpr double kScaleDen = static_cast<double>(Den);
  static constexpr double kScale = kScaleNum / kScaleDen;
};
// Standard coal (base kgce).
struct Kgce : UnitTagBase<Dimension::kStandardCoal, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kgce";
};
struct Tce : UnitTagBase<Dimension::kStandardCoal, ScaleTerm(unit_coefficient::kKilogramsPerTonne),
                         ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "tce";
};
struct TenThousandTce
    : UnitTagBase<Dimension::kStandardCoal,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kKilogramsPerTonne),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万tce";
};
// Mass (base kg).
struct Kilogram : UnitTagBase<Dimension::kMass, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kg";
};
struct Tonne : UnitTagBase<Dimension::kMass, ScaleTerm(unit_coefficient::kKilogramsPerTonne),
                           ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "t";
};
struct TenThousandTonne
    : UnitTagBase<Dimension::kMass,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kKilogramsPerTonne),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万t";
};
// CO2 and CO2-equivalent (bases kgCO2, kgCO2e).
struct KgCo2 : UnitTagBase<Dimension::kCo2, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kgCO2";
};
struct TCo2 : UnitTagBase<Dimension::kCo2, ScaleTerm(unit_coefficient::kKilogramsPerTonne),
                          ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "tCO2";
};
struct TenThousandTCo2
    : UnitTagBase<Dimension::kCo2,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kKilogramsPerTonne),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万tCO2";
};
struct KgCo2e : UnitTagBase<Dimension::kCo2e, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kgCO2e";
};
struct TCo2e : UnitTagBase<Dimension::kCo2e, ScaleTerm(unit_coefficient::kKilogramsPerTonne),
                           ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "tCO2e";
};
struct TenThousandTCo2e
    : UnitTagBase<Dimension::kCo2e,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kKilogramsPerTonne),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万tCO2e";
};
// Energy (base kJ).
struct Kj : UnitTagBase<Dimension::kEnergy, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kJ";
};
struct Mj : UnitTagBase<Dimension::kEnergy, ScaleTerm(unit_coefficient::kKilo), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "MJ";
};
struct Gj : UnitTagBase<Dimension::kEnergy, ScaleTerm(unit_coefficient::kMega), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "GJ";
};
struct Tj : UnitTagBase<Dimension::kEnergy, ScaleTerm(unit_coefficient::kGiga), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "TJ";
};
struct Kwh : UnitTagBase<Dimension::kEnergy, ScaleTerm(unit_coefficient::kKilojoulesPerKwh),
                         ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kWh";
};
struct TenThousandKwh
    : UnitTagBase<Dimension::kEnergy,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kKilojoulesPerKwh),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万kWh";
};
struct HundredMillionKwh
    : UnitTagBase<Dimension::kEnergy,
                  ScaleTerm(unit_coefficient::kYi* unit_coefficient::kKilojoulesPerKwh),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "亿kWh";
};
struct Mwh : UnitTagBase<Dimension::kEnergy,
                         ScaleTerm(unit_coefficient::kKilo* unit_coefficient::kKilojoulesPerKwh),
                         ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "MWh";
};
struct Gwh : UnitTagBase<Dimension::kEnergy,
                         ScaleTerm(unit_coefficient::kMega* unit_coefficient::kKilojoulesPerKwh),
                         ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "GWh";
};
// Volume (base L).
struct Litre : UnitTagBase<Dimension::kVolume, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "L";
};
struct CubicMetre : UnitTagBase<Dimension::kVolume,
                                ScaleTerm(unit_coefficient::kLitresPerCubicMetre), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "m³";
};
struct TenThousandCubicMetre
    : UnitTagBase<Dimension::kVolume,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kLitresPerCubicMetre),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万m³";
};
struct HundredMillionCubicMetre
    : UnitTagBase<Dimension::kVolume,
                  ScaleTerm(unit_coefficient::kYi* unit_coefficient::kLitresPerCubicMetre),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "亿m³";
};
// Money (base 元).
struct Yuan : UnitTagBase<Dimension::kMoney, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "元";
};
struct TenThousandYuan
    : UnitTagBase<Dimension::kMoney, ScaleTerm(unit_coefficient::kWan), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万元";
};
struct HundredMillionYuan
    : UnitTagBase<Dimension::kMoney, ScaleTerm(unit_coefficient::kYi), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "亿元";
};
// Power (base W).
struct Watt : UnitTagBase<Dimension::kPower, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "W";
};
struct Kw : UnitTagBase<Dimension::kPower, ScaleTerm(unit_coefficient::kKilo), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "kW";
};
struct Mw : UnitTagBase<Dimension::kPower, ScaleTerm(unit_coefficient::kMega), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "MW";
};
struct Gw : UnitTagBase<Dimension::kPower, ScaleTerm(unit_coefficient::kGiga), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "GW";
};
struct TenThousandKw
    : UnitTagBase<Dimension::kPower, ScaleTerm(unit_coefficient::kWan* unit_coefficient::kKilo),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万kW";
};
// Area (base m²).
struct SquareMetre : UnitTagBase<Dimension::kArea, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "m²";
};
struct TenThousandSquareMetre
    : UnitTagBase<Dimension::kArea, ScaleTerm(unit_coefficient::kWan), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万m²";
};
struct Hectare : UnitTagBase<Dimension::kArea, ScaleTerm(unit_coefficient::kSquareMetresPerHectare),
                             ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "hm²";
};
struct TenThousandHectare
    : UnitTagBase<Dimension::kArea,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kSquareMetresPerHectare),
                  ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万hm²";
};
struct Mu : UnitTagBase<Dimension::kArea, ScaleTerm(unit_coefficient::kMuSquareMetresNumerator),
                        ScaleTerm(unit_coefficient::kMuSquareMetresDenominator)> {
  static constexpr std::string_view kSymbol = "亩";
};
struct TenThousandMu
    : UnitTagBase<Dimension::kArea,
                  ScaleTerm(unit_coefficient::kWan* unit_coefficient::kMuSquareMetresNumerator),
                  ScaleTerm(unit_coefficient::kMuSquareMetresDenominator)> {
  static constexpr std::string_view kSymbol = "万亩";
};
struct SquareKilometre
    : UnitTagBase<Dimension::kArea, ScaleTerm(unit_coefficient::kMega), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "km²";
};
// Length (base m).
struct Metre : UnitTagBase<Dimension::kLength, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "m";
};
struct Kilometre
    : UnitTagBase<Dimension::kLength, ScaleTerm(unit_coefficient::kKilo), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "km";
};
// Time (base h). There is no Year tag: a year's length depends on the calendar year.
struct Hour : UnitTagBase<Dimension::kTime, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "h";
};
struct Day
    : UnitTagBase<Dimension::kTime, ScaleTerm(unit_coefficient::kHoursPerDay), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "d";
};
// Dimensionless (base: a plain fraction) and counts (base: one item).
struct Percent : UnitTagBase<Dimension::kDimensionless, ScaleTerm(1.0), ScaleTerm(100.0)> {
  static constexpr std::string_view kSymbol = "%";
};
struct PerMille : UnitTagBase<Dimension::kDimensionless, ScaleTerm(1.0), ScaleTerm(1000.0)> {
  static constexpr std::string_view kSymbol = "‰";
};
struct Items : UnitTagBase<Dimension::kCount, ScaleTerm(1.0), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "个";
};
struct TenThousandItems
    : UnitTagBase<Dimension::kCount, ScaleTerm(unit_coefficient::kWan), ScaleTerm(1.0)> {
  static constexpr std::string_view kSymbol = "万个";
};

}  // namespace carbonpeak
