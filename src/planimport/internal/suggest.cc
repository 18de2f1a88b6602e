#include "planimport/internal/suggest.h"

#include <algorithm>

namespace carbonpeak::planimport::internal {
namespace {

// Splits UTF-8 into code points. Malformed bytes become single units of their own, so the
// distance stays defined for any input.
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    auto lead = static_cast<unsigned char>(s[pos]);
    size_t len = 1;
    if (lead >= 0xF0) {
      len = 4;
    } else if (lead >= 0xE0) {
      len = 3;
    } else if (lead >= 0xC0) {
      len = 2;
    }
    if (pos + len > s.size()) len = 1;
    char32_t cp = lead;
    for (size_t k = 1; k < len; ++k) {
      cp = (cp << 8) | static_cast<unsigned char>(s[pos + k]);
    }
    out.push_back(cp);
    pos += len;
  }
  return out;
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<char32_t> x = CodePoints(a);
  std::vector<char32_t> y = CodePoints(b);
  std::vector<size_t> row(y.size() + 1);
  for (size_t col = 0; col <= y.size(); ++col) row[col] = col;
  for (size_t x_idx = 1; x_idx <= x.size(); ++x_idx) {
    size_t diagonal = row[0];
    row[0] = x_idx;
    for (size_t y_idx = 1; y_idx <= y.size(); ++y_idx) {
      size_t above = row[y_idx];
      size_t substitution = diagonal + (x[x_idx - 1] == y[y_idx - 1] ? 0 : 1);
      row[y_idx] = std::min({above + 1, row[y_idx - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::vector<std::string> ClosestMatches(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        size_t max_results) {
  struct Scored {
    size_t score;
    size_t order;
    const std::string* text;
  };
  std::vector<Scored> scored;
  size_t word_len = CodePoints(word).size();
  for (size_t idx = 0; idx < candidates.size(); ++idx) {
    const std::string& candidate = candidates[idx];
    if (candidate.empty() || word.empty()) continue;
    size_t distance = EditDistance(word, candidate);
    size_t longer = std::max(word_len, CodePoints(candidate).size());
    size_t limit = std::max<size_t>(2, longer / 3);
    bool contains =
        candidate.find(word) != std::string::npos || word.find(candidate) != std::string_view::npos;
    if (distance <= limit) {
      scored.push_back({distance, idx, &candidate});
    } else if (contains) {
      // Containment is a weaker hint than a near spelling: rank it after every close match.
      scored.push_back({limit + distance, idx, &candidate});
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& l, const Scored& r) {
    return l.score != r.score ? l.score < r.score : l.order < r.order;
  });
  std::vector<std::string> out;
  for (const Scored& s : scored) {
    if (out.size() >= max_results) break;
    out.push_back(*s.text);
  }
  return out;
}

std::string JoinAlternatives(const std::vector<std::string>& items) {
  std::string out;
  for (size_t idx = 0; idx < items.size(); ++idx) {
    if (idx > 0) out += (idx + 1 == items.size()) ? " or " : ", ";
    out += items[idx];
  }
  return out;
}

}  // namespace carbonpeak::planimport::internal
