#include "indicators/progress.h"

#include <gtest/gtest.h>

#include <string>

namespace carbonpeak::indicators {
namespace {

using domain::Target;
using domain::TargetKind;
using refdata::Direction;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

refdata::IndicatorDef Def(std::string key, std::string name_zh, std::string unit,
                          Direction direction,
                          refdata::IndicatorSource source = refdata::IndicatorSource::kComputed) {
  refdata::IndicatorDef def;
  def.key = std::move(key);
  def.name_zh = std::move(name_zh);
  def.name_en = def.key;
  def.unit = std::move(unit);
  def.direction = direction;
  def.source = source;
  def.lead_unit_type = "development_reform";
  return def;
}

const refdata::IndicatorDef kIntensityReduction = Def(
    "energy_intensity_reduction", "单位地区生产总值能耗下降率", "%", Direction::kHigherIsBetter);
const refdata::IndicatorDef kNonFossil =
    Def("non_fossil_share", "非化石能源消费比重", "%", Direction::kHigherIsBetter);
const refdata::IndicatorDef kNewEnergy =
    Def("new_energy_capacity", "新能源发电总装机容量", "万千瓦", Direction::kHigherIsBetter);
const refdata::IndicatorDef kEnergyTotal =
    Def("energy_consumption_total", "能源消费总量", "万吨标准煤", Direction::kLowerIsBetter);
const refdata::IndicatorDef kResearchCentres =
    Def("engineering_research_centers", "企业工程技术研究中心", "家", Direction::kHigherIsBetter,
        refdata::IndicatorSource::kReported);
const refdata::IndicatorDef kGasShare =
    Def("gas_use_share_industrial", "工业用气占比", "%", Direction::kNeutral);
const refdata::IndicatorDef kPeakYear =
    Def("carbon_peak_year", "碳达峰年份", "年", Direction::kLowerIsBetter);

Target MakeTarget(std::string indicator, int year, TargetKind kind, std::optional<double> value,
                  std::string unit) {
  Target t;
  t.id = 42;
  t.indicator = std::move(indicator);
  t.year = year;
  t.kind = kind;
  t.value = value;
  t.unit = std::move(unit);
  return t;
}

TrackingOptions At(int current_year) {
  TrackingOptions options;
  options.current_year = current_year;
  return options;
}

TargetProgress Track(const Target& target, const refdata::IndicatorDef* def,
                     const ActualSeries& series, const TrackingOptions& options,
                     const LeadUnitReport* report = nullptr) {
  Result<TargetProgress> p = TrackTarget(target, def, series, report, options);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *std::move(p) : TargetProgress{};
}

// ----- cumulative reduction: energy intensity down 14.5 % from 2020 to 2025 -----
// Schedule by 2023: 1 − 0.855^(3/5) = 8.9710 %; by 2022: 1 − 0.855^(2/5) = 6.0739 %.

Target IntensityTarget() {
  Target t = MakeTarget("energy_intensity_reduction", 2025, TargetKind::kPoint, 14.5, "%");
  t.base_year = 2020;
  return t;
}

TEST(TrackReduction, AheadOfScheduleAndImprovingIsGreen) {
  ActualSeries s{.by_year = {{2021, 3.0}, {2022, 6.5}, {2023, 9.0}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
  EXPECT_EQ(p.schedule, ScheduleKind::kCumulativeReduction);
  EXPECT_EQ(p.actual_year, 2023);
  ASSERT_TRUE(p.expected.has_value());
  EXPECT_NEAR(*p.expected, 8.971021583570515, 1e-9);
  EXPECT_EQ(p.previous, 6.5);
  EXPECT_EQ(p.warning, WarningLevel::kLevel3);
  EXPECT_TRUE(Contains(p.explanation_zh, "三级预警")) << p.explanation_zh;
  EXPECT_TRUE(Contains(p.explanation_zh, "8.971")) << p.explanation_zh;
  EXPECT_TRUE(Contains(p.explanation_en, "on schedule")) << p.explanation_en;
  EXPECT_TRUE(Contains(p.warning_basis, "能耗强度降低"));
}

TEST(TrackReduction, ImprovingButSlowerThanScheduleIsYellow) {
  ActualSeries s{.by_year = {{2022, 6.5}, {2023, 8.9}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kBehind);
  EXPECT_EQ(p.warning, WarningLevel::kLevel2);
  EXPECT_TRUE(Contains(p.explanation_zh, "落后于时序进度")) << p.explanation_zh;
}

TEST(TrackReduction, WorseThanLastYearIsRed) {
  // The cumulative reduction fell from 6.5 % to 6.0 %: intensity rose year on year.
  ActualSeries s{.by_year = {{2022, 6.5}, {2023, 6.0}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kBehind);
  EXPECT_EQ(p.warning, WarningLevel::kLevel1);
  EXPECT_TRUE(Contains(p.explanation_en, "worse than 2022 (6.5%)")) << p.explanation_en;
}

TEST(TrackReduction, ExactlyOnScheduleIsGreenAndUnchangedIsNotRed) {
  const double on_schedule = 8.971021583570515;  // 100 × (1 − 0.855^0.6)
  ActualSeries s{.by_year = {{2022, 6.5}, {2023, on_schedule}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
  EXPECT_EQ(p.warning, WarningLevel::kLevel3);
  s.by_year = {{2022, 6.5}, {2023, 6.5}};
  p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.warning, WarningLevel::kLevel2);
}

TEST(TrackReduction, FirstYearComparesWithZeroInTheBaseYear) {
  // 2021: schedule 1 − 0.855^0.2 = 3.0845 %; previous = the base year's 0.
  ActualSeries s{.by_year = {{2021, -0.4}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2022));
  EXPECT_EQ(p.previous, 0.0);
  EXPECT_EQ(p.warning, WarningLevel::kLevel1);
  EXPECT_NEAR(*p.expected, 3.084503958610707, 1e-9);
}

TEST(TrackReduction, TargetYearDecidesMetOrNot) {
  ActualSeries s{.by_year = {{2024, 12.9}, {2025, 14.6}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2026));
  EXPECT_EQ(p.status, TargetStatus::kMet);
  EXPECT_EQ(p.actual_year, 2025);
  EXPECT_TRUE(Contains(p.explanation_zh, "已完成"));
  s.by_year[2025] = 14.4;
  p = Track(IntensityTarget(), &kIntensityReduction, s, At(2026));
  EXPECT_EQ(p.status, TargetStatus::kBehind);
  EXPECT_TRUE(Contains(p.explanation_en, "not met"));
  // Values after the current year are not seen.
  p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.actual_year, 2024);
}

TEST(TrackReduction, TargetYearPassedWithoutItsValueSaysSo) {
  ActualSeries s{.by_year = {{2023, 10.0}, {2024, 12.0}}};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2026));
  EXPECT_EQ(p.actual_year, 2024);
  EXPECT_TRUE(Contains(p.explanation_en, "the 2025 value is not recorded yet"));
  EXPECT_FALSE(p.next_step.empty());
}

// ----- level targets: linear path -----

TEST(TrackLevel, AtLeastCapacityFollowsTheLinearPath) {
  // 20 万千瓦 in 2020 to at least 58 in 2025: 20 + 38 × 3/5 = 42.8 expected in 2023.
  Target t = MakeTarget("new_energy_capacity", 2025, TargetKind::kAtLeast, 58, "万千瓦");
  ActualSeries s{.by_year = {{2020, 20}, {2022, 38}, {2023, 45}}};
  TargetProgress p = Track(t, &kNewEnergy, s, At(2024));
  EXPECT_EQ(p.schedule, ScheduleKind::kLinear);
  EXPECT_DOUBLE_EQ(*p.expected, 42.8);
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
  EXPECT_EQ(p.warning, WarningLevel::kLevel3);
  EXPECT_TRUE(Contains(p.warning_basis, "applied by analogy"));
  s.by_year[2023] = 42.7;
  EXPECT_EQ(Track(t, &kNewEnergy, s, At(2024)).warning, WarningLevel::kLevel2);
  s.by_year[2025] = 57.9;
  p = Track(t, &kNewEnergy, s, At(2026));
  EXPECT_EQ(p.status, TargetStatus::kBehind);
  s.by_year[2025] = 58;
  EXPECT_EQ(Track(t, &kNewEnergy, s, At(2026)).status, TargetStatus::kMet);
}

TEST(TrackLevel, AtMostEnergyTotal) {
  // At most 150 万吨标准煤 in 2025 from 120 in 2020: 120 + 30 × 3/5 = 138 allowed in 2023.
  Target t = MakeTarget("energy_consumption_total", 2025, TargetKind::kAtMost, 150, "万吨标准煤");
  ActualSeries s{.by_year = {{2020, 120}, {2022, 135}, {2023, 140}}};
  TrackingOptions options = At(2024);
  std::vector<refdata::WarningLevel> rows(2);
  rows[0].dimension = "能耗强度降低 energy-intensity reduction";
  rows[0].level = "一级预警";
  rows[0].source.file = "refdata/warning_levels.csv";
  rows[0].source.line = 2;
  rows[1].dimension = "能源消费总量控制 total-consumption control";
  rows[1].level = "一级/二级/三级";
  rows[1].source.file = "refdata/warning_levels.csv";
  rows[1].source.line = 5;
  options.warning_levels = rows;
  TargetProgress p = Track(t, &kEnergyTotal, s, options);
  EXPECT_DOUBLE_EQ(*p.expected, 138);
  EXPECT_EQ(p.status, TargetStatus::kBehind);
  EXPECT_EQ(p.warning, WarningLevel::kLevel1);  // 140 > 135: rose year on year
  EXPECT_TRUE(Contains(p.warning_basis, "refdata/warning_levels.csv:5")) << p.warning_basis;
  EXPECT_FALSE(Contains(p.warning_basis, "analogy"));
  s.by_year[2023] = 138;
  p = Track(t, &kEnergyTotal, s, options);
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
  EXPECT_EQ(p.warning, WarningLevel::kLevel1);  // still above 2022's 135
}

TEST(TrackLevel, MissingBaseValueIsUnknownWithWhatToRecord) {
  Target t = MakeTarget("new_energy_capacity", 2025, TargetKind::kAtLeast, 58, "万千瓦");
  ActualSeries s{.by_year = {{2023, 45}}};
  TargetProgress p = Track(t, &kNewEnergy, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kUnknown);
  EXPECT_TRUE(Contains(p.next_step, "record the 2020 value of new_energy_capacity"));
  s.base_value = 20;
  EXPECT_EQ(Track(t, &kNewEnergy, s, At(2024)).status, TargetStatus::kOnTrack);
}

TEST(TrackLevel, TargetUnitIsConvertedToTheIndicatorUnit) {
  Target t = MakeTarget("new_energy_capacity", 2025, TargetKind::kAtLeast, 580, "MW");
  ActualSeries s{.by_year = {{2020, 20}, {2025, 60}}};
  TargetProgress p = Track(t, &kNewEnergy, s, At(2025));
  EXPECT_DOUBLE_EQ(*p.target_value, 58);
  EXPECT_EQ(p.status, TargetStatus::kMet);
  t.unit = "万立方米";
  p = Track(t, &kNewEnergy, s, At(2025));
  EXPECT_EQ(p.status, TargetStatus::kUnknown);
  EXPECT_TRUE(Contains(p.next_step, "--unit 万千瓦"));
}

// ----- kinds: about, range, point for neutral, qualitative, delegated -----

TEST(TrackKinds, AboutAllowsTwoPercentOnTheUnfavourableSide) {
  // 23 % 左右: met from 23 × 0.98 = 22.54 %.
  Target t = MakeTarget("non_fossil_share", 2025, TargetKind::kAbout, 23, "%");
  ActualSeries s{.by_year = {{2020, 15}, {2025, 22.54}}};
  EXPECT_EQ(Track(t, &kNonFossil, s, At(2025)).status, TargetStatus::kMet);
  s.by_year[2025] = 22.53;
  EXPECT_EQ(Track(t, &kNonFossil, s, At(2025)).status, TargetStatus::kBehind);
  s.by_year[2025] = 30;  // overshooting in the good direction is fine
  EXPECT_EQ(Track(t, &kNonFossil, s, At(2025)).status, TargetStatus::kMet);
  TrackingOptions strict = At(2025);
  strict.about_tolerance = 0;
  s.by_year[2025] = 22.9;
  EXPECT_EQ(Track(t, &kNonFossil, s, strict).status, TargetStatus::kBehind);
}

TEST(TrackKinds, AboutOnANeutralIndicatorIsTwoSided) {
  Target t = MakeTarget("gas_use_share_industrial", 2025, TargetKind::kAbout, 50, "%");
  ActualSeries s{.by_year = {{2025, 51}}};  // band 49–51
  TargetProgress p = Track(t, &kGasShare, s, At(2025));
  EXPECT_EQ(p.status, TargetStatus::kMet);
  EXPECT_EQ(p.schedule, ScheduleKind::kNone);
  EXPECT_EQ(p.warning, WarningLevel::kNone);
  s.by_year[2025] = 51.5;
  EXPECT_EQ(Track(t, &kGasShare, s, At(2025)).status, TargetStatus::kBehind);
}

TEST(TrackKinds, RangeIsMetFromItsWeakerEnd) {
  Target t = MakeTarget("engineering_research_centers", 2025, TargetKind::kRange, 5, "家");
  t.value_high = 10;
  ActualSeries s{.by_year = {{2020, 2}, {2025, 6}}};
  EXPECT_EQ(Track(t, &kResearchCentres, s, At(2025)).status, TargetStatus::kMet);
  s.by_year[2025] = 12;
  EXPECT_EQ(Track(t, &kResearchCentres, s, At(2025)).status, TargetStatus::kMet);
  s.by_year[2025] = 4;
  EXPECT_EQ(Track(t, &kResearchCentres, s, At(2025)).status, TargetStatus::kBehind);
  // 2023 on the linear path from 2 to the weaker end 5: 2 + 3 × 3/5 = 3.8.
  s.by_year = {{2020, 2}, {2023, 4}};
  TargetProgress p = Track(t, &kResearchCentres, s, At(2024));
  EXPECT_DOUBLE_EQ(*p.expected, 3.8);
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
  // A neutral range must be inside the band.
  Target g = MakeTarget("gas_use_share_industrial", 2025, TargetKind::kRange, 40, "%");
  g.value_high = 60;
  ActualSeries gs{.by_year = {{2025, 61}}};
  EXPECT_EQ(Track(g, &kGasShare, gs, At(2025)).status, TargetStatus::kBehind);
  gs.by_year[2025] = 60;
  EXPECT_EQ(Track(g, &kGasShare, gs, At(2025)).status, TargetStatus::kMet);
}

TEST(TrackKinds, RangeWithoutHighEndIsUnknown) {
  Target t = MakeTarget("engineering_research_centers", 2025, TargetKind::kRange, 5, "家");
  TargetProgress p = Track(t, &kResearchCentres, ActualSeries{}, At(2025));
  EXPECT_EQ(p.status, TargetStatus::kUnknown);
  EXPECT_TRUE(Contains(p.next_step, "--value-high"));
}

TEST(TrackKinds, QualitativeTargetsAreReportedByTheLeadUnit) {
  Target t = MakeTarget("non_fossil_share", 2025, TargetKind::kQualitative, std::nullopt, "");
  t.qualifier = "全覆盖";
  TargetProgress p = Track(t, &kNonFossil, ActualSeries{}, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kUnknown);
  EXPECT_TRUE(Contains(p.next_step, "development_reform"));
  EXPECT_TRUE(Contains(p.explanation_zh, "全覆盖"));
  LeadUnitReport report{.year = 2023,
                        .status = TargetStatus::kMet,
                        .reported_by = "区发改局",
                        .note = "14个乡镇全部覆盖"};
  p = Track(t, &kNonFossil, ActualSeries{}, At(2024), &report);
  EXPECT_EQ(p.status, TargetStatus::kMet);
  EXPECT_TRUE(Contains(p.explanation_zh, "区发改局")) << p.explanation_zh;
  EXPECT_TRUE(Contains(p.explanation_en, "met")) << p.explanation_en;
  report.year = 2025;  // a report from the future is not used
  EXPECT_EQ(Track(t, &kNonFossil, ActualSeries{}, At(2024), &report).status,
            TargetStatus::kUnknown);
}

TEST(TrackKinds, DelegatedWithoutValueIsNotApplicableWithTheCommandToRecordIt) {
  Target t =
      MakeTarget("energy_intensity_reduction", 2025, TargetKind::kDelegated, std::nullopt, "%");
  ActualSeries s{.by_year = {{2023, 9.0}}};
  TargetProgress p = Track(t, &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kNotApplicable);
  EXPECT_TRUE(Contains(p.next_step, "carbonpeak target revise 42 --value V --reason"))
      << p.next_step;
  EXPECT_EQ(TargetStatusName(p.status), "not_applicable");
}

TEST(TrackKinds, DelegatedWithAssignedValueIsTrackedAsAPoint) {
  Target t = MakeTarget("energy_intensity_reduction", 2025, TargetKind::kDelegated, 13.0, "%");
  ActualSeries s{.by_year = {{2025, 13.2}}};
  EXPECT_EQ(Track(t, &kIntensityReduction, s, At(2025)).status, TargetStatus::kMet);
  // 2023 schedule for 13 %: 1 − 0.87^0.6 = 8.0162 %.
  s.by_year = {{2022, 5.0}, {2023, 8.1}};
  TargetProgress p = Track(t, &kIntensityReduction, s, At(2024));
  EXPECT_NEAR(*p.expected, 8.016157, 1e-6);
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
}

TEST(TrackKinds, PointOnHigherIsBetterMeansReachingIt) {
  Target t = MakeTarget("non_fossil_share", 2025, TargetKind::kPoint, 22, "%");
  ActualSeries s{.by_year = {{2020, 18}, {2025, 22.5}}};
  EXPECT_EQ(Track(t, &kNonFossil, s, At(2025)).status, TargetStatus::kMet);
  s.by_year[2025] = 21.9;
  EXPECT_EQ(Track(t, &kNonFossil, s, At(2025)).status, TargetStatus::kBehind);
}

// ----- no schedule, missing data, bad input -----

TEST(TrackMisc, PeakYearHasNoScheduleAndIsComparedWithTheTarget) {
  Target t = MakeTarget("carbon_peak_year", 2030, TargetKind::kAtMost, 2030, "年");
  ActualSeries s{.by_year = {{2024, 2024}}};
  TargetProgress p = Track(t, &kPeakYear, s, At(2025));
  EXPECT_EQ(p.schedule, ScheduleKind::kNone);
  EXPECT_EQ(p.status, TargetStatus::kOnTrack);
  EXPECT_TRUE(Contains(p.explanation_en, "no time schedule"));
}

TEST(TrackMisc, TargetWithoutYearIsMetWhenReached) {
  Target t = MakeTarget("new_energy_capacity", 0, TargetKind::kAtLeast, 50, "万千瓦");
  ActualSeries s{.by_year = {{2023, 52}}};
  EXPECT_EQ(Track(t, &kNewEnergy, s, At(2024)).status, TargetStatus::kMet);
  s.by_year[2023] = 40;
  EXPECT_EQ(Track(t, &kNewEnergy, s, At(2024)).status, TargetStatus::kBehind);
}

TEST(TrackMisc, MissingDataIsUnknownWithTheReasonAndWhoSuppliesIt) {
  ActualSeries s{.by_year = {{2020, 0}}, .missing_note = "missing GDP for 2023"};
  TargetProgress p = Track(IntensityTarget(), &kIntensityReduction, s, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kUnknown);
  EXPECT_TRUE(Contains(p.explanation_en, "2021–2024")) << p.explanation_en;
  EXPECT_TRUE(Contains(p.explanation_en, "missing GDP for 2023"));
  EXPECT_TRUE(Contains(p.next_step, "carbonpeak data import"));
  TargetProgress r =
      Track(MakeTarget("engineering_research_centers", 2025, TargetKind::kAtLeast, 5, "家"),
            &kResearchCentres, ActualSeries{}, At(2024));
  EXPECT_TRUE(Contains(r.next_step, "lead unit (development_reform)")) << r.next_step;
}

TEST(TrackMisc, UnknownIndicatorIsUnknown) {
  Target t = MakeTarget("no_such_indicator", 2025, TargetKind::kAtLeast, 1, "");
  TargetProgress p = Track(t, nullptr, ActualSeries{}, At(2024));
  EXPECT_EQ(p.status, TargetStatus::kUnknown);
  EXPECT_TRUE(Contains(p.explanation_en, "not in the catalogue"));
}

TEST(TrackMisc, InvalidOptionsAreErrors) {
  EXPECT_EQ(TrackTarget(IntensityTarget(), &kIntensityReduction, {}, nullptr, TrackingOptions{})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  TrackingOptions options = At(2024);
  options.about_tolerance = 1.5;
  EXPECT_FALSE(TrackTarget(IntensityTarget(), &kIntensityReduction, {}, nullptr, options).ok());
}

TEST(TrackMisc, NamesRoundTrip) {
  for (TargetStatus s : {TargetStatus::kMet, TargetStatus::kOnTrack, TargetStatus::kBehind,
                         TargetStatus::kUnknown, TargetStatus::kNotApplicable}) {
    EXPECT_EQ(ParseTargetStatus(TargetStatusName(s)), s);
  }
  EXPECT_EQ(ScheduleKindName(ScheduleKind::kCumulativeReduction), "cumulative_reduction");
  EXPECT_TRUE(IsCumulativeReduction(kIntensityReduction));
  EXPECT_FALSE(IsCumulativeReduction(kNonFossil));
}

// ----- with the shipped catalogue and barometer rows -----

TEST(TrackTargets, UsesTheShippedCatalogueAndCitesTheBarometerRow) {
  Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) GTEST_SKIP() << "data/ did not load: " << ref.status().ToString();
  std::vector<Target> targets = {
      IntensityTarget(),
      MakeTarget("co2_intensity_reduction", 2025, TargetKind::kDelegated, std::nullopt, "%"),
      MakeTarget("non_fossil_share", 2025, TargetKind::kAbout, 23, "%")};
  targets[1].id = 7;
  TrackingData data;
  data.series["energy_intensity_reduction"] = ActualSeries{.by_year = {{2022, 6.5}, {2023, 6.0}}};
  data.series["non_fossil_share"] = ActualSeries{.by_year = {{2020, 15}, {2023, 19.9}}};
  TrackingOptions options = At(2024);
  options.warning_levels = ref->warning_levels;
  Result<std::vector<TargetProgress>> all = TrackTargets(targets, ref->indicators, data, options);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].warning, WarningLevel::kLevel1);
  EXPECT_TRUE(Contains((*all)[0].warning_basis, "refdata/warning_levels.csv:2"))
      << (*all)[0].warning_basis;
  EXPECT_EQ((*all)[0].direction, Direction::kHigherIsBetter);
  EXPECT_EQ((*all)[1].status, TargetStatus::kNotApplicable);
  EXPECT_TRUE(Contains((*all)[1].next_step, "target revise 7"));
  // Non-fossil share: 15 + 8 × 3/5 = 19.8 expected in 2023; no 2022 value, so no warning.
  EXPECT_EQ((*all)[2].status, TargetStatus::kOnTrack);
  EXPECT_DOUBLE_EQ(*(*all)[2].expected, 19.8);
  EXPECT_EQ((*all)[2].warning, WarningLevel::kNone);
}

}  // namespace
}  // namespace carbonpeak::indicators
