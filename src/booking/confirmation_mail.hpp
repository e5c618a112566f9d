// The booking confirmation e-mail: rendered from a booking (BookingService's view) with the templates
// mail/booking_confirmation.html and .txt and the mail_* texts of the passenger's language (English where a text
// or the language is missing). The HTML is escaped by the template engine; the plain text comes from its own
// template, not from stripping the HTML. Read-only after construction; thread-safe as its collaborators are.
#pragma once

#include <string>
#include <string_view>

#include "booking/booking_service.hpp"
#include "mail/sender.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"
#include "web/locales.hpp"
#include "web/templates.hpp"

namespace jetway::booking {

// A fare's terms in one line, from the same texts as the pages: "Light · 0 checked bags · no changes · not refundable".
std::string TermsLine(const FareTerms& terms, const web::Locales& locales, const web::Language& lang);

// `airline_name` is the operating airline's name ("Kattegat Air").
mail::Composed ComposeConfirmationMail(const booking::BookingView& booking, const std::string& airline_name,
                                    const reference::AirportDirectory& airports, const web::Templates& templates,
                                    const web::Locales& locales, std::string_view language);

// The outbox's composer for kConfirmationMail rows. A booking that is gone, or no longer CONFIRMED when its
// e-mail's turn comes (cancelled meanwhile), is a permanent failure: a confirmation of a cancelled booking would
// mislead.
class ConfirmationMailSource final : public mail::MessageSource {
 public:
  ConfirmationMailSource(booking::BookingService& bookings, store::ConnectionPool& data,
                            const reference::AirportDirectory& airports, const web::Templates& templates,
                            const web::Locales& locales)
      : bookings_(bookings), data_(data), airports_(airports), templates_(templates), locales_(locales) {}

  core::Result<mail::Composed> Compose(const mail::Claimed& message) override;

 private:
  booking::BookingService& bookings_;
  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const web::Templates& templates_;
  const web::Locales& locales_;
};

}  // namespace jetway::booking
