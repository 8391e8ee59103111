#pragma once
// One sample's measurements by metric name ("composition.balance" -> 0.12). The composition and
// texture samples of a whole film are kept until it is summarised, 8 a second: as a std::map with
// std::string keys each sample was ~20 small allocations and ~1 KB (a 2-hour film: ~45 MB);
// here it is one array of (name, value), the names pointing at the string literals that set them.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stereotype::measure {

class SampleValues {
 public:
  using Item = std::pair<std::string_view, double>;
  using const_iterator = std::vector<Item>::const_iterator;

  // Only a literal (or another array with static storage) can name a value: the name is not copied.
  template <std::size_t N>
  double& operator[](const char (&name)[N]) {
    const std::string_view key(name, N - 1);
    for (auto& item : items_)
      if (item.first == key) return item.second;
    return items_.emplace_back(key, 0.0).second;
  }
  const_iterator find(std::string_view name) const {
    for (auto it = items_.begin(); it != items_.end(); ++it)
      if (it->first == name) return it;
    return items_.end();
  }
  std::size_t count(std::string_view name) const { return find(name) == end() ? 0 : 1; }
  double at(std::string_view name) const {
    const auto it = find(name);
    if (it == end()) throw std::out_of_range("no sample value " + std::string(name));
    return it->second;
  }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  std::size_t size() const { return items_.size(); }

 private:
  std::vector<Item> items_;
};

}  // namespace stereotype::measure
