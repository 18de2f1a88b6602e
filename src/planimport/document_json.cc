// DocumentImportToJson: the review output of a document import (nlohmann::json stays here and
// in plan_json.cc).
#include <nlohmann/json.hpp>
#include <string>

#include "planimport/document.h"
#include "planimport/plan_json.h"

namespace carbonpeak::planimport {
namespace {

nlohmann::json ProvenanceJson(const domain::Provenance& p) {
  return nlohmann::json{{"document", p.document}, {"line", p.line}};
}

}  // namespace

std::string DocumentImportToJson(const DocumentImport& doc) {
  nlohmann::json out;
  out["plan"] = nlohmann::json::parse(PlanToJson(doc.plan), nullptr, false);
  nlohmann::json summary;
  size_t numbered = 0, delegated = 0, qualitative = 0;
  for (const domain::Target* t : doc.AllTargets()) {
    if (t->kind == domain::TargetKind::kDelegated) {
      ++delegated;
    } else if (t->kind == domain::TargetKind::kQualitative) {
      ++qualitative;
    } else if (t->value) {
      ++numbered;
    }
  }
  size_t tasks = 0;
  for (const auto& a : doc.plan.actions) tasks += a.tasks.size();
  summary["format"] = doc.format;
  summary["encoding"] = doc.encoding;
  summary["region_name"] = doc.region_name;
  summary["parent_city"] = doc.parent_city;
  summary["converted_traditional"] = doc.converted_traditional;
  summary["targets_with_number"] = numbered;
  summary["delegated_targets"] = delegated;
  summary["qualitative_targets"] = qualitative;
  summary["actions"] = doc.plan.actions.size();
  summary["tasks"] = tasks;
  summary["projects"] = doc.plan.projects.size();
  summary["requirements"] = doc.requirements.size();
  out["summary"] = summary;
  nlohmann::json diags = nlohmann::json::array();
  for (const Diagnostic& d : doc.diagnostics) {
    diags.push_back({{"severity", std::string(SeverityName(d.severity))},
                     {"code", d.code},
                     {"line", d.line},
                     {"message", d.message},
                     {"excerpt", d.excerpt}});
  }
  out["diagnostics"] = diags;
  nlohmann::json reqs = nlohmann::json::array();
  for (const Requirement& r : doc.requirements) {
    reqs.push_back(
        {{"category", r.category}, {"text", r.text}, {"provenance", ProvenanceJson(r.provenance)}});
  }
  out["requirements"] = reqs;
  nlohmann::json policies = nlohmann::json::array();
  for (const domain::Task& t : doc.policy_measures) {
    policies.push_back({{"title", t.title},
                        {"lead_units", t.lead_units},
                        {"cooperating_units", t.cooperating_units},
                        {"provenance", ProvenanceJson(t.provenance)},
                        {"targets", t.commitments.size()}});
  }
  out["policy_measures"] = policies;
  nlohmann::json conflicts = nlohmann::json::array();
  for (const Conflict& c : doc.conflicts) {
    conflicts.push_back(
        {{"indicator", c.indicator}, {"year", c.year}, {"values", c.values}, {"lines", c.lines}});
  }
  out["conflicts"] = conflicts;
  nlohmann::json baselines = nlohmann::json::array();
  for (const domain::Target& t : doc.baselines) {
    baselines.push_back(nlohmann::json::parse(TargetToJson(t), nullptr, false));
  }
  out["baselines"] = baselines;
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace carbonpeak::planimport
