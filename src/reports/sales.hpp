// The arithmetic of the airline's sales reports, pure so that every total is unit-tested: a payment's amount is
// shared over the booking's segments (equal shares, the odd minor units to the first segments, so the shares add
// up to the payment exactly), and the shares are summed by sale day, route, channel or fare brand, per currency
// (a booking is sold in one currency; amounts in different currencies are never added together).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/time.hpp"

namespace jetway::reports {

// One segment's share of one approved payment.
struct SaleShare {
  core::LocalDate day;  // the payment's day (UTC)
  std::int64_t booking_id = 0;
  std::string channel;
  std::string origin;
  std::string destination;
  std::string brand;  // "" for bookings sold before brands were kept
  core::Money amount;
};

struct SegmentOfSale {
  std::string origin;
  std::string destination;
  std::string brand;
};

// Splits `payment` over `segments` (at least one) in equal shares; the shares sum to the payment.
std::vector<core::Money> Shares(const core::Money& payment, std::size_t segments);

struct SalesTotal {
  std::string key;  // the day (ISO), "CPH-HAM", the channel or the brand
  std::string currency;
  int bookings = 0;  // distinct bookings with a share in this total
  std::int64_t amount = 0;  // minor units of `currency`
};

// Totals by `key_of(share)`, ordered by key then currency.
std::vector<SalesTotal> SumBy(const std::vector<SaleShare>& shares,
                              const std::function<std::string(const SaleShare&)>& key_of);
std::vector<SalesTotal> ByDay(const std::vector<SaleShare>& shares);
std::vector<SalesTotal> ByRoute(const std::vector<SaleShare>& shares);
std::vector<SalesTotal> ByChannel(const std::vector<SaleShare>& shares);
std::vector<SalesTotal> ByBrand(const std::vector<SaleShare>& shares);

// Bookings confirmed, cancelled and holds expired on one day.
struct BookingActivity {
  core::LocalDate day;
  int confirmed = 0;
  int cancelled = 0;
  int expired = 0;
};

// Load factor in whole per cent, rounded half up; 0 for no capacity.
int LoadFactorPercent(std::int64_t sold, std::int64_t capacity);

}  // namespace jetway::reports
