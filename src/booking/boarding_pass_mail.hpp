// The boarding-pass e-mail sent after a web check-in: each pass's facts in the message (templates
// mail/boarding_pass.html and .txt) and the passes as a PDF attachment with their PDF417 barcodes. The outbox row's
// reference is the booking, its payload the flight (segment) checked in.
#pragma once

#include <string>

#include "booking/booking_service.hpp"
#include "mail/sender.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"
#include "web/locales.hpp"
#include "web/templates.hpp"

namespace jetway::booking {

// A booking that is gone, or no longer has anyone checked in on the flight (offloaded meanwhile), is a permanent
// failure: a pass for a seat no longer held would mislead.
class BoardingPassMailSource final : public mail::MessageSource {
 public:
  BoardingPassMailSource(BookingService& bookings, store::ConnectionPool& data,
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

}  // namespace jetway::booking
