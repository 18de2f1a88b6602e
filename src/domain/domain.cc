#include "domain/plan.h"
#include "domain/region.h"

namespace carbonpeak::domain {

std::string_view RegionLevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kCity:
      return "city";
    case RegionLevel::kCounty:
      return "county";
    case RegionLevel::kTownship:
      return "township";
  }
  return "county";
}

std::optional<RegionLevel> ParseRegionLevel(std::string_view name) {
  for (RegionLevel l :
       {RegionLevel::kProvince, RegionLevel::kCity, RegionLevel::kCounty, RegionLevel::kTownship}) {
    if (RegionLevelName(l) == name) return l;
  }
  return std::nullopt;
}

std::string_view PlanStatusName(PlanStatus s) {
  return s == PlanStatus::kDraft ? "draft" : "final";
}

std::optional<PlanStatus> ParsePlanStatus(std::string_view name) {
  if (name == "final" || name == "正式") return PlanStatus::kFinal;
  if (name == "draft" || name == "征求意见稿") return PlanStatus::kDraft;
  return std::nullopt;
}

namespace {
constexpr TargetKind kAllKinds[] = {
    TargetKind::kPoint, TargetKind::kAtLeast,     TargetKind::kAtMost,   TargetKind::kAbout,
    TargetKind::kRange, TargetKind::kQualitative, TargetKind::kDelegated};
}

std::string_view TargetKindName(TargetKind k) {
  switch (k) {
    case TargetKind::kPoint:
      return "point";
    case TargetKind::kAtLeast:
      return "at_least";
    case TargetKind::kAtMost:
      return "at_most";
    case TargetKind::kAbout:
      return "about";
    case TargetKind::kRange:
      return "range";
    case TargetKind::kQualitative:
      return "qualitative";
    case TargetKind::kDelegated:
      return "delegated";
  }
  return "point";
}

std::optional<TargetKind> ParseTargetKind(std::string_view name) {
  for (TargetKind k : kAllKinds) {
    if (TargetKindName(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace carbonpeak::domain
