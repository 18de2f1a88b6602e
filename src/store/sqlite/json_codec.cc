#include "store/sqlite/json_codec.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "base/clock.h"

namespace carbonpeak::store::sqlite {
namespace {

using nlohmann::json;

template <typename T>
json Optional(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string Dump(const json& doc) {
  // `replace` keeps dump() from throwing on invalid UTF-8 (nothing may throw out of here).
  return doc.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

json ProvenanceJson(const domain::Provenance& p) {
  return json{{"document", p.document},
              {"line", p.line},
              {"span_begin", p.span_begin},
              {"span_end", p.span_end}};
}

json TargetJson(const domain::Target& t) {
  return json{{"id", t.id},
              {"indicator", t.indicator},
              {"year", t.year},
              {"kind", domain::TargetKindName(t.kind)},
              {"value", Optional(t.value)},
              {"value_high", Optional(t.value_high)},
              {"unit", t.unit},
              {"qualifier", t.qualifier},
              {"base_year", Optional(t.base_year)},
              {"note", t.note},
              {"main_target", t.main_target},
              {"action", t.action},
              {"provenance", ProvenanceJson(t.provenance)}};
}

}  // namespace

std::string RegionJson(const domain::Region& region) {
  return Dump(json{{"code", region.code},
                   {"name", region.name},
                   {"level", domain::RegionLevelName(region.level)},
                   {"parent_code", region.parent_code},
                   {"name_en", region.name_en}});
}

std::string PlanJson(const domain::Plan& plan) {
  json targets = json::array();
  for (const domain::Target& t : plan.targets) targets.push_back(TargetJson(t));
  json actions = json::array();
  for (const domain::Action& action : plan.actions) {
    json tasks = json::array();
    for (const domain::Task& task : action.tasks) {
      json commitments = json::array();
      for (const domain::Target& t : task.commitments) commitments.push_back(TargetJson(t));
      tasks.push_back(json{{"id", task.id},
                           {"number", task.number},
                           {"title", task.title},
                           {"lead_units", task.lead_units},
                           {"cooperating_units", task.cooperating_units},
                           {"commitments", std::move(commitments)},
                           {"provenance", ProvenanceJson(task.provenance)}});
    }
    actions.push_back(json{{"number", action.number},
                           {"title", action.title},
                           {"tasks", std::move(tasks)},
                           {"provenance", ProvenanceJson(action.provenance)}});
  }
  json units = json::array();
  for (const domain::ResponsibleUnit& unit : plan.units) {
    units.push_back(json{
        {"canonical_name", unit.canonical_name}, {"aliases", unit.aliases}, {"type", unit.type}});
  }
  json projects = json::array();
  for (const domain::Project& p : plan.projects) {
    projects.push_back(json{{"id", p.id},
                            {"name", p.name},
                            {"sector", p.sector},
                            {"capacity", p.capacity},
                            {"investment", Optional(p.investment)},
                            {"start_year", Optional(p.start_year)},
                            {"end_year", Optional(p.end_year)},
                            {"status", p.status},
                            {"provenance", ProvenanceJson(p.provenance)}});
  }
  return Dump(json{{"id", plan.id},
                   {"region_code", plan.region_code},
                   {"title", plan.title},
                   {"doc_number", plan.doc_number},
                   {"issue_date", plan.issue_date},
                   {"status", domain::PlanStatusName(plan.status)},
                   {"base_year", plan.base_year},
                   {"source_document", plan.source_document},
                   {"targets", std::move(targets)},
                   {"actions", std::move(actions)},
                   {"units", std::move(units)},
                   {"projects", std::move(projects)}});
}

std::string TargetRevisionJson(const TargetRevision& revision) {
  json doc = TargetJson(revision.target);
  doc["revision"] = revision.revision;
  doc["author"] = revision.author;
  doc["recorded_at"] = FormatTimestamp(revision.recorded_at);
  doc["source"] = revision.source;
  doc["reason"] = revision.reason;
  return Dump(doc);
}

std::string FigureRevisionJson(const FigureKey& key, const FigureRevision& revision) {
  return Dump(json{{"region_code", key.region_code},
                   {"item", key.item},
                   {"period", key.period},
                   {"dims", key.dims},
                   {"revision", revision.revision},
                   {"value", revision.value},
                   {"unit", revision.unit},
                   {"author", revision.author},
                   {"recorded_at", FormatTimestamp(revision.recorded_at)},
                   {"source", revision.source},
                   {"reason", revision.reason}});
}

}  // namespace carbonpeak::store::sqlite
