// What a partner's webhook receives when one of its bookings changes: the event (confirmed, ticketed, changed,
// cancelled, schedule change), with an id of its own so that a receiver recognises a second delivery, the booking's
// keys and its status in the partner API's terms; signed with HMAC-SHA256 over the timestamp and the body under the
// partner's webhook secret. Pure: composing and signing; the outbox and the sender are partner_events.hpp and
// webhook_sender.hpp.
//
// Verifying a delivery (docs/partner-api.md): take the X-Jetway-Timestamp and X-Jetway-Signature headers; compute
// HMAC-SHA256(secret, timestamp + "." + raw body) in hex; compare it with the signature after "v1=" in constant
// time; refuse a timestamp more than five minutes from now (a replay); and drop an X-Jetway-Event-Id already seen.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "booking/pnr.hpp"
#include "core/time.hpp"

namespace jetway::partners {

enum class BookingEventType { kConfirmed, kTicketed, kChanged, kCancelled, kScheduleChange };
std::string_view ToString(BookingEventType type);  // "confirmed", "ticketed", "changed", "cancelled", "schedule_change"

inline constexpr const char* kEventIdHeader = "X-Jetway-Event-Id";
inline constexpr const char* kTimestampHeader = "X-Jetway-Timestamp";
inline constexpr const char* kSignatureHeader = "X-Jetway-Signature";

struct BookingEvent {
  std::string event_id;  // a UUID
  BookingEventType type = BookingEventType::kConfirmed;
  core::Instant at;
  std::int64_t booking_id = 0;
  std::string confirmation_id;
  std::string locator;
  std::string status;  // BookingStatusCode's code
  std::string reason;  // why, when the event alone does not say (a cancelled hold that "expired")
};

// A booking's status as the partner API shows it: OK confirmed; PN held with names, pending payment; HN held
// before names are given; XX cancelled or expired.
std::string_view BookingStatusCode(booking::BookingStatus status, bool has_names);

// {"aerocrs":{"bookingEvent":{"eventid":…,"event":…,"occurred":…,"bookingid":…,"bookingconfirmation":…,
// "pnrref":…,"status":…[,"reason":…]}}}
std::string EventBody(const BookingEvent& event);
// "v1=" and the hex HMAC-SHA256 of "<timestamp>.<body>" under `secret`.
std::string Signature(std::string_view secret, std::int64_t timestamp, std::string_view body);

}  // namespace jetway::partners
