// Other items of a plan: metadata (region, document number, date, status, title), major
// projects (from project tables, 专栏 boxes and task text) and the information systems and
// mechanisms the plan asks for, as tagged requirements.
//
//   PlanMetadata meta = ExtractMetadata(layout, regions);
//   std::vector<domain::Project> projects = ExtractProjects(layout, "plan.txt");
//   std::vector<Requirement> reqs = ExtractRequirements(layout, "plan.txt");
//
// Thread safety: pure functions. Failure contract: never fail; missing items stay empty.
#pragma once

#include <string>
#include <vector>

#include "domain/plan.h"
#include "domain/region.h"
#include "planimport/document.h"
#include "planimport/text/layout.h"

namespace carbonpeak::planimport {

struct PlanMetadata {
  std::string title;
  std::string region_name;
  std::string region_code;  ///< Empty when the region is not in the table.
  std::string parent_city;
  std::string doc_number;
  std::string issue_date;  ///< YYYY-MM-DD
  bool draft = false;
  int base_year = 2020;
  int title_line = 0;
};

PlanMetadata ExtractMetadata(const Layout& layout, const std::vector<domain::Region>& regions);
std::vector<domain::Project> ExtractProjects(const Layout& layout, const std::string& document);
std::vector<Requirement> ExtractRequirements(const Layout& layout, const std::string& document);

}  // namespace carbonpeak::planimport
