// JSON documents for the audit log's before/after columns (shapes in
// docs/formats/database.md). Internal to store/sqlite: nlohmann::json stays in the .cc.
//
// Thread safety: pure functions. Failure: none; invalid UTF-8 is replaced by U+FFFD.
#pragma once

#include <string>

#include "domain/plan.h"
#include "domain/region.h"
#include "store/store.h"

namespace carbonpeak::store::sqlite {

std::string RegionJson(const domain::Region& region);
/// The whole plan as stored, with the ids the store assigned.
std::string PlanJson(const domain::Plan& plan);
std::string TargetRevisionJson(const TargetRevision& revision);
std::string FigureRevisionJson(const FigureKey& key, const FigureRevision& revision);

}  // namespace carbonpeak::store::sqlite
