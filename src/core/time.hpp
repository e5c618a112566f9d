// Instants are UTC seconds (stored as epoch seconds); airport-local times exist only at the edges and are
// converted through the OS tz database (date/tz.h). A local time that a DST switch skips or repeats resolves by
// one rule, date::choose::earliest: in an overlap the first (summer-time) instant, in a gap the instant the
// clocks jump (01:30 in a 01:00->02:00 gap is 02:00 new local time). Pure functions; Clock is the injectable
// source of "now".
#pragma once

#include <algorithm>

#include <date/date.h>
#include <date/tz.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jetway::core {

using Instant = std::chrono::sys_seconds;
using LocalDate = date::year_month_day;

// Strict YYYY-MM-DD; rejects impossible dates such as 2026-02-30.
std::optional<LocalDate> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(LocalDate date);
// "2026-03-29T08:30:00Z"
std::string FormatUtc(Instant instant);
// "2026-03-29T10:30:00+02:00", the instant as shown on the airport's clocks.
std::string FormatLocal(Instant instant, const date::time_zone* zone);
// The day ("2026-03-29") and the clock time ("10:30") of a time FormatLocal wrote: what pages and e-mails show.
std::string LocalDayOf(const std::string& formatted_local);
std::string LocalClockOf(const std::string& formatted_local);
// Parses "2026-03-29T08:30:00Z".
std::optional<Instant> ParseUtc(std::string_view text);

// nullptr when the tz database has no such zone.
const date::time_zone* FindZone(std::string_view name);
// The UTC instant of local wall-clock time `minutes_after_midnight` on `day` (may exceed 24h for offsets).
Instant LocalToUtc(const date::time_zone* zone, LocalDate day, int minutes_after_midnight);
// The airport-local calendar date of an instant.
LocalDate LocalDateOf(Instant instant, const date::time_zone* zone);
// ISO weekday: Monday = 1 ... Sunday = 7.
int IsoWeekday(LocalDate day);
LocalDate AddDays(LocalDate day, int days);
inline std::int64_t ToEpoch(Instant instant) { return instant.time_since_epoch().count(); }
inline Instant FromEpoch(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
// Whole seconds from `now` until `until`, rounded up and at least one: what a Retry-After says.
inline std::chrono::seconds SecondsUntil(Instant until, Instant now) {
  return std::max(std::chrono::seconds{1}, std::chrono::ceil<std::chrono::seconds>(until - now));
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }
};

// A clock that stands still until told to move, for tests of time limits. Thread-safe.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(ToEpoch(now)) {}
  Instant Now() const override { return FromEpoch(now_.load()); }
  void Advance(std::chrono::seconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace jetway::core
