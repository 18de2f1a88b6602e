#include "planimport/plan_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace carbonpeak::planimport {
namespace {

using domain::Action;
using domain::Plan;
using domain::PlanStatus;
using domain::Project;
using domain::Provenance;
using domain::ResponsibleUnit;
using domain::Target;
using domain::TargetKind;
using domain::Task;

void ExpectProvenanceEqual(const Provenance& a, const Provenance& b) {
  EXPECT_EQ(a.document, b.document);
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.span_begin, b.span_begin);
  EXPECT_EQ(a.span_end, b.span_end);
}

void ExpectTargetsEqual(const Target& a, const Target& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.indicator, b.indicator);
  EXPECT_EQ(a.year, b.year);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.value_high, b.value_high);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.qualifier, b.qualifier);
  EXPECT_EQ(a.base_year, b.base_year);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.main_target, b.main_target);
  EXPECT_EQ(a.action, b.action);
  ExpectProvenanceEqual(a.provenance, b.provenance);
}

void ExpectPlansEqual(const Plan& a, const Plan& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.region_code, b.region_code);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.doc_number, b.doc_number);
  EXPECT_EQ(a.issue_date, b.issue_date);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.base_year, b.base_year);
  EXPECT_EQ(a.source_document, b.source_document);
  ASSERT_EQ(a.targets.size(), b.targets.size());
  for (size_t idx = 0; idx < a.targets.size(); ++idx) {
    SCOPED_TRACE("targets[" + std::to_string(idx) + "]");
    ExpectTargetsEqual(a.targets[idx], b.targets[idx]);
  }
  ASSERT_EQ(a.actions.size(), b.actions.size());
  for (size_t action_idx = 0; action_idx < a.actions.size(); ++action_idx) {
    const Action& x = a.actions[action_idx];
    const Action& y = b.actions[action_idx];
    EXPECT_EQ(x.number, y.number);
    EXPECT_EQ(x.title, y.title);
    ExpectProvenanceEqual(x.provenance, y.provenance);
    ASSERT_EQ(x.tasks.size(), y.tasks.size());
    for (size_t task_idx = 0; task_idx < x.tasks.size(); ++task_idx) {
      const Task& s = x.tasks[task_idx];
      const Task& t = y.tasks[task_idx];
      EXPECT_EQ(s.id, t.id);
      EXPECT_EQ(s.number, t.number);
      EXPECT_EQ(s.title, t.title);
      EXPECT_EQ(s.lead_units, t.lead_units);
      EXPECT_EQ(s.cooperating_units, t.cooperating_units);
      ExpectProvenanceEqual(s.provenance, t.provenance);
      ASSERT_EQ(s.commitments.size(), t.commitments.size());
      for (size_t idx = 0; idx < s.commitments.size(); ++idx) {
        ExpectTargetsEqual(s.commitments[idx], t.commitments[idx]);
      }
    }
  }
  ASSERT_EQ(a.units.size(), b.units.size());
  for (size_t idx = 0; idx < a.units.size(); ++idx) {
    EXPECT_EQ(a.units[idx].canonical_name, b.units[idx].canonical_name);
    EXPECT_EQ(a.units[idx].aliases, b.units[idx].aliases);
    EXPECT_EQ(a.units[idx].type, b.units[idx].type);
  }
  ASSERT_EQ(a.projects.size(), b.projects.size());
  for (size_t idx = 0; idx < a.projects.size(); ++idx) {
    const Project& p = a.projects[idx];
    const Project& q = b.projects[idx];
    EXPECT_EQ(p.id, q.id);
    EXPECT_EQ(p.name, q.name);
    EXPECT_EQ(p.sector, q.sector);
    EXPECT_EQ(p.capacity, q.capacity);
    EXPECT_EQ(p.investment, q.investment);
    EXPECT_EQ(p.start_year, q.start_year);
    EXPECT_EQ(p.end_year, q.end_year);
    EXPECT_EQ(p.status, q.status);
    ExpectProvenanceEqual(p.provenance, q.provenance);
  }
}

Target MakeTarget(std::string indicator, int year, TargetKind kind, std::optional<double> value,
                  std::string unit) {
  Target t;
  t.indicator = std::move(indicator);
  t.year = year;
  t.kind = kind;
  t.value = value;
  t.unit = std::move(unit);
  return t;
}

Provenance At(int line, std::string document = "", int span_begin = -1, int span_end = -1) {
  Provenance p;
  p.document = std::move(document);
  p.line = line;
  p.span_begin = span_begin;
  p.span_end = span_end;
  return p;
}

// A plan that sets every field, with awkward numbers and non-ASCII text.
Plan RichPlan() {
  Plan plan;
  plan.id = 42;
  plan.region_code = "430703";
  plan.title = "鼎城区碳达峰实施方案";
  plan.doc_number = "鼎政发〔2023〕7号";
  plan.issue_date = "2023-06-30";
  plan.status = PlanStatus::kDraft;
  plan.base_year = 2020;
  plan.source_document = "dingcheng_430703.txt";

  Target about = MakeTarget("non_fossil_share", 2025, TargetKind::kAbout, 23, "%");
  about.id = 7;
  about.qualifier = "左右";
  about.main_target = true;
  about.provenance = At(13);
  plan.targets.push_back(about);
  Target range = MakeTarget("engineering_research_centers", 2025, TargetKind::kRange, 5, "家");
  range.value_high = 10;
  range.action = 8;
  range.provenance = At(234, "anhua.txt", 3, 17);
  plan.targets.push_back(range);
  Target delegated =
      MakeTarget("energy_intensity_reduction", 2030, TargetKind::kDelegated, 1.0 / 3.0, "%");
  delegated.qualifier = "确保";
  delegated.base_year = 2020;
  delegated.note = "市下达后填写 \"quoted\" \\ back\tslash\n";
  delegated.provenance = At(14);
  plan.targets.push_back(delegated);
  Target qualitative =
      MakeTarget("msw_sorting_coverage", 0, TargetKind::kQualitative, std::nullopt, "");
  qualitative.qualifier = "全覆盖";
  plan.targets.push_back(qualitative);
  plan.targets.push_back(
      MakeTarget("forest_stock", 2030, TargetKind::kAtLeast, 321.46, "万立方米"));
  plan.targets.push_back(MakeTarget("tiny", 2030, TargetKind::kAtMost, -1.25e-9, "tce/万元"));
  plan.targets.push_back(MakeTarget("huge", 2030, TargetKind::kPoint, 1e300, "t"));
  plan.targets.push_back(MakeTarget("zero", 2025, TargetKind::kPoint, 0.0, "%"));

  Task task;
  task.id = 9;
  task.number = "2";
  task.title = "大力发展可再生能源";
  task.lead_units = {"区发展和改革局（区国动办）", "区工业和信息化局"};
  task.cooperating_units = {"区供电公司"};
  Target wind = MakeTarget("wind_capacity", 2025, TargetKind::kPoint, 20, "万千瓦");
  wind.qualifier = "累计";
  wind.action = 1;
  wind.provenance = At(18);
  task.commitments.push_back(wind);
  Action action;
  action.number = 1;
  action.title = "能源绿色低碳转型行动";
  action.provenance = At(16);
  action.tasks.push_back(task);
  Task bare;
  bare.title = "没有编号的任务";
  action.tasks.push_back(bare);
  plan.actions.push_back(action);
  Action eighth;
  eighth.number = 8;
  eighth.title = "科技创新赋能降碳行动";
  plan.actions.push_back(eighth);

  ResponsibleUnit industry;
  industry.canonical_name = "区工业和信息化局";
  industry.aliases = {"区工信局"};
  industry.type = "industry_it";
  plan.units.push_back(industry);
  ResponsibleUnit reform;
  reform.canonical_name = "区发展和改革局（区国动办）";
  reform.type = "development_reform";
  plan.units.push_back(reform);
  ResponsibleUnit grid;
  grid.canonical_name = "区供电公司";
  plan.units.push_back(grid);

  Project wind_farm;
  wind_farm.id = 3;
  wind_farm.name = "十美堂镇、蒿子港镇200MW风电场项目";
  wind_farm.sector = "能源/风电";
  wind_farm.capacity = "200MW";
  wind_farm.investment = 3.27;
  wind_farm.start_year = 2023;
  wind_farm.end_year = 2025;
  wind_farm.status = "under_construction";
  wind_farm.provenance = At(18);
  plan.projects.push_back(wind_farm);
  Project sink;
  sink.name = "林业碳汇工程";
  plan.projects.push_back(sink);
  return plan;
}

std::string Wrap(const std::string& targets) {
  return "{\"format\": \"carbonpeak.plan\", \"version\": 1, \"region_code\": \"430703\", "
         "\"targets\": [" +
         targets + "]}";
}

TEST(PlanJsonTest, RoundTripOfRichPlanIsExact) {
  Plan original = RichPlan();
  std::string text = PlanToJson(original);
  Result<Plan> back = PlanFromJson(text, "rich.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << text;
  ExpectPlansEqual(original, *back);
  // Writing again gives the same bytes: the output is stable.
  EXPECT_EQ(PlanToJson(*back), text);
}

TEST(PlanJsonTest, DefaultPlanRoundTrips) {
  Plan empty;
  Result<Plan> back = PlanFromJson(PlanToJson(empty), "empty.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectPlansEqual(empty, *back);
}

TEST(PlanJsonTest, OutputIsPrettyOrderedAndUnescaped) {
  std::string text = PlanToJson(RichPlan());
  EXPECT_EQ(text.rfind("{\n  \"format\": \"carbonpeak.plan\",\n  \"version\": 1,\n", 0), 0u)
      << text.substr(0, 120);
  EXPECT_NE(text.find("\"title\": \"鼎城区碳达峰实施方案\""), std::string::npos);
  EXPECT_EQ(text.find("\\u"), std::string::npos) << "non-ASCII text must stay unescaped";
  EXPECT_EQ(text.back(), '\n');
  // Top-level keys in the documented order.
  size_t last = 0;
  for (const char* key :
       {"\"format\"", "\"version\"", "\"id\"", "\"region_code\"", "\"title\"", "\"doc_number\"",
        "\"issue_date\"", "\"status\"", "\"base_year\"", "\"source_document\"", "\"targets\"",
        "\"actions\"", "\"units\"", "\"projects\""}) {
    size_t pos = text.find(std::string("\n  ") + key);
    ASSERT_NE(pos, std::string::npos) << key;
    EXPECT_GT(pos, last) << key << " is out of order";
    last = pos;
  }
  // Whole numbers print without a decimal point; defaults of nested fields are left out.
  EXPECT_NE(text.find("\"value\": 23,"), std::string::npos);
  EXPECT_NE(text.find("\"value\": 321.46,"), std::string::npos);
  EXPECT_NE(text.find("\"span\": [\n"), std::string::npos);
  Plan small;
  small.region_code = "430703";
  small.targets.push_back(MakeTarget("non_fossil_share", 2025, TargetKind::kPoint, 23, "%"));
  std::string small_text = PlanToJson(small);
  EXPECT_EQ(small_text.find("\"note\""), std::string::npos);
  EXPECT_EQ(small_text.find("\"provenance\""), std::string::npos);
  EXPECT_EQ(small_text.find("\"main_target\""), std::string::npos);
  EXPECT_NE(small_text.find("\"status\": \"final\""), std::string::npos);
}

TEST(PlanJsonTest, NonFiniteNumbersAreWrittenAsNullAndReadAsAbsent) {
  Plan plan;
  plan.region_code = "430703";
  plan.targets.push_back(
      MakeTarget("x", 2025, TargetKind::kPoint, std::numeric_limits<double>::quiet_NaN(), ""));
  std::string text = PlanToJson(plan);
  EXPECT_NE(text.find("\"value\": null"), std::string::npos) << text;
  Result<Plan> back = PlanFromJson(text, "nan.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->targets.at(0).value.has_value());
}

TEST(PlanJsonTest, InvalidUtf8IsReplacedNotThrown) {
  Plan plan;
  plan.region_code = "430703";
  plan.title = std::string("bad \xff\xfe title");
  std::string text = PlanToJson(plan);
  EXPECT_NE(text.find("bad \xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_TRUE(PlanFromJson(text, "p.json").ok());
}

TEST(PlanJsonTest, SyntaxErrorGivesLineAndColumnInCharacters) {
  // Line 3 has the stray x after the title; the title holds three 3-byte characters, so a
  // byte count would say column 24 where the officer's editor says 18.
  std::string text =
      "{\n"
      "  \"format\": \"carbonpeak.plan\",\n"
      "  \"title\": \"鼎城区\" x\n"
      "}\n";
  Result<Plan> plan = PlanFromJson(text, "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(plan.status().message().rfind("plan.json:3:18: the file is not valid JSON", 0), 0u)
      << plan.status().message();
}

TEST(PlanJsonTest, SyntaxErrorAtEndOfInput) {
  Result<Plan> plan = PlanFromJson("{\n  \"format\": \"carbonpeak.plan\",\n", "cut.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message().rfind("cut.json:3:1: ", 0), 0u) << plan.status().message();
  Result<Plan> empty = PlanFromJson("", "empty.json");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message().rfind("empty.json:1:1: ", 0), 0u) << empty.status().message();
}

TEST(PlanJsonTest, InvalidUtf8InputGivesAValidUtf8Message) {
  std::string text = "{\"format\": \"carbonpeak.plan\", \"title\": \"\xff\"}";
  Result<Plan> plan = PlanFromJson(text, "latin1.json");
  ASSERT_FALSE(plan.ok());
  std::string message = plan.status().message();
  EXPECT_EQ(message.rfind("latin1.json:1:", 0), 0u) << message;
  EXPECT_NE(message.find("save the file as UTF-8"), std::string::npos) << message;
  EXPECT_EQ(message.find('\xff'), std::string::npos) << "raw bytes must not leak into messages";
}

TEST(PlanJsonTest, LongTextInMessagesIsCutAtACharacterBoundary) {
  std::string long_text;
  for (int idx = 0; idx < 30; ++idx) long_text += "碳达峰";
  Result<Plan> plan = PlanFromJson(Wrap("{\"indicator\": \"a\", \"kind\": \"point\", "
                                        "\"value\": \"" +
                                        long_text + "\"}"),
                                   "plan.json");
  ASSERT_FALSE(plan.ok());
  std::string expected_start = "the text \"" + long_text.substr(0, 40 * 3) + "…\"";
  EXPECT_NE(plan.status().message().find(expected_start), std::string::npos)
      << plan.status().message();
}

TEST(PlanJsonTest, MissingCommaPointsAtTheLineAfterIt) {
  std::string text =
      "{\n"
      "  \"format\": \"carbonpeak.plan\",\n"
      "  \"version\": 1\n"
      "  \"region_code\": \"430703\"\n"
      "}\n";
  Result<Plan> plan = PlanFromJson(text, "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message().rfind("plan.json:4:3: ", 0), 0u) << plan.status().message();
  EXPECT_NE(plan.status().message().find("comma"), std::string::npos);
}

TEST(PlanJsonTest, UnknownFieldIsAnErrorWithSuggestion) {
  Result<Plan> plan = PlanFromJson(
      Wrap(R"({"indicator": "non_fossil_share", "kind": "point", "valeu": 23})"), "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message().rfind(
                "plan.json: targets[0].valeu: unknown field \"valeu\"; did you mean \"value\"?", 0),
            0u)
      << plan.status().message();
}

TEST(PlanJsonTest, UnknownTopLevelFieldIsAnError) {
  Result<Plan> plan = PlanFromJson(
      R"({"format": "carbonpeak.plan", "version": 1, "region_code": "430703", "titel": "x"})",
      "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("plan.json: titel: unknown field \"titel\"; did you "
                                         "mean \"title\"?"),
            std::string::npos)
      << plan.status().message();
}

TEST(PlanJsonTest, UnknownKindNamesThePathAndTheChoices) {
  std::string t = R"({"indicator": "non_fossil_share", "kind": "point", "value": 1})";
  std::string bad = R"({"indicator": "non_fossil_share", "kind": "about-ish", "value": 1})";
  Result<Plan> plan = PlanFromJson(Wrap(t + "," + t + "," + t + "," + bad), "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "plan.json: targets[3].kind: \"about-ish\" is not a target kind; use one of point, "
            "at_least, at_most, about, range, qualitative, delegated (did you mean about?)");
}

TEST(PlanJsonTest, WrongTypesNameTheFieldAndWhatWasFound) {
  Result<Plan> year =
      PlanFromJson(Wrap(R"({"indicator": "a", "kind": "point", "year": "2025"})"), "plan.json");
  ASSERT_FALSE(year.ok());
  EXPECT_EQ(year.status().message(),
            "plan.json: targets[0].year: expected a whole number such as 2025 (no quotes), found "
            "the text \"2025\"");
  Result<Plan> value =
      PlanFromJson(Wrap(R"({"indicator": "a", "kind": "point", "value": "23%"})"), "plan.json");
  ASSERT_FALSE(value.ok());
  EXPECT_NE(value.status().message().find("targets[0].value: expected a number"),
            std::string::npos);
  Result<Plan> fraction =
      PlanFromJson(Wrap(R"({"indicator": "a", "kind": "point", "year": 2025.5})"), "plan.json");
  ASSERT_FALSE(fraction.ok());
  Result<Plan> whole_float =
      PlanFromJson(Wrap(R"({"indicator": "a", "kind": "point", "year": 2025.0})"), "plan.json");
  ASSERT_TRUE(whole_float.ok()) << whole_float.status().ToString();
  EXPECT_EQ(whole_float->targets[0].year, 2025);
  Result<Plan> overflow = PlanFromJson(
      Wrap(R"({"indicator": "a", "kind": "point", "year": 99999999999})"), "plan.json");
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("targets[0].year"), std::string::npos);
  Result<Plan> list = PlanFromJson(
      R"({"format": "carbonpeak.plan", "version": 1, "region_code": "1", "targets": {}})", "p");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(),
            "p: targets: expected a list in square brackets […], found "
            "an object {…}");
}

TEST(PlanJsonTest, NestedErrorsCarryTheFullPath) {
  std::string text = R"({"format": "carbonpeak.plan", "version": 1, "region_code": "430703",
    "actions": [{"number": 1, "title": "a"},
                {"number": 2, "title": "b", "tasks": [
                   {"title": "t", "lead_units": ["区发改局", 5]}]}]})";
  Result<Plan> plan = PlanFromJson(text, "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "plan.json: actions[1].tasks[0].lead_units[1]: expected text in double quotes, found "
            "the number 5");
  Result<Plan> span = PlanFromJson(
      Wrap(R"({"indicator": "a", "kind": "point", "provenance": {"line": 3, "span": [1]}})"),
      "plan.json");
  ASSERT_FALSE(span.ok());
  EXPECT_NE(span.status().message().find("targets[0].provenance.span: expected two whole numbers"),
            std::string::npos)
      << span.status().message();
}

TEST(PlanJsonTest, MissingRequiredFieldIsNamed) {
  Result<Plan> plan = PlanFromJson(Wrap(R"({"kind": "point"})"), "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "plan.json: targets[0].indicator: this field is required but missing; add it");
}

TEST(PlanJsonTest, FormatAndVersionAreChecked) {
  Result<Plan> missing = PlanFromJson(R"({"region_code": "430703"})", "a.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("a.json: format: missing"), std::string::npos);
  Result<Plan> other = PlanFromJson(R"({"format": "geojson", "version": 1})", "b.json");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("\"geojson\" is not a plan file"), std::string::npos);
  Result<Plan> newer = PlanFromJson(
      R"({"format": "carbonpeak.plan", "version": 2, "region_code": "430703"})", "c.json");
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("c.json: version: version 2 is newer"),
            std::string::npos);
  Result<Plan> root = PlanFromJson("[1, 2]", "d.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message(),
            "d.json: expected the plan as an object {…}, found a list […]");
}

TEST(PlanJsonTest, StatusAcceptsChineseNamesAndRejectsOthers) {
  Result<Plan> draft = PlanFromJson(
      R"({"format": "carbonpeak.plan", "version": 1, "region_code": "1", "status": "征求意见稿"})",
      "p.json");
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->status, PlanStatus::kDraft);
  Result<Plan> bad = PlanFromJson(
      R"({"format": "carbonpeak.plan", "version": 1, "region_code": "1", "status": "done"})",
      "p.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("p.json: status: \"done\" is not a plan status"),
            std::string::npos);
}

TEST(PlanJsonTest, RepeatedKeyIsAnError) {
  Result<Plan> plan = PlanFromJson(
      Wrap(R"({"indicator": "a", "kind": "point"}, {"indicator": "b", "kind": "point", )"
           R"("value": 1, "value": 2})"),
      "plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "plan.json: targets[1].value: the field \"value\" appears twice in the same object; "
            "keep only one");
}

TEST(PlanJsonTest, TargetHelpersRoundTrip) {
  Target t = MakeTarget("new_energy_capacity", 2025, TargetKind::kAtLeast, 58, "万千瓦");
  t.id = 5;
  t.qualifier = "以上";
  t.main_target = true;
  t.provenance = At(13);
  std::string text = TargetToJson(t);
  EXPECT_EQ(text.rfind("{\n  \"id\": 5,\n  \"indicator\": \"new_energy_capacity\",", 0), 0u)
      << text;
  Result<Target> back = TargetFromJson(text, "request body");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectTargetsEqual(t, *back);

  Result<Target> bad = TargetFromJson(R"({"indicator": "x", "kind": "maybe"})", "request body");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("request body: kind: \"maybe\" is not a target kind", 0),
            0u)
      << bad.status().message();
  Result<Target> syntax = TargetFromJson("{\"indicator\": }", "request body");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().message().rfind("request body:1:15: ", 0), 0u)
      << syntax.status().message();
}

}  // namespace
}  // namespace carbonpeak::planimport
