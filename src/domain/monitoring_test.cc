#include "domain/monitoring.h"

#include <gtest/gtest.h>

namespace carbonpeak::domain {
namespace {

Enterprise ValidEnterprise() {
  Enterprise e;
  e.credit_code = "91430703MA4L0F2K3E";
  e.name = "Cement works";
  e.industry_code = "C3011";
  e.township_code = "430703100";
  e.county_code = "430703";
  e.key_unit = true;
  e.annual_energy_budget_tce = 52000;
  return e;
}

TEST(CreditCodeTest, AcceptsCodesWithCorrectCheckCharacter) {
  EXPECT_TRUE(ValidateCreditCode("91350100M000100Y43").ok());  // example code of GB 32100
  EXPECT_TRUE(ValidateCreditCode("91430703MA4L0F2K3E").ok());
}

TEST(CreditCodeTest, RejectsWrongCheckCharacterAndSaysWhichItShouldBe) {
  Status s = ValidateCreditCode("91350100M000100Y44");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("give '3'"), std::string::npos) << s.message();
}

TEST(CreditCodeTest, RejectsLengthAndForbiddenLetters) {
  EXPECT_NE(ValidateCreditCode("9135").message().find("exactly 18"), std::string::npos);
  Status s = ValidateCreditCode("91350100M0001I0Y43");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("character 14"), std::string::npos) << s.message();
}

TEST(IndustryCodeTest, SectionLetterAndDigits) {
  EXPECT_TRUE(ValidateIndustryCode("C").ok());
  EXPECT_TRUE(ValidateIndustryCode("C30").ok());
  EXPECT_TRUE(ValidateIndustryCode("C301").ok());
  EXPECT_TRUE(ValidateIndustryCode("C3011").ok());
  EXPECT_FALSE(ValidateIndustryCode("C3").ok());
  EXPECT_FALSE(ValidateIndustryCode("Z30").ok());
  EXPECT_FALSE(ValidateIndustryCode("3011").ok());
  EXPECT_FALSE(ValidateIndustryCode("C30111").ok());
  EXPECT_EQ(IndustryDivision("C3011"), "C30");
  EXPECT_EQ(IndustryDivision("D44"), "D44");
  EXPECT_EQ(IndustryDivision("C"), "C");
}

TEST(EnterpriseTest, ValidatesFieldsAndNamesTheEnterprise) {
  EXPECT_TRUE(ValidateEnterprise(ValidEnterprise()).ok());
  Enterprise e = ValidEnterprise();
  e.county_code = "4307";
  Status s = ValidateEnterprise(e);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("91430703MA4L0F2K3E"), std::string::npos);
  EXPECT_NE(s.message().find("county_code"), std::string::npos);
  e = ValidEnterprise();
  e.annual_energy_budget_tce = -5;
  EXPECT_FALSE(ValidateEnterprise(e).ok());
  e = ValidEnterprise();
  e.name.clear();
  EXPECT_FALSE(ValidateEnterprise(e).ok());
}

TEST(MeterTest, ValidatesMultiplierAndRegisterMax) {
  Meter m;
  m.enterprise = "91430703MA4L0F2K3E";
  m.code = "E01";
  m.unit = "kWh";
  EXPECT_TRUE(ValidateMeter(m).ok());
  m.multiplier = 0;
  EXPECT_FALSE(ValidateMeter(m).ok());
  m.multiplier = 200;
  m.register_max = 99999999;
  EXPECT_FALSE(ValidateMeter(m).ok()) << "register_max on an interval meter";
  m.kind = MeterKind::kCounter;
  EXPECT_TRUE(ValidateMeter(m).ok());
  m.code = "E,01";
  EXPECT_FALSE(ValidateMeter(m).ok());
  m.code = "E01";
  m.carrier.clear();
  EXPECT_FALSE(ValidateMeter(m).ok());
}

TEST(MonitoringEnumsTest, NamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(AlertKind::kMissingFactor); ++k) {
    EXPECT_EQ(ParseAlertKind(AlertKindName(static_cast<AlertKind>(k))), static_cast<AlertKind>(k));
  }
  EXPECT_EQ(ParseReadingQuality("补录"), ReadingQuality::kEstimated);
  EXPECT_EQ(ParseReadingQuality("3"), ReadingQuality::kInvalid);
  EXPECT_EQ(ParseStatisticsType("实时"), StatisticsType::kInterval);
  EXPECT_EQ(ParseMeterInterval("PT1H"), MeterInterval::k1Hour);
  EXPECT_EQ(MeterIntervalMinutes(MeterInterval::k30Min), 30);
  EXPECT_EQ(NativeStatisticsType(MeterInterval::kDay), StatisticsType::kDay);
  EXPECT_FALSE(ParseMeterKind("sometimes").has_value());
}

}  // namespace
}  // namespace carbonpeak::domain
