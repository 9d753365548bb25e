// "Did you mean" suggestions for misspelt names (keys, models, parameters).
//
//   Suggest("clustr", {"cluster", "clocks"})   // "cluster"
//   DidYouMean("clustr", {...})               // " did you mean 'cluster'?"
#ifndef FAULTLINE_BASE_SUGGEST_H_
#define FAULTLINE_BASE_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace faultline {

// Edit distance: insert, delete, substitute or swap two adjacent letters, each costing 1
// (Levenshtein with transpositions, "optimal string alignment").
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a likely typo:
// the distance must be at most a third of the longer word (at least 1), ties broken by
// the order of `candidates` so the answer is stable.
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'x'?" for the suggestion, or "" when there is none.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace faultline

#endif  // FAULTLINE_BASE_SUGGEST_H_
