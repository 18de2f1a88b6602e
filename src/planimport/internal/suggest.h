// "Did you mean …?" helpers shared by the plan codec and the plan validator.
//
//   std::vector<std::string> keys = {"non_fossil_share", "forest_coverage"};
//   ClosestMatches("non_fosil_share", keys, 3);  // {"non_fossil_share"}
//
// Pure functions over UTF-8 text (distances count code points); no state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::planimport::internal {

/// Levenshtein distance between two UTF-8 strings, counted in code points.
size_t EditDistance(std::string_view a, std::string_view b);

/// Up to `max_results` candidates closest to `word`, best first. A candidate qualifies when its
/// edit distance is at most about a third of the longer text (at least 2), or when one text
/// contains the other. Ties keep the candidates' order.
std::vector<std::string> ClosestMatches(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        size_t max_results);

/// "a, b or c" for messages; empty input gives "".
std::string JoinAlternatives(const std::vector<std::string>& items);

}  // namespace carbonpeak::planimport::internal
