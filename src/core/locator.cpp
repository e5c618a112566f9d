#include "core/locator.hpp"

namespace jetway::core {

bool IsValidLocator(std::string_view text) {
  if (text.size() != kLocatorLength) return false;
  for (char c : text)
    if (kLocatorAlphabet.find(c) == std::string_view::npos) return false;
  return true;
}

std::string GenerateLocator(Random& random) {
  std::string out;
  out.reserve(kLocatorLength);
  // Rejection sampling keeps every character equally likely.
  const std::uint64_t n = kLocatorAlphabet.size();
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  while (out.size() < kLocatorLength) {
    std::uint64_t r = random.Next();
    if (r >= limit) continue;
    out.push_back(kLocatorAlphabet[r % n]);
  }
  return out;
}

}  // namespace jetway::core
