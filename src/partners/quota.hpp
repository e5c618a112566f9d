// A partner's quotas applied to what it has used: searches and bookings per minute and per day, and the look-to-book
// ceiling (searches per booking over the day, once the day has had kLookToBookGrace searches). Pure.
#pragma once

#include <chrono>
#include <optional>

#include "core/error.hpp"
#include "partners/partner.hpp"

namespace jetway::partners {

struct Used {
  int searches_this_minute = 0;
  int bookings_this_minute = 0;
  std::int64_t searches_today = 0;
  std::int64_t bookings_today = 0;
};

// Whether one more call of `kind` fits: nullopt, or QUOTA_EXCEEDED (429) naming the quota, with the seconds until
// it resets (the next minute, or the next UTC day) as its Retry-After. A quota of 0 means none of that kind.
std::optional<core::Error> QuotaRefusal(const Quotas& quotas, const Used& used, CallKind kind,
                                        std::chrono::seconds to_next_minute, std::chrono::seconds to_next_day);

}  // namespace jetway::partners
