#pragma once
// Numbers as the JSON outputs write them: rounded for stable, readable text; NaN and infinity
// (undefined values) become null.
#include <cmath>

#include <nlohmann/json.hpp>

namespace stereotype::report {

inline nlohmann::ordered_json json_number(double v, int places = 4) {
  if (std::isnan(v) || std::isinf(v)) return nullptr;
  const double k = std::pow(10.0, places);
  return std::round(v * k) / k;
}

}  // namespace stereotype::report
