#include "core/time.hpp"

#include <fmt/compile.h>
#include <fmt/core.h>

#include <exception>

namespace jetway::core {

namespace {
bool ParseFixed(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  out = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}
}  // namespace

std::optional<LocalDate> ParseIsoDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!ParseFixed(text, 0, 4, y) || !ParseFixed(text, 5, 2, m) || !ParseFixed(text, 8, 2, d)) return std::nullopt;
  LocalDate date{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

// Compiled: searches format a date for every key they look up (a day, its price strip's days).
std::string FormatIsoDate(LocalDate day) {
  return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}"), static_cast<int>(day.year()),
                     static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
}

std::string FormatUtc(Instant instant) {
  const auto days = date::floor<date::days>(instant);
  const date::year_month_day ymd{days};
  const date::hh_mm_ss hms{instant - days};
  return fmt::format("{}T{:02}:{:02}:{:02}Z", FormatIsoDate(ymd), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

std::string FormatLocal(Instant instant, const date::time_zone* zone) {
  const auto info = zone->get_info(instant);
  const auto local = date::local_seconds{instant.time_since_epoch() + info.offset};
  const auto days = date::floor<date::days>(local);
  const date::year_month_day ymd{days};
  const date::hh_mm_ss hms{local - days};
  const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  const long abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{}T{:02}:{:02}:{:02}{}{:02}:{:02}", FormatIsoDate(ymd), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), offset_minutes < 0 ? '-' : '+', abs_offset / 60,
                     abs_offset % 60);
}

std::string LocalDayOf(const std::string& formatted_local) { return formatted_local.substr(0, 10); }

std::string LocalClockOf(const std::string& formatted_local) {
  return formatted_local.size() >= 16 ? formatted_local.substr(11, 5) : formatted_local;
}

std::optional<Instant> ParseUtc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto day = ParseIsoDate(text.substr(0, 10));
  int h = 0, m = 0, s = 0;
  if (!day || !ParseFixed(text, 11, 2, h) || !ParseFixed(text, 14, 2, m) || !ParseFixed(text, 17, 2, s))
    return std::nullopt;
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  return Instant{date::sys_days{*day}.time_since_epoch() + std::chrono::hours{h} + std::chrono::minutes{m} +
                 std::chrono::seconds{s}};
}

const date::time_zone* FindZone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

Instant LocalToUtc(const date::time_zone* zone, LocalDate day, int minutes_after_midnight) {
  const date::local_seconds local = date::local_days{day} + std::chrono::minutes{minutes_after_midnight};
  return std::chrono::floor<std::chrono::seconds>(zone->to_sys(local, date::choose::earliest));
}

LocalDate LocalDateOf(Instant instant, const date::time_zone* zone) {
  const auto local = zone->to_local(instant);
  return LocalDate{date::floor<date::days>(local)};
}

int IsoWeekday(LocalDate day) { return static_cast<int>(date::weekday{date::sys_days{day}}.iso_encoding()); }

LocalDate AddDays(LocalDate day, int days) { return LocalDate{date::sys_days{day} + date::days{days}}; }

}  // namespace jetway::core
