// The e-mail that tells a passenger the airline changed a flight of their booking (ScheduleChangeService queues it):
// each change not yet answered, as it was sold and as it is now, and where to accept it or ask for a refund
// (templates mail/schedule_change.html and .txt, texts mail_sc_* and sc_*).
#pragma once

#include "booking/booking_service.hpp"
#include "booking/schedule_change_service.hpp"
#include "mail/sender.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"
#include "web/locales.hpp"
#include "web/templates.hpp"

namespace jetway::booking {

// A booking that is gone, or has no change left unanswered (the passenger answered first), is a permanent
// failure: there is nothing left to tell.
class ScheduleChangeMailSource final : public mail::MessageSource {
 public:
  ScheduleChangeMailSource(BookingService& bookings, store::ConnectionPool& data,
                           const reference::AirportDirectory& airports, const web::Templates& templates,
                           const web::Locales& locales)
      : bookings_(bookings), data_(data), airports_(airports), templates_(templates), locales_(locales) {}

  core::Result<mail::Composed> Compose(const mail::Claimed& message) override;

 private:
  BookingService& bookings_;
  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const web::Templates& templates_;
  const web::Locales& locales_;
};

// What a page or an e-mail shows of one schedule change (keys: flight, route, was_*, now_*, outcome flags).
web::View ScheduleChangeView(const ScheduleChange& change);

}  // namespace jetway::booking
