// Electronic tickets (IATA): the 13-digit ticket number (the airline's 3-digit accounting code and a 10-digit
// serial), its check digit, the split of a journey into documents of at most four flight coupons (conjunction
// tickets take consecutive numbers), and the coupon statuses with the moves between them. Pure functions over
// values; ../shared/reference/iata.md §4 has the facts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jetway::ticketing {

inline constexpr int kCouponsPerTicket = 4;
inline constexpr std::int64_t kMaxSerial = 9'999'999'999;  // ten digits
// Where an airline's serials start: never 0, and clear of the numbers other systems may have used for it.
inline constexpr std::int64_t kFirstSerial = 2'000'000'001;

// The 13 digits, unbroken: "9192000000001". The accounting code must be three digits and the serial 1..kMaxSerial.
std::string TicketNumber(std::string_view accounting_code, std::int64_t serial);
// The check digit printed beside the number: the serial's remainder of division by 7 (sources differ on whether
// the dividend is the serial or all 13 digits; jetway uses the serial, as BSP's documents show it).
int CheckDigit(std::int64_t serial);
// "919-2000000001 3": how a receipt or a screen writes it.
std::string DisplayNumber(std::string_view number);
bool IsTicketNumber(std::string_view text);

// One document of a passenger's ticket: its flights are the journey's from `first_segment` (0-based), `coupons` of
// them (1..4); a journey of more than four flights takes several documents, in conjunction.
struct Document {
  int first_segment = 0;
  int coupons = 0;
};
std::vector<Document> Documents(int segments);

// IATA Res. 722f coupon statuses, those jetway moves between: open for use, checked in, lifted (boarded), flown,
// exchanged, refunded, void.
enum class CouponStatus { kOpen, kCheckedIn, kBoarded, kFlown, kExchanged, kRefunded, kVoid, kClosed };
char Code(CouponStatus status);         // O C L F E R V Z
std::string_view Name(CouponStatus status);  // "open for use", …
std::optional<CouponStatus> ParseCouponStatus(std::string_view code);

// The moves a coupon may make: O → C (check-in) → L (boarding) → F (flown); C → O (offloaded before boarding);
// O → E (exchanged for a new ticket), O → R (refunded), O → V (voided with its whole document), O → Z (closed: a
// no-show's coupon its fare does not keep open). Nothing leaves F, E, R, V or Z. COUPON_STATUS_NOT_ALLOWED names both statuses otherwise.
core::Result<void> CheckCouponMove(CouponStatus from, CouponStatus to);

}  // namespace jetway::ticketing
