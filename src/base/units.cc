#include "base/units.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/text.h"

namespace carbonpeak {
namespace {

namespace uc = unit_coefficient;

/// Whether 万 / 亿 / 万亿 may precede the unit ("万吨", "亿元"; not "万%").
enum class Multipliable { kNo, kYes };

/// One unit of the table. A unit with a non-empty `exclusive` key converts only to units with
/// the same key (PUE, 能效等级, the calendar year).
struct Entry {
  std::string canonical;
  Dimension dimension;
  double num;  // scale to the base unit = num / den, both exact
  double den;
  Multipliable multipliable;
  std::string exclusive;
  std::vector<std::string_view> aliases;  // spellings besides `canonical`
};

template <UnitTag T>
Entry FromTag(Multipliable multipliable, std::vector<std::string_view> aliases) {
  return Entry{std::string(T::kSymbol), T::kDimension, T::kScaleNum, T::kScaleDen, multipliable, "",
               std::move(aliases)};
}

Entry Count(std::string_view label, std::vector<std::string_view> aliases = {}) {
  return Entry{std::string(label), Dimension::kCount, 1, 1, Multipliable::kYes, "",
               std::move(aliases)};
}

// The unit table. Scales come from the tags in units.h (and so from unit_coefficient); the few
// units without a tag use unit_coefficient directly.
std::vector<Entry> BuildEntries() {
  using M = Multipliable;
  std::vector<Entry> entries = {
      // Standard coal.
      FromTag<Kgce>(M::kYes, {"千克标准煤", "千克标煤", "公斤标准煤", "公斤标煤"}),
      FromTag<Tce>(M::kYes, {"吨标准煤", "吨标煤", "t标准煤", "t标煤"}),
      // Mass.
      FromTag<Kilogram>(M::kYes, {"千克", "公斤"}),
      FromTag<Tonne>(M::kYes, {"吨"}),
      // CO2 and CO2-equivalent.
      FromTag<KgCo2>(M::kYes, {"千克二氧化碳", "公斤二氧化碳", "千克CO2", "公斤CO2"}),
      FromTag<TCo2>(M::kYes, {"吨二氧化碳", "吨CO2"}),
      FromTag<KgCo2e>(M::kYes, {"kgCO2eq", "kgCO2-eq", "千克二氧化碳当量", "千克CO2当量",
                                "公斤二氧化碳当量", "千克CO2e"}),
      FromTag<TCo2e>(M::kYes, {"tCO2eq", "tCO2-eq", "吨二氧化碳当量", "吨CO2当量", "吨CO2e"}),
      // Energy.
      FromTag<Kj>(M::kYes, {"千焦"}),
      FromTag<Mj>(M::kYes, {"兆焦"}),
      FromTag<Gj>(M::kYes, {"吉焦", "百万千焦"}),
      FromTag<Tj>(M::kYes, {"太焦"}),
      FromTag<Kwh>(M::kYes, {"千瓦时", "千瓦小时", "度"}),
      FromTag<Mwh>(M::kYes, {"兆瓦时"}),
      FromTag<Gwh>(M::kYes, {"吉瓦时", "百万千瓦时"}),
      // Volume.
      FromTag<Litre>(M::kYes, {"升"}),
      FromTag<CubicMetre>(M::kYes, {"立方米", "立方"}),
      // Money.
      FromTag<Yuan>(M::kYes, {"人民币元", "元人民币"}),
      Entry{"千元", Dimension::kMoney, uc::kKilo, 1, M::kNo, "", {}},
      Entry{"百万元", Dimension::kMoney, uc::kMega, 1, M::kNo, "", {}},
      // Power.
      FromTag<Watt>(M::kYes, {"瓦"}),
      FromTag<Kw>(M::kYes, {"千瓦"}),
      FromTag<Mw>(M::kYes, {"兆瓦"}),
      FromTag<Gw>(M::kYes, {"吉瓦", "百万千瓦"}),
      // Area.
      FromTag<SquareMetre>(M::kYes, {"平方米", "平米"}),
      FromTag<Hectare>(M::kYes, {"公顷", "ha"}),
      FromTag<Mu>(M::kYes, {}),
      FromTag<SquareKilometre>(M::kYes, {"平方公里", "平方千米"}),
      // Length.
      FromTag<Metre>(M::kYes, {"米"}),
      FromTag<Kilometre>(M::kYes, {"公里", "千米"}),
      // Time. The year is exclusive: 365 or 366 days, so it converts only to itself. Its
      // scale (8760 h, a common year) only makes UnitInfo::scale meaningful for display.
      FromTag<Hour>(M::kNo, {"小时", "时"}),
      FromTag<Day>(M::kNo, {"日", "天"}),
      Entry{"a", Dimension::kTime, 365 * uc::kHoursPerDay, 1, M::kNo, "year", {"年"}},
      // Dimensionless.
      FromTag<Percent>(M::kNo, {"百分比"}),
      FromTag<PerMille>(M::kNo, {}),
      Entry{"PUE", Dimension::kDimensionless, 1, 1, M::kNo, "PUE", {}},
      Entry{"能效等级", Dimension::kDimensionless, 1, 1, M::kNo, "能效等级", {"能效级别"}},
      // Counts: labels differ, scale is one item. 蒸吨 (boiler steam tonnes) counts boiler
      // capacity the way plans use it ("蒸吨/小时"), not a mass.
      Count("个"),
      Count("家"),
      Count("辆"),
      Count("座"),
      Count("条"),
      Count("处"),
      Count("口"),
      Count("盏"),
      Count("名"),
      Count("户"),
      Count("台"),
      Count("件"),
      Count("头"),
      Count("羽"),
      Count("人"),
      Count("套"),
      Count("项"),
      Count("所"),
      Count("栋"),
      Count("幢"),
      Count("只"),
      Count("株"),
      Count("棵"),
      Count("次"),
      Count("人次"),
      Count("艘"),
      Count("部"),
      Count("张"),
      Count("间"),
      Count("块"),
      Count("宗"),
      Count("批"),
      Count("台套"),
      Count("根"),
      Count("片"),
      Count("蒸吨"),
  };
  return entries;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Normalize(std::string_view text);

class UnitTable {
 public:
  UnitTable() : entries_(BuildEntries()) {
    std::unordered_set<std::string> ambiguous_lower;
    for (const Entry& entry : entries_) {
      std::vector<std::string> spellings = {Normalize(entry.canonical)};
      for (std::string_view alias : entry.aliases) spellings.push_back(Normalize(alias));
      for (const std::string& spelling : spellings) {
        // Two entries sharing a spelling is a bug in the table above.
        const auto [it, inserted] = exact_.emplace(spelling, &entry);
        CPK_CHECK(inserted || it->second == &entry);
        if (!IsAscii(spelling)) continue;
        const std::string lower = AsciiLower(spelling);
        const auto [lower_it, lower_inserted] = lower_.emplace(lower, &entry);
        if (!lower_inserted && lower_it->second != &entry) ambiguous_lower.insert(lower);
      }
    }
    for (const std::string& lower : ambiguous_lower) lower_.erase(lower);
  }

  /// Finds a normalised single unit (no multiplier), exact spelling first, then ASCII
  /// case-insensitively ("KWH", "T") when that is unambiguous.
  const Entry* Find(std::string_view normalized) const {
    if (auto it = exact_.find(std::string(normalized)); it != exact_.end()) return it->second;
    if (!IsAscii(normalized)) return nullptr;
    if (auto it = lower_.find(AsciiLower(normalized)); it != lower_.end()) return it->second;
    return nullptr;
  }

 private:
  std::vector<Entry> entries_;  // never resized after construction: the maps point into it
  std::unordered_map<std::string, const Entry*> exact_;
  std::unordered_map<std::string, const Entry*> lower_;
};

const UnitTable& Table() {
  static const UnitTable* const kTable = new UnitTable();  // never destroyed (trivial exit)
  return *kTable;
}

// A bracket pair: strip it only when the opening one at the front closes at the very end.
std::string_view StripEnclosingBrackets(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kPairs = {
      {{"(", ")"}, {"[", "]"}, {"【", "】"}, {"〔", "〕"}, {"<", ">"}}};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const auto& [open, close] : kPairs) {
      if (s.size() < open.size() + close.size() || !text::StartsWith(s, open) ||
          !text::EndsWith(s, close)) {
        continue;
      }
      int depth = 0;
      bool closes_at_end = false;
      for (size_t pos = 0; pos < s.size();) {
        if (text::StartsWith(s.substr(pos), open)) {
          ++depth;
          pos += open.size();
        } else if (text::StartsWith(s.substr(pos), close)) {
          --depth;
          pos += close.size();
          if (depth == 0) {
            closes_at_end = pos == s.size();
            break;
          }
        } else {
          ++pos;
        }
      }
      if (closes_at_end) {
        s = s.substr(open.size(), s.size() - open.size() - close.size());
        stripped = true;
      }
    }
  }
  return s;
}

// Half-width, no white space, superscripts and subscripts as digits, no middle dots or '^',
// enclosing brackets removed. Invalid UTF-8 becomes U+FFFD (and then matches no unit).
std::string Normalize(std::string_view text) {
  std::string half = text::ToHalfWidth(text);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kReplacements = {{
      {"²", "2"},
      {"³", "3"},
      {"₂", "2"},
      {"^", ""},
      {"·", ""},
      {"⋅", ""},
      {"・", ""},
      {"•", ""},
      {"∙", ""},
      {"㎡", "m2"},
      {"㎥", "m3"},
      {"㎞", "km"},
      {"㎏", "kg"},
      {"㎾", "kW"},
      {"㎿", "MW"},
      {"㏊", "ha"},
  }};
  for (const auto& [from, to] : kReplacements) half = text::ReplaceAll(half, from, to);
  std::string compact;
  compact.reserve(half.size());
  for (char32_t cp : text::DecodeUtf8(half)) {
    if (!text::IsSpace(cp)) text::AppendUtf8(cp, compact);
  }
  return std::string(StripEnclosingBrackets(compact));
}

// A single (non-compound) unit after multipliers: exact scale num / den.
struct Simple {
  const Entry* entry = nullptr;
  std::string canonical;
  double num = 1;
  double den = 1;
};

struct Parsed {
  std::string canonical;
  bool compound = false;
  Simple top;      // the unit, or the numerator of a compound
  Simple bottom;   // the denominator of a compound
  double num = 1;  // overall scale = num / den
  double den = 1;
};

std::string Display(std::string_view text) {
  // Shows the user's text in messages; repaired so a message never carries invalid UTF-8.
  std::string shown(text::Trim(text));
  if (!text::IsValidUtf8(shown)) shown = text::EncodeUtf8(text::DecodeUtf8(shown));
  return shown;
}

constexpr std::string_view kKnownUnitsHint =
    "write a unit such as tce, 吨标准煤, kWh, GJ, 万千瓦, 万元, m³, 公顷, 亩, km, % or a count "
    "such as 个 or 家; a multiplier 万 or 亿 may precede it (万吨, 亿元)";

Result<Simple> ParseSimple(std::string_view normalized, std::string_view whole_text) {
  const UnitTable& table = Table();
  std::string_view part = StripEnclosingBrackets(normalized);
  if (part.empty()) {
    return Status::InvalidArgument(
        fmt::format("unit \"{}\" has an empty part; {}", Display(whole_text), kKnownUnitsHint));
  }
  if (const Entry* entry = table.Find(part)) {
    return Simple{entry, entry->canonical, entry->num, entry->den};
  }
  // Chinese multipliers, longest first.
  static constexpr std::array<std::pair<std::string_view, double>, 3> kMultipliers = {{
      {"万亿", uc::kWan * uc::kYi},
      {"亿", uc::kYi},
      {"万", uc::kWan},
  }};
  for (const auto& [prefix, factor] : kMultipliers) {
    if (!text::StartsWith(part, prefix) || part.size() == prefix.size()) continue;
    const Entry* entry = table.Find(part.substr(prefix.size()));
    if (entry == nullptr) continue;
    if (entry->multipliable == Multipliable::kNo) {
      const std::string unit = Display(part.substr(prefix.size()));
      return Status::InvalidArgument(
          fmt::format("unit \"{}\": {} cannot be multiplied by {}; write the value in {} "
                      "without the multiplier",
                      Display(whole_text), unit, prefix, unit));
    }
    return Simple{entry, std::string(prefix) + entry->canonical, entry->num * factor, entry->den};
  }
  if (part == Normalize(whole_text)) {
    return Status::InvalidArgument(
        fmt::format("unknown unit \"{}\"; {}", Display(whole_text), kKnownUnitsHint));
  }
  return Status::InvalidArgument(fmt::format("unknown unit \"{}\" in \"{}\"; {}", Display(part),
                                             Display(whole_text), kKnownUnitsHint));
}

Result<Parsed> ParseInternal(std::string_view text) {
  const std::string normalized = Normalize(text);
  if (normalized.empty()) {
    return Status::InvalidArgument(fmt::format("no unit given; {}", kKnownUnitsHint));
  }
  const size_t slash = normalized.find('/');
  Parsed parsed;
  if (slash == std::string::npos) {
    CPK_ASSIGN_OR_RETURN(parsed.top, ParseSimple(normalized, text));
    parsed.canonical = parsed.top.canonical;
    parsed.num = parsed.top.num;
    parsed.den = parsed.top.den;
    return parsed;
  }
  if (normalized.find('/', slash + 1) != std::string::npos) {
    return Status::InvalidArgument(
        fmt::format("unit \"{}\" has more than one '/'; write a rate as one unit over another, "
                    "such as tce/万元 or kWh/t",
                    Display(text)));
  }
  CPK_ASSIGN_OR_RETURN(parsed.top, ParseSimple(normalized.substr(0, slash), text));
  CPK_ASSIGN_OR_RETURN(parsed.bottom, ParseSimple(normalized.substr(slash + 1), text));
  parsed.compound = true;
  parsed.canonical = parsed.top.canonical + "/" + parsed.bottom.canonical;
  parsed.num = parsed.top.num * parsed.bottom.den;
  parsed.den = parsed.top.den * parsed.bottom.num;
  return parsed;
}

bool SimpleCompatible(const Simple& a, const Simple& b) {
  return a.entry->dimension == b.entry->dimension && a.entry->exclusive == b.entry->exclusive;
}

bool Compatible(const Parsed& a, const Parsed& b) {
  if (a.compound != b.compound) return false;
  return SimpleCompatible(a.top, b.top) && (!a.compound || SimpleCompatible(a.bottom, b.bottom));
}

std::string DescribeDimension(const Parsed& p) {
  if (!p.compound) return std::string(DimensionName(p.top.entry->dimension));
  return fmt::format("{} per {}", DimensionName(p.top.entry->dimension),
                     DimensionName(p.bottom.entry->dimension));
}

// Why two parsed units do not convert, for the message.
std::string Incompatibility(std::string_view from_text, const Parsed& from,
                            std::string_view to_text, const Parsed& to) {
  std::string message =
      fmt::format("cannot convert {} ({}) to {} ({})", Display(from_text), DescribeDimension(from),
                  Display(to_text), DescribeDimension(to));
  const auto has = [](const Parsed& p, Dimension d) {
    return p.top.entry->dimension == d || (p.compound && p.bottom.entry->dimension == d);
  };
  const auto exclusive = [](const Parsed& p) -> const std::string& {
    if (!p.top.entry->exclusive.empty() || !p.compound) return p.top.entry->exclusive;
    return p.bottom.entry->exclusive;
  };
  if ((has(from, Dimension::kEnergy) && has(to, Dimension::kStandardCoal)) ||
      (has(from, Dimension::kStandardCoal) && has(to, Dimension::kEnergy))) {
    message +=
        ": energy and standard coal are converted with a caliber (当量值 or 等价值) in the "
        "energy accounting, not as units";
  } else if (DescribeDimension(from) == DescribeDimension(to)) {
    const std::string& key = !exclusive(from).empty() ? exclusive(from) : exclusive(to);
    if (key == "year") {
      message +=
          ": a year has 365 or 366 days, so values per year and per day or hour are not "
          "converted as units; convert them with the year's day count";
    } else {
      message += fmt::format(": {} is a measure of its own and converts only to itself", key);
    }
  } else if (from.compound != to.compound) {
    message += ": a rate (a unit over another) converts only to a rate";
  }
  return message;
}

}  // namespace

std::string_view DimensionName(Dimension dimension) {
  switch (dimension) {
    case Dimension::kDimensionless:
      return "dimensionless";
    case Dimension::kCount:
      return "count";
    case Dimension::kMass:
      return "mass";
    case Dimension::kVolume:
      return "volume";
    case Dimension::kEnergy:
      return "energy";
    case Dimension::kStandardCoal:
      return "standard coal";
    case Dimension::kCo2:
      return "CO2";
    case Dimension::kCo2e:
      return "CO2 equivalent";
    case Dimension::kMoney:
      return "money";
    case Dimension::kPower:
      return "power";
    case Dimension::kArea:
      return "area";
    case Dimension::kLength:
      return "length";
    case Dimension::kTime:
      return "time";
    case Dimension::kCompound:
      return "compound";
  }
  return "unknown dimension";
}

Result<UnitInfo> ParseUnit(std::string_view text) {
  CPK_ASSIGN_OR_RETURN(Parsed parsed, ParseInternal(text));
  UnitInfo info;
  info.canonical = parsed.canonical;
  info.scale = parsed.num / parsed.den;
  if (parsed.compound) {
    info.dimension = Dimension::kCompound;
    info.numerator = parsed.top.canonical;
    info.denominator = parsed.bottom.canonical;
  } else {
    info.dimension = parsed.top.entry->dimension;
  }
  return info;
}

bool UnitsCompatible(std::string_view a, std::string_view b) {
  if (a == b) return true;
  Result<Parsed> pa = ParseInternal(a);
  Result<Parsed> pb = ParseInternal(b);
  return pa.ok() && pb.ok() && Compatible(*pa, *pb);
}

Result<double> ConvertValue(double value, std::string_view from, std::string_view to) {
  if (!std::isfinite(value)) {
    return Status::InvalidArgument(fmt::format(
        "cannot convert {} from {} to {}: the value is not a finite number; check the source "
        "cell for an empty, text or overflowing value",
        value, Display(from), Display(to)));
  }
  CPK_ASSIGN_OR_RETURN(Parsed parsed_from, ParseInternal(from));
  CPK_ASSIGN_OR_RETURN(Parsed parsed_to, ParseInternal(to));
  if (!Compatible(parsed_from, parsed_to)) {
    return Status::InvalidArgument(Incompatibility(from, parsed_from, to, parsed_to));
  }
  // Exact integers in both products for every table unit, so the factor is rounded once.
  const double factor = (parsed_from.num * parsed_to.den) / (parsed_from.den * parsed_to.num);
  return value * factor;
}

}  // namespace carbonpeak
