#pragma once
// Film-level shot statistics, as cinemetrics reports them.
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::shots {

struct ShotStatistics {
  int count = 0;          // picture shots (blank black/white holds are not counted)
  double asl_s = 0.0;     // average shot length: mean duration of the counted shots
  double median_s = 0.0;  // median shot length
  double cv = 0.0;        // coefficient of variation: sample std / mean of shot lengths
  int cuts = 0;           // transitions by type (those that split shots)
  int dissolves = 0;
  int fades = 0;
};

ShotStatistics shot_statistics(const ShotList& list);

}  // namespace stereotype::shots
