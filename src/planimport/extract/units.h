// Responsible units: finding the 责任单位 group of a task however it is marked, splitting it
// into lead and cooperating units, and canonicalising office names across a plan.
//
//   （责任单位：A、B等按职责分工负责）   (A、B按职责分工负责)   责任单位：A、B
//   （牵头单位：A；配合单位：B、C）       （A牵头，B、C配合）
//
//   std::optional<Responsibility> r = FindResponsibility(para.text);
//   UnitCanonicalizer canon;  canon.Add("区工信局");  canon.Add("区工业和信息化局"); canon.Build();
//   canon.Canonical("区工信局");  // "区工业和信息化局" when that is the more frequent form
//
// Thread safety: pure functions; a built canonicaliser is read-only. Failure contract: none fail.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/plan.h"

namespace carbonpeak::planimport {

struct Responsibility {
  std::string raw;                ///< The group as written.
  std::vector<std::string> lead;  ///< Raw names; the first listed unit leads unless marked.
  std::vector<std::string> cooperating;
  size_t begin = 0;  ///< Span in the paragraph (code points).
  size_t end = 0;
};

/// The last responsibility group in `text`, if any.
std::optional<Responsibility> FindResponsibility(std::u32string_view text);

/// Splits a list of office names on 、，,；; outside brackets; drops 等 and empties.
std::vector<std::string> SplitUnits(std::u32string_view list);

class UnitCanonicalizer {
 public:
  void Add(const std::string& raw);
  void Build();
  /// Canonical name of a raw name (itself when never added).
  std::string Canonical(const std::string& raw) const;
  /// One ResponsibleUnit per group with the other raw forms as aliases.
  std::vector<domain::ResponsibleUnit> Units() const;

 private:
  std::map<std::string, std::map<std::string, int>> groups_;  // key -> raw -> count
  std::map<std::string, std::string> canonical_;              // key -> canonical
  std::map<std::string, size_t> order_;                       // raw -> first seen
};

std::string UnitKeyOf(std::string_view name);

}  // namespace carbonpeak::planimport
