#include "tests/testing/sample_plan.h"

#include <cstdio>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

namespace carbonpeak::fixtures {
namespace {

using domain::Action;
using domain::Plan;
using domain::Project;
using domain::Provenance;
using domain::ResponsibleUnit;
using domain::Target;
using domain::TargetKind;
using domain::Task;

Provenance At(int line, int begin = -1, int end = -1) {
  return Provenance{
      .document = "sample_plan.txt", .line = line, .span_begin = begin, .span_end = end};
}

std::string Num(std::optional<double> v) {
  if (!v) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return buf;
}

std::string Int(std::optional<int> v) { return v ? std::to_string(*v) : "-"; }

std::string Prov(const Provenance& p) {
  return p.document + ":" + std::to_string(p.line) + "[" + std::to_string(p.span_begin) + "," +
         std::to_string(p.span_end) + ")";
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t idx = 0; idx < items.size(); ++idx) {
    if (idx > 0) out += "|";
    out += items[idx];
  }
  return out + "]";
}

Target MakeTarget(std::string indicator, int year, TargetKind kind, std::optional<double> value,
                  std::string unit, Provenance provenance) {
  Target t;
  t.indicator = std::move(indicator);
  t.year = year;
  t.kind = kind;
  t.value = value;
  t.unit = std::move(unit);
  t.provenance = std::move(provenance);
  return t;
}

Task MakeTask(std::string number, std::string title, std::vector<std::string> lead,
              std::vector<std::string> cooperating, std::vector<Target> commitments,
              Provenance provenance) {
  Task task;
  task.number = std::move(number);
  task.title = std::move(title);
  task.lead_units = std::move(lead);
  task.cooperating_units = std::move(cooperating);
  task.commitments = std::move(commitments);
  task.provenance = std::move(provenance);
  return task;
}

}  // namespace

domain::Plan RichPlan(const std::string& region_code, domain::PlanStatus status) {
  Plan plan;
  plan.region_code = region_code;
  plan.title = "测试县碳达峰实施方案";
  plan.doc_number = "测政发〔2024〕1号";
  plan.issue_date = "2024-03-27";
  plan.status = status;
  plan.base_year = 2020;
  plan.source_document = "sample_plan.txt";

  Target share = MakeTarget("non_fossil_share", 2025, TargetKind::kAbout, 23, "%", At(13, 0, 18));
  share.qualifier = "左右";
  share.main_target = true;
  Target capacity =
      MakeTarget("new_energy_capacity", 2025, TargetKind::kAtLeast, 58, "万千瓦", At(13, 19, 40));
  capacity.qualifier = "以上";
  capacity.main_target = true;
  Target intensity = MakeTarget("energy_intensity_reduction", 2025, TargetKind::kDelegated,
                                std::nullopt, "%", At(13));
  intensity.note = "完成市下达指标";
  intensity.main_target = true;
  Target co2 = MakeTarget("co2_intensity_reduction", 2030, TargetKind::kAtLeast, 18.5, "%", At(14));
  co2.qualifier = "确保";
  co2.base_year = 2020;
  Target forest = MakeTarget("forest_coverage", 2030, TargetKind::kRange, 60, "%", At(277));
  forest.value_high = 62.5;
  // 0.1 + 0.2 is not representable exactly: checks that doubles are stored bit for bit.
  Target heating =
      MakeTarget("clean_heating_share", 2030, TargetKind::kPoint, 0.1 + 0.2, "%", At(280));
  Target sanitation = MakeTarget("rural_sanitation", 2025, TargetKind::kQualitative, std::nullopt,
                                 "", Provenance{});
  sanitation.note = "全覆盖";
  plan.targets = {share, capacity, intensity, co2, forest, heating, sanitation};

  Target wind_capacity =
      MakeTarget("new_energy_capacity", 2030, TargetKind::kAtLeast, 98, "万千瓦", At(40, 5, 30));
  wind_capacity.qualifier = "力争";
  wind_capacity.action = 1;
  Target coal_share = MakeTarget("coal_share", 2025, TargetKind::kAtMost, 35, "%", At(45));
  coal_share.action = 1;
  Target coal_total = MakeTarget("coal_consumption", 2025, TargetKind::kDelegated, std::nullopt,
                                 "万吨标准煤", At(46));
  coal_total.note = "控制在市下达额度内";
  coal_total.action = 1;
  Target green = MakeTarget("green_building_share", 2025, TargetKind::kPoint, 70, "%", At(120));
  green.action = 4;

  Action energy;
  energy.number = 1;
  energy.title = "能源绿色低碳转型行动";
  energy.provenance = At(38);
  energy.tasks = {
      MakeTask("1", "发展风电和光伏", {"区发展和改革局"}, {"区自然资源局", "国网供电公司"},
               {wind_capacity}, At(39)),
      MakeTask("2", "控制煤炭消费", {"区发展和改革局", "区工业和信息化局"}, {},
               {coal_share, coal_total}, At(44)),
      MakeTask("3", "推进节能改造", {"区工业和信息化局"}, {}, {}, At(50)),
  };
  Action saving;  // an action without tasks
  saving.number = 2;
  saving.title = "节能降碳增效行动";
  saving.provenance = At(80);
  Action buildings;
  buildings.number = 4;
  buildings.title = "城乡建设碳达峰行动";
  buildings.provenance = At(117);
  buildings.tasks = {
      MakeTask("1", "推广绿色建筑", {"区住房和城乡建设局"}, {"区发展和改革局"}, {green}, At(118))};
  plan.actions = {energy, saving, buildings};

  ResponsibleUnit reform;
  reform.canonical_name = "区发展和改革局";
  reform.aliases = {"区发改局", "发改局"};
  reform.type = "development_reform";
  ResponsibleUnit industry;
  industry.canonical_name = "区工业和信息化局";
  industry.aliases = {"区工信局"};
  industry.type = "industry";
  ResponsibleUnit grid;  // no aliases, no type
  grid.canonical_name = "国网供电公司";
  plan.units = {reform, industry, grid};

  Project wind_farm;
  wind_farm.name = "测试风电场项目";
  wind_farm.sector = "能源/风电";
  wind_farm.capacity = "200MW";
  wind_farm.investment = 16.8;
  wind_farm.start_year = 2023;
  wind_farm.end_year = 2025;
  wind_farm.status = "under_construction";
  wind_farm.provenance = At(300, 2, 12);
  Project rooftop;  // optional fields left empty
  rooftop.name = "屋顶分布式光伏";
  rooftop.sector = "能源/光伏";
  rooftop.status = "planned";
  rooftop.provenance = At(301);
  plan.projects = {wind_farm, rooftop};
  return plan;
}

domain::Plan MinimalPlan(const std::string& region_code, domain::PlanStatus status) {
  Plan plan;
  plan.region_code = region_code;
  plan.title = "最小方案";
  plan.status = status;
  plan.source_document = "minimal.txt";
  Target share = MakeTarget("non_fossil_share", 2025, TargetKind::kPoint, 20, "%", At(1));
  share.main_target = true;
  plan.targets = {share};
  return plan;
}

std::string DescribeTarget(const domain::Target& t, Ids ids) {
  std::ostringstream out;
  if (ids == Ids::kInclude) out << "id=" << t.id << " ";
  out << "indicator=" << t.indicator << " year=" << t.year
      << " kind=" << domain::TargetKindName(t.kind) << " value=" << Num(t.value)
      << " value_high=" << Num(t.value_high) << " unit=" << t.unit << " qualifier=" << t.qualifier
      << " base_year=" << Int(t.base_year) << " note=" << t.note << " main=" << t.main_target
      << " action=" << t.action << " prov=" << Prov(t.provenance);
  return out.str();
}

std::string DescribePlan(const domain::Plan& plan, Ids ids) {
  std::ostringstream out;
  if (ids == Ids::kInclude) out << "id=" << plan.id << "\n";
  out << "region=" << plan.region_code << "\ntitle=" << plan.title
      << "\ndoc_number=" << plan.doc_number << "\nissue_date=" << plan.issue_date
      << "\nstatus=" << domain::PlanStatusName(plan.status) << "\nbase_year=" << plan.base_year
      << "\nsource_document=" << plan.source_document << "\n";
  for (size_t idx = 0; idx < plan.targets.size(); ++idx) {
    out << "targets[" << idx << "] " << DescribeTarget(plan.targets[idx], ids) << "\n";
  }
  for (size_t action_idx = 0; action_idx < plan.actions.size(); ++action_idx) {
    const Action& action = plan.actions[action_idx];
    out << "actions[" << action_idx << "] number=" << action.number << " title=" << action.title
        << " prov=" << Prov(action.provenance) << "\n";
    for (size_t task_idx = 0; task_idx < action.tasks.size(); ++task_idx) {
      const Task& task = action.tasks[task_idx];
      out << "  tasks[" << task_idx << "] ";
      if (ids == Ids::kInclude) out << "id=" << task.id << " ";
      out << "number=" << task.number << " title=" << task.title
          << " lead=" << List(task.lead_units) << " cooperating=" << List(task.cooperating_units)
          << " prov=" << Prov(task.provenance) << "\n";
      for (size_t c_idx = 0; c_idx < task.commitments.size(); ++c_idx) {
        out << "    commitments[" << c_idx << "] " << DescribeTarget(task.commitments[c_idx], ids)
            << "\n";
      }
    }
  }
  for (size_t idx = 0; idx < plan.units.size(); ++idx) {
    const ResponsibleUnit& unit = plan.units[idx];
    out << "units[" << idx << "] name=" << unit.canonical_name << " aliases=" << List(unit.aliases)
        << " type=" << unit.type << "\n";
  }
  for (size_t idx = 0; idx < plan.projects.size(); ++idx) {
    const Project& p = plan.projects[idx];
    out << "projects[" << idx << "] ";
    if (ids == Ids::kInclude) out << "id=" << p.id << " ";
    out << "name=" << p.name << " sector=" << p.sector << " capacity=" << p.capacity
        << " investment=" << Num(p.investment) << " start=" << Int(p.start_year)
        << " end=" << Int(p.end_year) << " status=" << p.status << " prov=" << Prov(p.provenance)
        << "\n";
  }
  return out.str();
}

}  // namespace carbonpeak::fixtures
