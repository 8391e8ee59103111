#pragma once
// The summary lines are read by people: "1 shot", "3 shots", "0 films".
#include <cstddef>
#include <string>
#include <string_view>

namespace stereotype::cli {

// `noun` is singular and takes a plain "s" in the plural (every noun the tool counts does).
inline std::string counted(std::size_t n, std::string_view noun) {
  std::string text = std::to_string(n);
  text += ' ';
  text += noun;
  if (n != 1) text += 's';
  return text;
}

}  // namespace stereotype::cli
