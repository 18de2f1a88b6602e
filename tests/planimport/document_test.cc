// Tests of the plan document importer on synthetic plans written for these tests
// (tests/planimport/synthetic_plan_*.txt) and on small generated inputs: every heading
// numbering style, every way of marking responsible units, page breaks inside sentences,
// envelopes, tables, encodings, docx and pdf containers and bad input.
#include "planimport/document.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/text.h"
#include "planimport/docx/docx_reader.h"
#include "planimport/extract/units.h"
#include "planimport/pdf/pdf_reader.h"
#include "planimport/text/decode.h"
#include "planimport/text/layout.h"
#include "refdata/refdata.h"

namespace carbonpeak::planimport {
namespace {

const std::string kDir = CPK_SOURCE_DIR "/tests/planimport/";

class DocumentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<refdata::RefData> loaded = refdata::LoadRefData(CPK_DATA_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    ref_ = new refdata::RefData(std::move(*loaded));
  }
  static void TearDownTestSuite() {
    delete ref_;
    ref_ = nullptr;
  }
  static DocumentImport Import(const std::string& file) {
    Result<DocumentImport> doc = ImportPlanDocumentFile(kDir + file, *ref_, {});
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? std::move(*doc) : DocumentImport{};
  }
  static refdata::RefData* ref_;
};
refdata::RefData* DocumentTest::ref_ = nullptr;

const domain::Target* FindTarget(const DocumentImport& doc, const std::string& indicator, int year,
                                 std::optional<double> value = std::nullopt) {
  for (const domain::Target* t : doc.AllTargets()) {
    if (t->indicator == indicator && t->year == year && (!value || t->value == value)) return t;
  }
  return nullptr;
}

const domain::Task* FindTask(const DocumentImport& doc, const std::string& title) {
  for (const auto& a : doc.plan.actions) {
    for (const auto& t : a.tasks) {
      if (t.title == title) return &t;
    }
  }
  return nullptr;
}

bool HasDiagnostic(const DocumentImport& doc, const std::string& code) {
  return std::any_of(doc.diagnostics.begin(), doc.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

TEST_F(DocumentTest, EnvelopeIsCutAndMetadataRead) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  EXPECT_EQ(doc.plan.title, "青山县碳达峰实施方案");
  EXPECT_EQ(doc.plan.doc_number, "青政发〔2024〕7号");
  EXPECT_EQ(doc.plan.issue_date, "2024-05-06");
  EXPECT_EQ(doc.region_name, "青山县");
  EXPECT_TRUE(HasDiagnostic(doc, "unknown_region"));
  EXPECT_TRUE(HasDiagnostic(doc, "envelope"));
  EXPECT_EQ(doc.plan.status, domain::PlanStatus::kFinal);
}

TEST_F(DocumentTest, MainTargetsOfEveryKind) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  const domain::Target* nf = FindTarget(doc, "non_fossil_share", 2025, 20);
  ASSERT_NE(nf, nullptr);
  EXPECT_EQ(nf->kind, domain::TargetKind::kAbout);
  EXPECT_TRUE(nf->main_target);
  EXPECT_EQ(nf->unit, "%");
  const domain::Target* pv = FindTarget(doc, "pv_capacity", 2025, 30);
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pv->kind, domain::TargetKind::kAtLeast);
  EXPECT_EQ(pv->unit, "万千瓦");
  const domain::Target* delegated = FindTarget(doc, "co2_intensity_reduction", 2025);
  ASSERT_NE(delegated, nullptr);
  EXPECT_EQ(delegated->kind, domain::TargetKind::kDelegated);
  EXPECT_FALSE(delegated->value.has_value());
  ASSERT_NE(FindTarget(doc, "energy_intensity_reduction", 2025), nullptr);
  const domain::Target* peak = FindTarget(doc, "carbon_peak_year", 2030, 2030);
  ASSERT_NE(peak, nullptr);
  EXPECT_EQ(peak->kind, domain::TargetKind::kAtMost);
  EXPECT_NE(FindTarget(doc, "non_fossil_share", 2030, 25), nullptr);
  // 2020 in 指导思想 is a fact, not a target.
  EXPECT_EQ(FindTarget(doc, "forest_coverage", 2020, 60), nullptr);
}

TEST_F(DocumentTest, TaskTargetsListsRangesAndInheritedIndicator) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  EXPECT_NE(FindTarget(doc, "wind_capacity", 2025, 12), nullptr);
  EXPECT_NE(FindTarget(doc, "wind_capacity", 2030, 20), nullptr);  // 到2030年达到20万千瓦
  const domain::Target* zero = FindTarget(doc, "public_institution_coal_consumption", 2025, 0);
  ASSERT_NE(zero, nullptr);                                                            // 清零
  EXPECT_NE(FindTarget(doc, "industrial_energy_intensity_reduction", 2025), nullptr);  // 十四五末
  EXPECT_NE(FindTarget(doc, "green_building_share_new", 2025, 100), nullptr);
  const domain::Target* straw = FindTarget(doc, "straw_utilization_rate", 2025, 90);
  const domain::Target* manure = FindTarget(doc, "livestock_manure_utilization_rate", 2025, 85);
  ASSERT_NE(straw, nullptr);
  ASSERT_NE(manure, nullptr);
  EXPECT_EQ(manure->kind, domain::TargetKind::kAtLeast);
  EXPECT_NE(FindTarget(doc, "public_charging_piles", 2025, 500), nullptr);
  // "到\n\n2025年" cut by a page break is joined again.
  const domain::Target* travel = FindTarget(doc, "green_travel_share", 2025, 70);
  ASSERT_NE(travel, nullptr);
  EXPECT_EQ(travel->kind, domain::TargetKind::kAtLeast);
}

// Rules for the language of the plans, each on sentences written for this test.
TEST_F(DocumentTest, IndicatorCarriedFromAnEarlierClause) {
  const std::string text =
      "一、主要目标\n"
      "到2025年，建成东湖片区光伏发电项目（三期），总装机12.5万千瓦。\n"
      "加快推进白石风力发电项目，总装机容量 80MW。\n"
      "到2025年，全县3A级以上旅游景区充电设施基本全覆盖，车位比例不低于25%。\n"
      "对城区老旧小区实施外墙保温改造，每年计划改造20万平方米。\n"
      "新建餐厨垃圾处理厂一座，日处理量为80T。\n";
  Result<DocumentImport> doc = ImportPlanText(text, *ref_, {});
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const domain::Target* batch = FindTarget(*doc, "pv_capacity_project_batch", 2025, 12.5);
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->kind, domain::TargetKind::kPoint);
  // The size of one named project is not a county target.
  for (const domain::Target* t : doc->AllTargets()) {
    EXPECT_FALSE(t->value && *t->value == 80 && t->unit == "MW") << t->indicator;
  }
  const domain::Target* parking = FindTarget(*doc, "charging_parking_space_share_scenic", 2025, 25);
  ASSERT_NE(parking, nullptr);
  EXPECT_EQ(parking->kind, domain::TargetKind::kAtLeast);
  const domain::Target* retrofit = FindTarget(*doc, "old_community_retrofit_area_annual", 0, 20);
  ASSERT_NE(retrofit, nullptr);
  EXPECT_EQ(retrofit->unit, "万平方米/年");
  const domain::Target* kitchen = FindTarget(*doc, "kitchen_waste_treatment_capacity", 0, 80);
  ASSERT_NE(kitchen, nullptr);
  EXPECT_EQ(kitchen->unit, "t/d");
}

TEST_F(DocumentTest, ScopeThresholdsOfAnnualEnergyUse) {
  const std::string text =
      "一、节能管理\n"
      "对年综合能耗5000吨标准煤以上的企业，每年开展节能监察。\n"
      "年耗能超过2万吨标准煤的重点用能单位全部接入能耗在线监测。\n"
      "专栏1 节能项目\n"
      "对年综合能耗5000吨标准煤以上的企业开展节能监察。\n"
      "65蒸吨/小时及以上燃煤锅炉全部完成超低排放改造。\n"
      "年综合能源消费量未达1000吨标准煤的企业纳入简化管理。\n";
  Result<DocumentImport> doc = ImportPlanText(text, *ref_, {});
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  int supervision = 0;
  for (const domain::Target* t : doc->AllTargets()) {
    if (t->indicator == "energy_supervision_threshold") {
      ++supervision;
      ASSERT_TRUE(t->value.has_value());
      EXPECT_EQ(*t->value, 5000);
      EXPECT_EQ(t->kind, domain::TargetKind::kAtLeast);
      EXPECT_EQ(t->year, 0);
    }
    // A boiler size that says which boilers a measure concerns is neither target nor threshold.
    EXPECT_FALSE(t->value && *t->value == 65) << t->indicator;
    EXPECT_FALSE(t->value && *t->value == 1000) << t->indicator;
  }
  EXPECT_EQ(supervision, 1);  // stated twice, kept once
  const domain::Target* online = FindTarget(*doc, "energy_online_monitoring_threshold", 0, 2);
  ASSERT_NE(online, nullptr);
  EXPECT_EQ(online->kind, domain::TargetKind::kAtLeast);
}

// A PDF with Chinese text, made once from synthetic_plan_pdf.txt with pango-view (see the note
// in docs/formats/plan-documents.md): the text layer is read and the plan extracted from it.
TEST_F(DocumentTest, ChinesePdfFixture) {
  DocumentImport doc = Import("synthetic_plan.pdf");
  EXPECT_NE(FindTarget(doc, "non_fossil_share", 2025, 22), nullptr);
  const domain::Target* forest = FindTarget(doc, "forest_coverage", 2030, 66);
  ASSERT_NE(forest, nullptr);
  EXPECT_EQ(forest->kind, domain::TargetKind::kAtLeast);
  EXPECT_NE(FindTarget(doc, "pv_capacity", 2025, 15), nullptr);
  EXPECT_NE(FindTarget(doc, "carbon_peak_year", 2030), nullptr);
  const domain::Task* pv = FindTask(doc, "发展光伏发电");
  ASSERT_NE(pv, nullptr);
  ASSERT_FALSE(pv->lead_units.empty());
  EXPECT_EQ(pv->lead_units[0], "县发展和改革局");
  const domain::Task* nev = FindTask(doc, "推广新能源汽车");
  ASSERT_NE(nev, nullptr);
  ASSERT_FALSE(nev->lead_units.empty());
  EXPECT_EQ(nev->lead_units[0], "县交通运输局");
}

TEST_F(DocumentTest, ConflictsAreFlaggedAndBothKept) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  EXPECT_NE(FindTarget(doc, "forest_coverage", 2025, 62), nullptr);
  EXPECT_NE(FindTarget(doc, "forest_coverage", 2025, 63), nullptr);
  ASSERT_FALSE(doc.conflicts.empty());
  EXPECT_EQ(doc.conflicts[0].indicator, "forest_coverage");
  EXPECT_TRUE(HasDiagnostic(doc, "conflict"));
}

TEST_F(DocumentTest, ActionsTasksAndEveryUnitMarking) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  ASSERT_EQ(doc.plan.actions.size(), 3u);
  EXPECT_EQ(doc.plan.actions[0].title, "能源绿色低碳转型行动");
  EXPECT_EQ(doc.plan.actions[1].title, "节能降碳增效行动");  // (二) with ASCII brackets
  const domain::Task* t1 = FindTask(doc, "发展可再生能源");
  ASSERT_NE(t1, nullptr);
  ASSERT_FALSE(t1->lead_units.empty());
  EXPECT_EQ(t1->lead_units[0], "县发展和改革局");  // 县发改局 elsewhere is the same office
  ASSERT_EQ(t1->cooperating_units.size(), 1u);
  EXPECT_EQ(t1->cooperating_units[0], "县工业和信息化局");  // written 县工信局 there
  const domain::Task* t2 = FindTask(doc, "控制煤炭消费");   // unlabelled group on its own line
  ASSERT_NE(t2, nullptr);
  ASSERT_FALSE(t2->lead_units.empty());
  EXPECT_EQ(t2->lead_units[0], "县发展和改革局");
  const domain::Task* t3 = FindTask(doc, "推进重点领域节能");  // 牵头单位/配合单位
  ASSERT_NE(t3, nullptr);
  ASSERT_EQ(t3->lead_units.size(), 1u);
  EXPECT_EQ(t3->lead_units[0], "县工业和信息化局");
  EXPECT_EQ(t3->cooperating_units.size(), 2u);
  const domain::Task* t4 = FindTask(doc, "发展绿色交通");  // A牵头，B配合
  ASSERT_NE(t4, nullptr);
  ASSERT_FALSE(t4->lead_units.empty());
  EXPECT_EQ(t4->lead_units[0], "县交通运输局");
  const domain::Task* t5 = FindTask(doc, "提升森林碳汇");  // （1） and a bare 责任单位： line
  ASSERT_NE(t5, nullptr);
  ASSERT_FALSE(t5->lead_units.empty());
  EXPECT_EQ(t5->lead_units[0], "县林业局");
  ASSERT_EQ(doc.policy_measures.size(), 1u);
  EXPECT_EQ(doc.policy_measures[0].lead_units[0], "县统计局");
  // The canonical name keeps the raw spellings as aliases.
  auto unit = std::find_if(doc.plan.units.begin(), doc.plan.units.end(),
                           [](const auto& u) { return u.canonical_name == "县发展和改革局"; });
  ASSERT_NE(unit, doc.plan.units.end());
  EXPECT_NE(std::find(unit->aliases.begin(), unit->aliases.end(), "县发改局"), unit->aliases.end());
}

TEST_F(DocumentTest, IndicatorTableAndRequirements) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  const domain::Target* base = FindTarget(doc, "non_fossil_share", 2020, 15);
  ASSERT_NE(base, nullptr);
  EXPECT_GT(base->provenance.line, 0);
  const domain::Target* table_delegated = FindTarget(doc, "energy_intensity_reduction", 2030);
  ASSERT_NE(table_delegated, nullptr);
  EXPECT_EQ(table_delegated->kind, domain::TargetKind::kDelegated);
  std::vector<std::string> categories;
  for (const Requirement& r : doc.requirements) categories.push_back(r.category);
  for (const char* want : {"ghg_inventory", "online_energy_monitoring", "platform"}) {
    EXPECT_NE(std::find(categories.begin(), categories.end(), want), categories.end()) << want;
  }
  // The 抄送 footer is outside the plan.
  for (const domain::Target* t : doc.AllTargets()) EXPECT_LT(t->provenance.line, 95);
}

TEST_F(DocumentTest, ChaptersCircledNumbersAndDraft) {
  DocumentImport doc = Import("synthetic_plan_b.txt");
  EXPECT_EQ(doc.plan.status, domain::PlanStatus::kDraft);
  ASSERT_EQ(doc.plan.actions.size(), 4u);
  EXPECT_EQ(doc.plan.actions[1].title, "城乡建设碳达峰行动");
  EXPECT_NE(FindTarget(doc, "renewable_generation_share", 2025, 40), nullptr);
  const domain::Target* nev = FindTarget(doc, "nev_new_car_sales_share", 2025, 25);
  ASSERT_NE(nev, nullptr);
  EXPECT_EQ(nev->kind, domain::TargetKind::kAbout);
  EXPECT_NE(FindTarget(doc, "green_factories", 2025, 8), nullptr);
  EXPECT_NE(FindTarget(doc, "prefab_building_share", 2025, 30), nullptr);
  const domain::Task* t = FindTask(doc, "发展装配式建筑");  // units on the next line
  ASSERT_NE(t, nullptr);
  ASSERT_FALSE(t->lead_units.empty());
  EXPECT_EQ(t->lead_units[0], "区住房和城乡建设局");
  const domain::Task* green = FindTask(doc, "建设绿色工厂");
  ASSERT_NE(green, nullptr);
  EXPECT_EQ(green->lead_units, std::vector<std::string>{"区工业和信息化局"});
}

TEST_F(DocumentTest, TopLevelActionsAndLabelledUnitLines) {
  DocumentImport doc = Import("synthetic_plan_c.txt");
  ASSERT_EQ(doc.plan.actions.size(), 5u);  // 三、…七、 each end in 行动
  EXPECT_EQ(doc.plan.actions[0].title, "能源绿色低碳转型行动");
  const domain::Target* total = FindTarget(doc, "energy_consumption_total", 2025, 420);
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->kind, domain::TargetKind::kAtMost);  // 控制在…以内
  const domain::Target* co2 = FindTarget(doc, "co2_intensity_reduction", 2025, 18);
  ASSERT_NE(co2, nullptr);
  EXPECT_EQ(co2->base_year, 2020);
  // 提高2个百分点 is a change in percentage points, not a share of 2 %.
  EXPECT_EQ(FindTarget(doc, "non_fossil_share", 2025, 2), nullptr);
  EXPECT_NE(FindTarget(doc, "wind_capacity", 2025, 20), nullptr);  // 2|0万千瓦 cut by a break
  EXPECT_NE(FindTarget(doc, "wind_capacity", 2030, 35), nullptr);
  const domain::Target* gas = FindTarget(doc, "natural_gas_consumption", 2025, 9000);
  ASSERT_NE(gas, nullptr);
  EXPECT_EQ(gas->kind, domain::TargetKind::kAtMost);  // 控制在 wins over 左右
  const domain::Target* factories = FindTarget(doc, "green_factories", 2025, 5);
  ASSERT_NE(factories, nullptr);
  EXPECT_EQ(factories->kind, domain::TargetKind::kRange);
  EXPECT_EQ(factories->value_high, 10);
  const domain::Target* retrofit = FindTarget(doc, "public_building_retrofit_area", 2025, 20);
  ASSERT_NE(retrofit, nullptr);
  EXPECT_EQ(retrofit->qualifier, "力争");
  EXPECT_NE(FindTarget(doc, "forest_coverage", 2025, 45), nullptr);
  const domain::Task* wind = FindTask(doc, "壮大新能源");
  ASSERT_NE(wind, nullptr);
  EXPECT_EQ(wind->lead_units, std::vector<std::string>{"市发展改革局"});
  EXPECT_EQ(wind->cooperating_units.size(), 2u);
  const domain::Task* green = FindTask(doc, "培育绿色制造");
  ASSERT_NE(green, nullptr);
  EXPECT_EQ(green->lead_units, std::vector<std::string>{"市工业和信息化局"});
  EXPECT_EQ(green->cooperating_units, std::vector<std::string>{"市生态环境局"});
  const domain::Task* building = FindTask(doc, "推广绿色建筑");
  ASSERT_NE(building, nullptr);
  EXPECT_EQ(building->lead_units, std::vector<std::string>{"市住房城乡建设局"});
  std::vector<std::string> categories;
  for (const Requirement& r : doc.requirements) categories.push_back(r.category);
  EXPECT_NE(std::find(categories.begin(), categories.end(), "project_library"), categories.end());
  EXPECT_NE(std::find(categories.begin(), categories.end(), "carbon_inclusive"), categories.end());
}

TEST_F(DocumentTest, ReviewJsonCarriesPlanAndDiagnostics) {
  DocumentImport doc = Import("synthetic_plan_a.txt");
  std::string json = DocumentImportToJson(doc);
  EXPECT_NE(json.find("\"plan\""), std::string::npos);
  EXPECT_NE(json.find("\"diagnostics\""), std::string::npos);
  EXPECT_NE(json.find("non_fossil_share"), std::string::npos);
  EXPECT_NE(json.find("\"conflicts\""), std::string::npos);
}

TEST_F(DocumentTest, Gb18030TextIsDecoded) {
  Result<std::string> utf8 = ReadFile(kDir + "synthetic_plan_b.txt");
  ASSERT_TRUE(utf8.ok());
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  ASSERT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string in = *utf8;
  std::string out(in.size() * 2, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  ASSERT_NE(iconv(cd, &ip, &il, &op, &ol), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - ol);
  Result<DecodedText> decoded = DecodeText(out, "b.txt");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->encoding, "gb18030");
  EXPECT_EQ(decoded->utf8, *utf8);
  Result<DocumentImport> doc = ImportPlanDocument(out, "b.txt", *ref_, {});
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(FindTarget(*doc, "green_factories", 2025, 8), nullptr);
}

TEST_F(DocumentTest, TraditionalCharactersAreConverted) {
  std::string text =
      "一、主要目標\n到2025年，非化石能源消費比重達到20%，森林覆蓋率達到65%。\n"
      "二、重點任務\n（一）能源綠色低碳轉型行動\n1.發展風電。到2025年，風電累計裝機達到10萬千瓦。"
      "（責任單位：縣發展和改革局）\n";
  Result<DocumentImport> doc = ImportPlanDocument(text, "t.txt", *ref_, {});
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->converted_traditional);
  EXPECT_NE(FindTarget(*doc, "non_fossil_share", 2025, 20), nullptr);
  EXPECT_NE(FindTarget(*doc, "wind_capacity", 2025, 10), nullptr);
}

TEST_F(DocumentTest, BadInputGivesClearErrorsOrHonestDiagnostics) {
  Result<DocumentImport> empty = ImportPlanDocument("", "empty.txt", *ref_, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
  std::string binary(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00\x00\x00",
      12);
  binary += std::string(200, '\0');
  Result<DocumentImport> bin = ImportPlanDocument(binary, "plan.txt", *ref_, {});
  ASSERT_FALSE(bin.ok());
  EXPECT_NE(bin.status().message().find("binary"), std::string::npos);
  Result<DocumentImport> trunc =
      ImportPlanDocument(std::string("PK\x03\x04\x14\x00", 6), "p.docx", *ref_, {});
  ASSERT_FALSE(trunc.ok());
  EXPECT_NE(trunc.status().message().find("docx"), std::string::npos);
  Result<DocumentImport> pdf = ImportPlanDocument("%PDF-1.4\n1 0 obj", "p.pdf", *ref_, {});
  ASSERT_FALSE(pdf.ok());
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  Result<DocumentImport> enc = ImportPlanDocument(ole + std::string(100, 'x'), "p.docx", *ref_, {});
  ASSERT_FALSE(enc.ok());
  EXPECT_NE(enc.status().message().find("password"), std::string::npos);
  DocumentImportOptions small;
  small.max_bytes = 1024;
  Result<DocumentImport> big = ImportPlanDocument(std::string(4096, 'a'), "big.txt", *ref_, small);
  ASSERT_FALSE(big.ok());
  // One endless line full of target-like words: cut into pieces, read in linear time.
  std::string endless;
  while (endless.size() < 400000)
    endless += "到2025年森林覆盖率达到12.5%、（其中完成市下达指标全覆盖";
  Result<DocumentImport> line = ImportPlanDocument(endless, "line.txt", *ref_, {});
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_TRUE(HasDiagnostic(*line, "little_found"));  // no actions
  // A readable document that is not a plan: a result with an honest diagnostic.
  Result<DocumentImport> other = ImportPlanDocument(
      "会议纪要\n今天讨论了食堂菜单，决定下周增加两道素菜。\n", "notes.txt", *ref_, {});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(HasDiagnostic(*other, "little_found"));
}

TEST(LayoutTest, HeadingStylesAndLevels) {
  struct Case {
    std::u32string text;
    HeadingStyle style;
    int number;
  };
  for (const Case& c :
       {Case{U"一、总体要求", HeadingStyle::kCjkComma, 1},
        Case{U"十二、附则", HeadingStyle::kCjkComma, 12},
        Case{U"（三）工业领域", HeadingStyle::kCjkParen, 3},
        Case{U"3.推进", HeadingStyle::kDigitDot, 3}, Case{U"4、推进", HeadingStyle::kDigitDot, 4},
        Case{U"（10）试点示范", HeadingStyle::kDigitParen, 10},
        Case{U"2）细化", HeadingStyle::kDigitHalfParen, 2},
        Case{U"③加强", HeadingStyle::kCircled, 3},
        Case{U"第二章 重点任务", HeadingStyle::kChapter, 2},
        Case{U"1.5万千瓦", HeadingStyle::kNone, 0}, Case{U"2025年，", HeadingStyle::kNone, 0}}) {
    size_t len = 0;
    int number = 0;
    EXPECT_EQ(DetectHeading(c.text, &len, &number), c.style) << text::EncodeUtf8(c.text);
    if (c.style != HeadingStyle::kNone) {
      EXPECT_EQ(number, c.number);
    }
  }
  Layout layout = BuildLayout(
      "一、目标\n（1）甲行动\n1.子项。正文内容到2025\n\n年完成。\n（2）乙行动\n二、保障\n");
  ASSERT_EQ(layout.paras.size(), 5u);
  EXPECT_EQ(layout.paras[1].heading_level, 2);
  EXPECT_EQ(layout.paras[2].heading_level, 3);
  EXPECT_EQ(layout.paras[2].Utf8(), "1.子项。正文内容到2025年完成。");
  EXPECT_EQ(layout.paras[2].LineAt(layout.paras[2].text.size() - 1), 5);
  EXPECT_EQ(layout.paras[3].heading_level, 2);
  EXPECT_EQ(layout.paras[4].heading_level, 1);
}

TEST(LayoutTest, NormalisationKeepsColumns) {
  std::u32string out;
  std::vector<int> cols;
  NormalizeLine(U"[bookmark: _Toc1]到 ２０２５ 年，**比重**达到２３％(左右)", out, cols);
  EXPECT_EQ(text::EncodeUtf8(out), "到2025年，比重达到23%（左右）");
  ASSERT_EQ(out.size(), cols.size());
  EXPECT_EQ(cols[0], 17);
}

TEST(UnitsTest, ResponsibilityMarkings) {
  auto r =
      FindResponsibility(U"正文。（责任单位：区发改局（区国动办）、区工信局等按职责分工负责）");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->lead, std::vector<std::string>{"区发改局（区国动办）"});
  EXPECT_EQ(r->cooperating, std::vector<std::string>{"区工信局"});
  r = FindResponsibility(U"正文（二期）。");
  EXPECT_FALSE(r.has_value());
  r = FindResponsibility(U"（牵头单位：A局、B局；配合单位：C局）");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->lead.size(), 2u);
  EXPECT_EQ(r->cooperating, std::vector<std::string>{"C局"});
  EXPECT_EQ(UnitKey("区发展和改革委员会"), UnitKey("区发改局"));
  EXPECT_EQ(UnitKey("区城市管理综合执法局"), UnitKey("区城市管理和综合执法局"));
  EXPECT_NE(UnitKey("区林业局"), UnitKey("区水利局"));
}

// A .docx made in memory: one paragraph per line, a table as tab-led cells.
std::string MakeDocx(const std::string& document_xml) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  zip_source_keep(buffer);
  zip_source_t* file = zip_source_buffer(z, document_xml.data(), document_xml.size(), 0);
  zip_file_add(z, "word/document.xml", file, ZIP_FL_OVERWRITE);
  zip_close(z);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}

TEST_F(DocumentTest, DocxParagraphsAndTables) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"w\"><w:body>"
      "<w:p><w:r><w:t>一、主要目标</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>到2025年，非化石能源消费比重</w:t></w:r><w:r><w:t>达到21%。</w:t></w:r>"
      "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>"
      "<w:p><w:r><w:t>二、重点任务</w:t></w:r></w:p>"
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标名称</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>2030年</w:t></w:r></w:p></w:tc></w:tr>"
      "<w:tr><w:tc><w:p><w:r><w:t>森林覆盖率</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>%</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>66</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
      "</w:body></w:document>";
  std::string docx = MakeDocx(xml);
  Result<std::string> text = DocxToText(docx, "t.docx");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_NE(text->find("非化石能源消费比重达到21%。\n"), std::string::npos);
  EXPECT_EQ(text->find("删除"), std::string::npos);
  EXPECT_NE(text->find("\t森林覆盖率\n\t%\n\t66\n"), std::string::npos);
  Result<DocumentImport> doc = ImportPlanDocument(docx, "t.docx", *ref_, {});
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->format, "docx");
  EXPECT_NE(FindTarget(*doc, "non_fossil_share", 2025, 21), nullptr);
  EXPECT_NE(FindTarget(*doc, "forest_coverage", 2030, 66), nullptr);
  // Truncated: half of the archive.
  Result<std::string> cut = DocxToText(docx.substr(0, docx.size() / 2), "cut.docx");
  EXPECT_FALSE(cut.ok());
}

// A minimal one-page PDF written by hand (Helvetica, ASCII text).
std::string MakePdf(const std::string& line, bool encrypted = false) {
  std::string stream = "BT /F1 12 Tf 72 720 Td (" + line + ") Tj ET";
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  if (encrypted) {
    // Standard security handler, 40-bit RC4, with owner and user keys that no empty password
    // opens: the document is locked.
    objs.push_back("<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + std::string(64, 'A') + "> /U <" +
                   std::string(64, '7') + "> >>");
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  std::string encrypt = encrypted ? " /Encrypt 6 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> "
                                    "<0123456789ABCDEF0123456789ABCDEF>]"
                                  : "";
  pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R" + encrypt +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

TEST(PdfTest, TextLayerIsRead) {
  Result<std::string> text = PdfToText(MakePdf("Target 2025: 23%"), "t.pdf");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_NE(text->find("Target 2025: 23%"), std::string::npos);
  EXPECT_FALSE(PdfToText("not a pdf", "x.pdf").ok());
  Result<std::string> empty_page = PdfToText(MakePdf(""), "e.pdf");
  ASSERT_FALSE(empty_page.ok());
  EXPECT_NE(empty_page.status().message().find("text layer"), std::string::npos);
}

// Bad input beyond the basic cases: an encrypted PDF, real documents cut in half, a 50 MB file.
// Each gives a clear error (or, for a readable remainder, a result with honest diagnostics);
// none crashes.
TEST_F(DocumentTest, EncryptedTruncatedAndHugeInputs) {
  Result<DocumentImport> locked =
      ImportPlanDocument(MakePdf("Target 2025: 23%", /*encrypted=*/true), "locked.pdf", *ref_, {});
  ASSERT_FALSE(locked.ok());
  EXPECT_NE(locked.status().message().find("password"), std::string::npos)
      << locked.status().message();

  Result<std::string> pdf = ReadFile(kDir + "synthetic_plan.pdf");
  ASSERT_TRUE(pdf.ok());
  for (size_t keep : {pdf->size() / 2, pdf->size() / 10, size_t{9}}) {
    Result<DocumentImport> cut =
        ImportPlanDocument(std::string_view(*pdf).substr(0, keep), "cut.pdf", *ref_, {});
    if (cut.ok()) {
      // What poppler could recover is imported; the review says how little that is.
      EXPECT_TRUE(HasDiagnostic(*cut, "little_found")) << keep;
    } else {
      EXPECT_NE(cut.status().message().find("cut.pdf"), std::string::npos);
      EXPECT_NE(cut.status().message().find("PDF"), std::string::npos) << cut.status().message();
    }
  }

  std::string xml =
      "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
      "wordprocessingml/2006/main\"><w:body>";
  for (int i = 0; i < 200; ++i) {
    xml += "<w:p><w:r><w:t>到2025年，森林覆盖率达到66%。</w:t></w:r></w:p>";
  }
  xml += "</w:body></w:document>";
  std::string docx = MakeDocx(xml);
  ASSERT_TRUE(ImportPlanDocument(docx, "whole.docx", *ref_, {}).ok());
  for (size_t keep : {docx.size() / 2, docx.size() - 30, size_t{100}}) {
    Result<DocumentImport> cut =
        ImportPlanDocument(std::string_view(docx).substr(0, keep), "cut.docx", *ref_, {});
    ASSERT_FALSE(cut.ok()) << keep;
    EXPECT_NE(cut.status().message().find("cut.docx"), std::string::npos) << cut.status().message();
  }

  // 50 MB of plan-like text, generated here: refused by size, quickly, with the reason.
  std::string line = "到2025年，森林覆盖率达到66%，单位地区生产总值能耗下降14%。\n";
  std::string huge;
  huge.reserve(50u << 20);
  while (huge.size() < (50u << 20)) huge += line;
  Result<DocumentImport> big = ImportPlanDocument(huge, "huge.txt", *ref_, {});
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("MB of text"), std::string::npos) << big.status().message();
  // The same through a file on disk.
  std::string path = ::testing::TempDir() + "cpk_huge_plan.txt";
  ASSERT_TRUE(WriteFileAtomic(path, huge).ok());
  Result<DocumentImport> from_file = ImportPlanDocumentFile(path, *ref_, {});
  std::remove(path.c_str());
  ASSERT_FALSE(from_file.ok());
  EXPECT_NE(from_file.status().message().find("not a single plan"), std::string::npos);
}

}  // namespace
}  // namespace carbonpeak::planimport
