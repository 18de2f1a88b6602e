#include "base/status.h"

#include <gtest/gtest.h>

#include <string>

namespace carbonpeak {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("value must be positive, got " + std::to_string(v));
  return v;
}

Result<int> Doubled(int v) {
  CPK_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return x * 2;
}

Status CheckBoth(int a, int b) {
  CPK_RETURN_IF_ERROR(ParsePositive(a));
  CPK_RETURN_IF_ERROR(ParsePositive(b).status().WithContext("second"));
  return Status::Ok();
}

TEST(StatusTest, OkAndError) {
  EXPECT_TRUE(Status().ok());
  Status s = Status::NotFound("plan 7");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not_found: plan 7");
  EXPECT_EQ(s.WithContext("GET /plans/7").message(), "GET /plans/7: plan 7");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Doubled(21), 42);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckBoth(1, 2).ok());
  EXPECT_EQ(CheckBoth(1, -2).message(), "second: value must be positive, got -2");
  EXPECT_EQ(CheckBoth(-1, -2).message(), "value must be positive, got -1");
}

TEST(StatusTest, ValueOr) {
  EXPECT_EQ(ParsePositive(-3).value_or(9), 9);
  EXPECT_EQ(ParsePositive(3).value_or(9), 3);
}

TEST(StatusDeathTest, ValueOfErrorAborts) {
  Result<int> bad = ParsePositive(0);
  EXPECT_DEATH({ (void)bad.value(); }, "CPK_CHECK failed");
}

}  // namespace
}  // namespace carbonpeak
