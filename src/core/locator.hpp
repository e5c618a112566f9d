// The PNR record locator: six characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a passenger
// reading it over the phone cannot mistake one for another. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/random.hpp"

namespace jetway::core {

inline constexpr std::string_view kLocatorAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t kLocatorLength = 6;

bool IsValidLocator(std::string_view text);
std::string GenerateLocator(Random& random);

}  // namespace jetway::core
