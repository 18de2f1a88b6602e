#include "planimport/internal/suggest.h"

#include <gtest/gtest.h>

namespace carbonpeak::planimport::internal {
namespace {

TEST(SuggestTest, EditDistanceCountsCharactersNotBytes) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("区工信局", "区工业和信息化局"), 4u);
  EXPECT_EQ(EditDistance("鼎城区", "鹤城区"), 1u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

TEST(SuggestTest, ClosestMatchesRanksNearSpellingsFirst) {
  std::vector<std::string> keys = {"forest_coverage", "non_fossil_share", "forest_stock",
                                   "new_energy_capacity"};
  EXPECT_EQ(ClosestMatches("non_fosil_share", keys, 3),
            std::vector<std::string>{"non_fossil_share"});
  std::vector<std::string> forest = ClosestMatches("forest", keys, 3);
  ASSERT_EQ(forest.size(), 2u);  // containment only
  EXPECT_EQ(forest[0], "forest_stock");
  EXPECT_TRUE(ClosestMatches("zzzzzzzz", keys, 3).empty());
  EXPECT_EQ(ClosestMatches("forest_coverag", keys, 1), std::vector<std::string>{"forest_coverage"});
}

TEST(SuggestTest, JoinAlternatives) {
  EXPECT_EQ(JoinAlternatives({}), "");
  EXPECT_EQ(JoinAlternatives({"a"}), "a");
  EXPECT_EQ(JoinAlternatives({"a", "b", "c"}), "a, b or c");
}

}  // namespace
}  // namespace carbonpeak::planimport::internal
