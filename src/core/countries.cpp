#include "core/countries.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace jetway::core {

namespace {

constexpr std::pair<std::string_view, std::string_view> kCountries[] = {
#include "iso_countries.inc"
};

}  // namespace

std::optional<std::string_view> Alpha3(std::string_view alpha2) {
  const auto* it = std::lower_bound(std::begin(kCountries), std::end(kCountries), alpha2,
                                    [](const auto& c, std::string_view key) { return c.first < key; });
  if (it == std::end(kCountries) || it->first != alpha2) return std::nullopt;
  return it->second;
}

std::optional<std::string_view> Alpha2(std::string_view alpha3) {
  for (const auto& [two, three] : kCountries)
    if (three == alpha3) return two;
  return std::nullopt;
}

}  // namespace jetway::core
