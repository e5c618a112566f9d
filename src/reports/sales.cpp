#include "reports/sales.hpp"

#include <fmt/core.h>

#include <map>
#include <set>
#include <utility>

namespace jetway::reports {

std::vector<core::Money> Shares(const core::Money& payment, std::size_t segments) {
  const auto n = static_cast<std::int64_t>(segments == 0 ? 1 : segments);
  const std::int64_t base = payment.minor / n;
  std::int64_t rest = payment.minor - base * n;  // same sign as the payment (a refund shares like a sale)
  std::vector<core::Money> shares;
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t extra = 0;
    if (rest > 0) extra = 1, --rest;
    if (rest < 0) extra = -1, ++rest;
    shares.push_back(core::Money{base + extra, payment.currency});
  }
  return shares;
}

std::vector<SalesTotal> SumBy(const std::vector<SaleShare>& shares,
                              const std::function<std::string(const SaleShare&)>& key_of) {
  std::map<std::pair<std::string, std::string>, std::pair<SalesTotal, std::set<std::int64_t>>> sums;
  for (const auto& s : shares) {
    auto key = key_of(s);
    auto& [total, bookings] = sums[{key, s.amount.currency}];
    total.key = std::move(key);
    total.currency = s.amount.currency;
    total.amount += s.amount.minor;
    bookings.insert(s.booking_id);
  }
  std::vector<SalesTotal> totals;
  for (auto& [key, entry] : sums) {
    entry.first.bookings = static_cast<int>(entry.second.size());
    totals.push_back(std::move(entry.first));
  }
  return totals;
}

std::vector<SalesTotal> ByDay(const std::vector<SaleShare>& shares) {
  return SumBy(shares, [](const SaleShare& s) { return core::FormatIsoDate(s.day); });
}
std::vector<SalesTotal> ByRoute(const std::vector<SaleShare>& shares) {
  return SumBy(shares, [](const SaleShare& s) { return fmt::format("{}-{}", s.origin, s.destination); });
}
std::vector<SalesTotal> ByChannel(const std::vector<SaleShare>& shares) {
  return SumBy(shares, [](const SaleShare& s) { return s.channel; });
}
std::vector<SalesTotal> ByBrand(const std::vector<SaleShare>& shares) {
  return SumBy(shares, [](const SaleShare& s) { return s.brand; });
}

int LoadFactorPercent(std::int64_t sold, std::int64_t capacity) {
  if (capacity <= 0) return 0;
  return static_cast<int>((sold * 100 + capacity / 2) / capacity);
}

}  // namespace jetway::reports
