#include "partners/quota.hpp"

#include <fmt/core.h>

namespace jetway::partners {

namespace {

core::Error Exceeded(const std::string& message, std::chrono::seconds wait) {
  auto error = core::MakeError(core::ErrorKind::kTooManyRequests, "QUOTA_EXCEEDED", message);
  error.retry_after_seconds = static_cast<int>(std::max<std::int64_t>(1, wait.count()));
  return error;
}

}  // namespace

std::optional<core::Error> QuotaRefusal(const Quotas& q, const Used& used, CallKind kind,
                                        std::chrono::seconds to_next_minute, std::chrono::seconds to_next_day) {
  if (kind == CallKind::kSearch) {
    if (used.searches_this_minute >= q.searches_per_minute)
      return Exceeded(fmt::format("Search quota exceeded: at most {} searches a minute", q.searches_per_minute),
                      to_next_minute);
    if (used.searches_today >= q.searches_per_day)
      return Exceeded(fmt::format("Search quota exceeded: at most {} searches a day", q.searches_per_day),
                      to_next_day);
    if (q.look_to_book > 0 && used.searches_today >= kLookToBookGrace &&
        used.searches_today >= static_cast<std::int64_t>(q.look_to_book) * std::max<std::int64_t>(1, used.bookings_today))
      return Exceeded(fmt::format("Look-to-book ratio exceeded: at most {} searches per booking today", q.look_to_book),
                      to_next_day);
  }
  if (kind == CallKind::kBooking) {
    if (used.bookings_this_minute >= q.bookings_per_minute)
      return Exceeded(fmt::format("Booking quota exceeded: at most {} bookings a minute", q.bookings_per_minute),
                      to_next_minute);
    if (used.bookings_today >= q.bookings_per_day)
      return Exceeded(fmt::format("Booking quota exceeded: at most {} bookings a day", q.bookings_per_day),
                      to_next_day);
  }
  return std::nullopt;
}

}  // namespace jetway::partners
