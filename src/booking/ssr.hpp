// Special service requests (AIRIMP SSR elements) a passenger asks for on a flight: assistance (wheelchairs, blind,
// deaf, medical), meals, and a few others, from the codes the reference lists (../shared/reference/iata.md §8);
// what each means, which need free text, which exclude each other (one meal, one wheelchair category per flight), and
// the element as reservation systems write it (`SSR WCHR X9 HK1 /P1`). Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.hpp"
#include "core/error.hpp"

namespace jetway::booking {

enum class SsrGroup { kWheelchair, kAssistance, kMeal, kOther };

struct SsrCode {
  std::string_view code;
  SsrGroup group;
  bool needs_text;      // OTHS, MEDA: the request says what it is
  bool infants_only;    // BBML: a baby meal
};

// Every code jetway takes, in the order forms list them.
std::span<const SsrCode> SsrCodes();
const SsrCode* FindSsr(std::string_view code);
std::string_view ToString(SsrGroup group);  // "wheelchair", "assistance", "meal", "other"

inline constexpr std::size_t kMaxSsrText = 70;

// A request as kept with a booking.
struct Ssr {
  int passenger = 0;  // 1-based
  int segment = 0;    // the flight's seq
  std::string code;
  std::string text;   // "" when the code needs none
};

// A new request checked against the passenger and what they already asked for on that flight: UNKNOWN_SSR,
// SSR_TEXT_REQUIRED, INVALID_SSR_TEXT (over kMaxSsrText or not printable), SSR_NOT_FOR_PASSENGER (a baby meal for
// an adult, a meal or wheelchair for an infant on a lap), SSR_ALREADY_REQUESTED, SSR_CONFLICT (a second meal or
// wheelchair category).
core::Result<void> CheckSsr(const Ssr& request, core::PaxType passenger_type, const std::vector<Ssr>& existing);

// The element as a reservation system writes it: "SSR VGML X9 HK1 /P2" or "SSR OTHS X9 HK1 QUIET SEAT /P1".
std::string SsrElement(const Ssr& ssr, std::string_view airline);

}  // namespace jetway::booking
