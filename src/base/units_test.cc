#include "base/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace carbonpeak {
namespace {

UnitInfo Parse(std::string_view text) {
  Result<UnitInfo> info = ParseUnit(text);
  EXPECT_TRUE(info.ok()) << text << ": " << info.status().ToString();
  return info.value_or(UnitInfo{});
}

double Convert(double value, std::string_view from, std::string_view to) {
  Result<double> r = ConvertValue(value, from, to);
  EXPECT_TRUE(r.ok()) << from << " -> " << to << ": " << r.status().ToString();
  return r.value_or(std::numeric_limits<double>::quiet_NaN());
}

// Every alias the brief and the seed plans use, with the canonical unit it must mean.
TEST(ParseUnitTest, EveryAliasParses) {
  const std::vector<std::tuple<std::string_view, std::string_view, Dimension>> cases = {
      {"tce", "tce", Dimension::kStandardCoal},
      {"kgce", "kgce", Dimension::kStandardCoal},
      {"万tce", "万tce", Dimension::kStandardCoal},
      {"吨标准煤", "tce", Dimension::kStandardCoal},
      {"吨标煤", "tce", Dimension::kStandardCoal},
      {"万吨标准煤", "万tce", Dimension::kStandardCoal},
      {"万吨标煤", "万tce", Dimension::kStandardCoal},
      {"千克标准煤", "kgce", Dimension::kStandardCoal},
      {"t", "t", Dimension::kMass},
      {"kg", "kg", Dimension::kMass},
      {"万t", "万t", Dimension::kMass},
      {"吨", "t", Dimension::kMass},
      {"万吨", "万t", Dimension::kMass},
      {"T", "t", Dimension::kMass},
      {"m³", "m³", Dimension::kVolume},
      {"m3", "m³", Dimension::kVolume},
      {"m^3", "m³", Dimension::kVolume},
      {"立方米", "m³", Dimension::kVolume},
      {"万m³", "万m³", Dimension::kVolume},
      {"万立方米", "万m³", Dimension::kVolume},
      {"（万立方米）", "万m³", Dimension::kVolume},
      {"亿m³", "亿m³", Dimension::kVolume},
      {"亿立方米", "亿m³", Dimension::kVolume},
      {"L", "L", Dimension::kVolume},
      {"kWh", "kWh", Dimension::kEnergy},
      {"kW·h", "kWh", Dimension::kEnergy},
      {"千瓦时", "kWh", Dimension::kEnergy},
      {"度", "kWh", Dimension::kEnergy},
      {"万kWh", "万kWh", Dimension::kEnergy},
      {"万千瓦时", "万kWh", Dimension::kEnergy},
      {"亿kWh", "亿kWh", Dimension::kEnergy},
      {"亿千瓦时", "亿kWh", Dimension::kEnergy},
      {"MWh", "MWh", Dimension::kEnergy},
      {"GWh", "GWh", Dimension::kEnergy},
      {"GJ", "GJ", Dimension::kEnergy},
      {"TJ", "TJ", Dimension::kEnergy},
      {"MJ", "MJ", Dimension::kEnergy},
      {"tCO2", "tCO2", Dimension::kCo2},
      {"tCO₂", "tCO2", Dimension::kCo2},
      {"万tCO2", "万tCO2", Dimension::kCo2},
      {"kgCO2", "kgCO2", Dimension::kCo2},
      {"吨二氧化碳", "tCO2", Dimension::kCo2},
      {"tCO2e", "tCO2e", Dimension::kCo2e},
      {"万tCO2e", "万tCO2e", Dimension::kCo2e},
      {"吨二氧化碳当量", "tCO2e", Dimension::kCo2e},
      {"元", "元", Dimension::kMoney},
      {"万元", "万元", Dimension::kMoney},
      {"亿元", "亿元", Dimension::kMoney},
      {"%", "%", Dimension::kDimensionless},
      {"％", "%", Dimension::kDimensionless},
      {"‰", "‰", Dimension::kDimensionless},
      {"kW", "kW", Dimension::kPower},
      {"MW", "MW", Dimension::kPower},
      {"兆瓦", "MW", Dimension::kPower},
      {"GW", "GW", Dimension::kPower},
      {"万千瓦", "万kW", Dimension::kPower},
      {"万kW", "万kW", Dimension::kPower},
      {"m²", "m²", Dimension::kArea},
      {"平方米", "m²", Dimension::kArea},
      {"万m²", "万m²", Dimension::kArea},
      {"万平方米", "万m²", Dimension::kArea},
      {"hm²", "hm²", Dimension::kArea},
      {"公顷", "hm²", Dimension::kArea},
      {"万公顷", "万hm²", Dimension::kArea},
      {"亩", "亩", Dimension::kArea},
      {"万亩", "万亩", Dimension::kArea},
      {"km²", "km²", Dimension::kArea},
      {"平方公里", "km²", Dimension::kArea},
      {"m", "m", Dimension::kLength},
      {"km", "km", Dimension::kLength},
      {"公里", "km", Dimension::kLength},
      {"千米", "km", Dimension::kLength},
      {"年", "a", Dimension::kTime},
      {"小时", "h", Dimension::kTime},
      {"日", "d", Dimension::kTime},
      {"天", "d", Dimension::kTime},
      {"个", "个", Dimension::kCount},
      {"家", "家", Dimension::kCount},
      {"辆", "辆", Dimension::kCount},
      {"座", "座", Dimension::kCount},
      {"条", "条", Dimension::kCount},
      {"处", "处", Dimension::kCount},
      {"口", "口", Dimension::kCount},
      {"盏", "盏", Dimension::kCount},
      {"名", "名", Dimension::kCount},
      {"户", "户", Dimension::kCount},
      {"台", "台", Dimension::kCount},
      {"件", "件", Dimension::kCount},
      {"头", "头", Dimension::kCount},
      {"羽", "羽", Dimension::kCount},
      {"人", "人", Dimension::kCount},
      {"万头", "万头", Dimension::kCount},
      {"万羽", "万羽", Dimension::kCount},
      {"万人", "万人", Dimension::kCount},
      {"蒸吨", "蒸吨", Dimension::kCount},
      {"PUE", "PUE", Dimension::kDimensionless},
      {"能效等级", "能效等级", Dimension::kDimensionless},
  };
  for (const auto& [text, canonical, dimension] : cases) {
    const UnitInfo info = Parse(text);
    EXPECT_EQ(info.canonical, canonical) << text;
    EXPECT_EQ(info.dimension, dimension) << text;
    EXPECT_TRUE(info.numerator.empty()) << text;
  }
}

TEST(ParseUnitTest, Normalisation) {
  EXPECT_EQ(Parse("ｋＷｈ").canonical, "kWh");           // full-width letters
  EXPECT_EQ(Parse(" 万 千瓦\u3000").canonical, "万kW");  // spaces, U+3000
  EXPECT_EQ(Parse("(万m3)").canonical, "万m³");          // ASCII brackets
  EXPECT_EQ(Parse("【万吨】").canonical, "万t");         // CJK brackets
  EXPECT_EQ(Parse("KWH").canonical, "kWh");              // ASCII case
  EXPECT_EQ(Parse("㎡").canonical, "m²");
  EXPECT_EQ(Parse("万㎡").canonical, "万m²");
}

TEST(ParseUnitTest, Scales) {
  EXPECT_DOUBLE_EQ(Parse("万千瓦").scale, 1e7);  // base W
  EXPECT_DOUBLE_EQ(Parse("tce").scale, 1e3);     // base kgce
  EXPECT_DOUBLE_EQ(Parse("万tce").scale, 1e7);
  EXPECT_DOUBLE_EQ(Parse("kWh").scale, 3600);  // base kJ
  EXPECT_DOUBLE_EQ(Parse("%").scale, 0.01);
  EXPECT_DOUBLE_EQ(Parse("个").scale, 1);
  EXPECT_DOUBLE_EQ(Parse("家").scale, 1);
  EXPECT_DOUBLE_EQ(Parse("万头").scale, 1e4);
  EXPECT_DOUBLE_EQ(Parse("亩").scale, 2000.0 / 3.0);
}

TEST(ParseUnitTest, Compounds) {
  const std::vector<
      std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>>
      cases = {
          {"tce/万元", "tce/万元", "tce", "万元"},
          {"吨标煤/万元", "tce/万元", "tce", "万元"},
          {"吨标煤/年", "tce/a", "tce", "a"},
          {"kgce/t", "kgce/t", "kgce", "t"},
          {"kWh/t", "kWh/t", "kWh", "t"},
          {"kgCO2/kWh", "kgCO2/kWh", "kgCO2", "kWh"},
          {"tCO2/万元", "tCO2/万元", "tCO2", "万元"},
          {"万平方米/年", "万m²/a", "万m²", "a"},
          {"蒸吨/小时", "蒸吨/h", "蒸吨", "h"},
          {"T/日", "t/d", "t", "d"},
          {"吨／万元", "t/万元", "t", "万元"},  // full-width slash
      };
  for (const auto& [text, canonical, numerator, denominator] : cases) {
    const UnitInfo info = Parse(text);
    EXPECT_EQ(info.dimension, Dimension::kCompound) << text;
    EXPECT_EQ(info.canonical, canonical) << text;
    EXPECT_EQ(info.numerator, numerator) << text;
    EXPECT_EQ(info.denominator, denominator) << text;
  }
  EXPECT_DOUBLE_EQ(Parse("tce/万元").scale, 1e3 / 1e4);
}

TEST(ParseUnitTest, RejectsUnknownAndMalformed) {
  for (std::string_view text : {"", "  ", "建设局", "万", "foo", "a/b/c", "tce/", "/万元",
                                "tce/建设局", "万%", "万年", "\xFF\xFE"}) {
    Result<UnitInfo> info = ParseUnit(text);
    ASSERT_FALSE(info.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(info.status().code(), StatusCode::kInvalidArgument);
  }
  const std::string unknown = ParseUnit("建设局").status().message();
  EXPECT_NE(unknown.find("\"建设局\""), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("万千瓦"), std::string::npos) << unknown;  // suggests known units
  const std::string part = ParseUnit("tce/建设局").status().message();
  EXPECT_NE(part.find("\"建设局\" in \"tce/建设局\""), std::string::npos) << part;
  EXPECT_NE(ParseUnit("a/b/c").status().message().find("more than one '/'"), std::string::npos);
}

TEST(ConvertValueTest, BriefExamples) {
  EXPECT_DOUBLE_EQ(Convert(1, "万千瓦", "MW"), 10);
  EXPECT_DOUBLE_EQ(Convert(1, "万tce", "tce"), 10000);
  EXPECT_DOUBLE_EQ(Convert(1, "亿元", "万元"), 10000);
  EXPECT_EQ(Convert(1, "公顷", "亩"), 15);  // exact, thanks to the ratio scales
  EXPECT_EQ(Convert(15, "亩", "公顷"), 1);
  EXPECT_DOUBLE_EQ(Convert(350, "kgce/t", "tce/t"), 0.35);
  EXPECT_DOUBLE_EQ(Convert(0.35, "tce/t", "kgce/t"), 350);
}

TEST(ConvertValueTest, MoreConversions) {
  EXPECT_DOUBLE_EQ(Convert(1, "kWh", "MJ"), 3.6);
  EXPECT_DOUBLE_EQ(Convert(1, "万kWh", "GJ"), 36);
  EXPECT_DOUBLE_EQ(Convert(1, "亿千瓦时", "GWh"), 100);
  EXPECT_DOUBLE_EQ(Convert(1, "TJ", "GJ"), 1000);
  EXPECT_DOUBLE_EQ(Convert(2.5, "万吨标准煤", "吨标煤"), 25000);
  EXPECT_DOUBLE_EQ(Convert(3, "kgce", "tce"), 0.003);
  EXPECT_DOUBLE_EQ(Convert(1, "亿m³", "万立方米"), 10000);
  EXPECT_DOUBLE_EQ(Convert(1, "m³", "L"), 1000);
  EXPECT_DOUBLE_EQ(Convert(1, "km²", "公顷"), 100);
  EXPECT_DOUBLE_EQ(Convert(1, "万亩", "万公顷"), 1.0 / 15);
  EXPECT_DOUBLE_EQ(Convert(1, "公里", "m"), 1000);
  EXPECT_DOUBLE_EQ(Convert(50, "%", "‰"), 500);
  EXPECT_DOUBLE_EQ(Convert(1, "日", "小时"), 24);
  EXPECT_DOUBLE_EQ(Convert(3, "个", "家"), 3);
  EXPECT_DOUBLE_EQ(Convert(2, "万头", "头"), 20000);
  EXPECT_DOUBLE_EQ(Convert(0.5703, "kgCO2/kWh", "tCO2/MWh"), 0.5703);
  EXPECT_DOUBLE_EQ(Convert(1, "tce/万元", "kgce/元"), 0.1);
  EXPECT_DOUBLE_EQ(Convert(1, "万平方米/年", "m²/a"), 10000);
  EXPECT_DOUBLE_EQ(Convert(1.2, "PUE", "PUE"), 1.2);
  EXPECT_DOUBLE_EQ(Convert(-4, "万吨", "吨"), -40000);
  EXPECT_DOUBLE_EQ(Convert(0, "MW", "万千瓦"), 0);
}

TEST(ConvertValueTest, RefusesMixedDimensions) {
  Result<double> r = ConvertValue(1, "万千瓦", "万m³");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "cannot convert 万千瓦 (power) to 万m³ (volume)");

  const std::string coal = ConvertValue(1, "GJ", "tce").status().message();
  EXPECT_NE(coal.find("(energy)"), std::string::npos) << coal;
  EXPECT_NE(coal.find("当量值"), std::string::npos) << coal;
  EXPECT_FALSE(ConvertValue(1, "kWh", "kgce").ok());

  const std::string pue = ConvertValue(1.3, "PUE", "%").status().message();
  EXPECT_NE(pue.find("converts only to itself"), std::string::npos) << pue;
  const std::string year = ConvertValue(1, "吨/年", "吨/日").status().message();
  EXPECT_NE(year.find("365 or 366"), std::string::npos) << year;
  EXPECT_FALSE(ConvertValue(1, "年", "日").ok());

  EXPECT_FALSE(ConvertValue(1, "tce/万元", "tce").ok());
  EXPECT_FALSE(ConvertValue(1, "tce/万元", "tce/t").ok());
  EXPECT_FALSE(ConvertValue(1, "tce/万元", "kWh/万元").ok());
  EXPECT_FALSE(ConvertValue(1, "tCO2", "tCO2e").ok());  // CO2e needs GWP, not a unit factor
  EXPECT_FALSE(ConvertValue(1, "t", "tce").ok());
  EXPECT_FALSE(ConvertValue(1, "万千瓦", "建设局").ok());
  EXPECT_FALSE(ConvertValue(std::nan(""), "t", "kg").ok());
  EXPECT_FALSE(ConvertValue(std::numeric_limits<double>::infinity(), "t", "kg").ok());
}

TEST(UnitsCompatibleTest, Cases) {
  EXPECT_TRUE(UnitsCompatible("个", "家"));
  EXPECT_TRUE(UnitsCompatible("万头", "头"));
  EXPECT_TRUE(UnitsCompatible("万千瓦", "MW"));
  EXPECT_TRUE(UnitsCompatible("kgce/t", "tce/t"));
  EXPECT_TRUE(UnitsCompatible("建设局", "建设局"));  // equal text
  EXPECT_TRUE(UnitsCompatible("年", "年"));
  EXPECT_FALSE(UnitsCompatible("万千瓦", "万m³"));
  EXPECT_FALSE(UnitsCompatible("GJ", "tce"));
  EXPECT_FALSE(UnitsCompatible("PUE", "%"));
  EXPECT_FALSE(UnitsCompatible("年", "日"));
  EXPECT_FALSE(UnitsCompatible("建设局", "区工信局"));
  EXPECT_FALSE(UnitsCompatible("tce/万元", "tce"));
}

// A tag and the runtime table must agree on symbol, dimension and scale.
template <UnitTag T>
void ExpectTagMatchesTable() {
  const UnitInfo info = Parse(T::kSymbol);
  EXPECT_EQ(info.canonical, T::kSymbol);
  EXPECT_EQ(info.dimension, T::kDimension) << T::kSymbol;
  EXPECT_DOUBLE_EQ(info.scale, T::kScale) << T::kSymbol;
}

template <UnitTag... Tags>
void ExpectTagsMatchTable() {
  (ExpectTagMatchesTable<Tags>(), ...);
}

TEST(QuantityTest, TagsAgreeWithRuntimeTable) {
  ExpectTagsMatchTable<
      Kgce, Tce, TenThousandTce, Kilogram, Tonne, TenThousandTonne, KgCo2, TCo2, TenThousandTCo2,
      KgCo2e, TCo2e, TenThousandTCo2e, Kj, Mj, Gj, Tj, Kwh, TenThousandKwh, HundredMillionKwh, Mwh,
      Gwh, Litre, CubicMetre, TenThousandCubicMetre, HundredMillionCubicMetre, Yuan,
      TenThousandYuan, HundredMillionYuan, Watt, Kw, Mw, Gw, TenThousandKw, SquareMetre,
      TenThousandSquareMetre, Hectare, TenThousandHectare, Mu, TenThousandMu, SquareKilometre,
      Metre, Kilometre, Hour, Day, Percent, PerMille, Items, TenThousandItems>();
}

TEST(QuantityTest, Arithmetic) {
  constexpr Quantity<Tce> a(2.5);
  constexpr Quantity<Tce> b(1.5);
  static_assert((a + b).value() == 4.0);
  static_assert((a - b).value() == 1.0);
  static_assert((a * 2.0).value() == 5.0);
  static_assert((2.0 * a).value() == 5.0);
  static_assert((a / 2.0).value() == 1.25);
  static_assert(a / b > 1.6 && a / b < 1.7);
  static_assert((-a).value() == -2.5);
  static_assert(b < a && a > b && a != b && a == Quantity<Tce>(2.5));
  Quantity<Tce> sum;
  for (int year = 0; year < 4; ++year) sum += Quantity<Tce>(0.25);
  EXPECT_EQ(sum, Quantity<Tce>(1.0));
  sum -= Quantity<Tce>(0.5);
  sum *= 4.0;
  sum /= 2.0;
  EXPECT_DOUBLE_EQ(sum.value(), 1.0);
}

TEST(QuantityTest, Casts) {
  EXPECT_DOUBLE_EQ(QuantityCast<Kgce>(Quantity<Tce>(2.5)).value(), 2500);
  EXPECT_DOUBLE_EQ(QuantityCast<Tce>(Quantity<TenThousandTce>(1)).value(), 10000);
  EXPECT_DOUBLE_EQ(QuantityCast<Kwh>(Quantity<TenThousandKwh>(1)).value(), 10000);
  EXPECT_DOUBLE_EQ(QuantityCast<Gj>(Quantity<TenThousandKwh>(1)).value(), 36);
  EXPECT_DOUBLE_EQ(QuantityCast<Mw>(Quantity<TenThousandKw>(1)).value(), 10);
  EXPECT_EQ(QuantityCast<Mu>(Quantity<Hectare>(1)).value(), 15);
  EXPECT_DOUBLE_EQ(QuantityCast<TenThousandYuan>(Quantity<HundredMillionYuan>(1)).value(), 1e4);
  EXPECT_DOUBLE_EQ(QuantityCast<Tonne>(Quantity<TenThousandTonne>(3)).value(), 3e4);
  EXPECT_DOUBLE_EQ(QuantityCast<Tce>(Quantity<Tce>(7)).value(), 7);
  // Same results as the runtime path.
  EXPECT_DOUBLE_EQ(QuantityCast<Gwh>(Quantity<HundredMillionKwh>(1.7)).value(),
                   Convert(1.7, "亿kWh", "GWh"));
  static_assert(QuantityCast<Kgce>(Quantity<Tce>(1)).value() == 1000);
}

TEST(QuantityTest, DimensionsAreTypeChecked) {
  static_assert(kSameDimension<Tce, Kgce>);
  static_assert(kSameDimension<Kwh, Gj>);
  static_assert(!kSameDimension<Tce, Kwh>);  // energy vs standard coal: caliber needed
  static_assert(!kSameDimension<TCo2, TCo2e>);
  static_assert(!kSameDimension<Kw, Kwh>);
  // Quantities of different units do not mix in arithmetic.
  static_assert(!std::is_invocable_v<std::plus<>, Quantity<Tce>, Quantity<Kgce>>);
  static_assert(std::is_invocable_v<std::plus<>, Quantity<Tce>, Quantity<Tce>>);
  static_assert(!std::is_convertible_v<double, Quantity<Tce>>);
  static_assert(!std::is_convertible_v<Quantity<Tce>, Quantity<Kgce>>);
  // That QuantityCast<Kwh>(Quantity<Tce>) fails to compile is checked by the ctest
  // base_units_cast_across_dimensions_fails, which compiles this file with the macro below.
}

#ifdef CPK_UNITS_EXPECT_COMPILE_ERROR
// Must not compile: the static_assert in QuantityCast rejects energy <- standard coal.
[[maybe_unused]] double CastAcrossDimensions() {
  return QuantityCast<Kwh>(Quantity<Tce>(1.0)).value();
}
#endif

}  // namespace
}  // namespace carbonpeak
