// What happens to bookings, counted for the metrics (ops::Metrics): told by BookingService once each change is
// committed, never for a replayed request.
#pragma once

namespace jetway::booking {

enum class BookingEvent { kHeld, kConfirmed, kCancelled, kExpired, kPaymentDeclined };

class BookingEvents {
 public:
  virtual ~BookingEvents() = default;
  virtual void Count(BookingEvent event, int n) = 0;
};

}  // namespace jetway::booking
