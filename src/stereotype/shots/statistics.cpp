#include "stereotype/shots/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace stereotype::shots {

ShotStatistics shot_statistics(const ShotList& list) {
  ShotStatistics st;
  std::vector<double> lengths;
  for (const auto& shot : list.shots) {
    if (!shot.blank) lengths.push_back(shot.duration_s());
  }
  for (const auto& t : list.transitions) {
    if (!t.splits) continue;
    switch (t.type) {
      case TransitionType::Cut: ++st.cuts; break;
      case TransitionType::Dissolve: ++st.dissolves; break;
      default: ++st.fades; break;
    }
  }
  st.count = static_cast<int>(lengths.size());
  if (lengths.empty()) return st;
  double sum = 0.0;
  for (double l : lengths) sum += l;
  st.asl_s = sum / static_cast<double>(lengths.size());
  std::sort(lengths.begin(), lengths.end());
  const auto n = lengths.size();
  st.median_s = n % 2 ? lengths[n / 2] : 0.5 * (lengths[n / 2 - 1] + lengths[n / 2]);
  if (n > 1) {
    double ss = 0.0;
    for (double l : lengths) ss += (l - st.asl_s) * (l - st.asl_s);
    st.cv = std::sqrt(ss / static_cast<double>(n - 1)) / st.asl_s;
  }
  return st;
}

}  // namespace stereotype::shots
