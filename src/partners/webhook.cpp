#include "partners/webhook.hpp"

#include <fmt/core.h>

#include "api/json_writer.hpp"
#include "core/digest.hpp"

namespace jetway::partners {

std::string_view ToString(BookingEventType type) {
  switch (type) {
    case BookingEventType::kConfirmed: return "confirmed";
    case BookingEventType::kTicketed: return "ticketed";
    case BookingEventType::kChanged: return "changed";
    case BookingEventType::kCancelled: return "cancelled";
    case BookingEventType::kScheduleChange: return "schedule_change";
  }
  return "changed";
}

std::string_view BookingStatusCode(booking::BookingStatus status, bool has_names) {
  switch (status) {
    case booking::BookingStatus::kConfirmed: return "OK";
    case booking::BookingStatus::kHeld: return has_names ? "PN" : "HN";
    case booking::BookingStatus::kCancelled:
    case booking::BookingStatus::kExpired: return "XX";
  }
  return "XX";
}

std::string EventBody(const BookingEvent& e) {
  api::JsonWriter w;
  auto when = core::FormatUtc(e.at);  // 2026-03-14T05:25:00Z -> 2026/03/14 05:25
  when = when.substr(0, 16);
  when[4] = when[7] = '/';
  when[10] = ' ';
  w.BeginObject().Key("aerocrs").BeginObject().Key("bookingEvent").BeginObject();
  w.Field("eventid", e.event_id)
      .Field("event", ToString(e.type))
      .Field("occurred", when)
      .Field("bookingid", e.booking_id)
      .Field("bookingconfirmation", e.confirmation_id)
      .Field("pnrref", e.locator)
      .Field("status", e.status);
  if (!e.reason.empty()) w.Field("reason", e.reason);
  w.EndObject().EndObject().EndObject();
  return w.Take();
}

std::string Signature(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  return "v1=" + core::HmacSha256Hex(secret, fmt::format("{}.{}", timestamp, body));
}

}  // namespace jetway::partners
