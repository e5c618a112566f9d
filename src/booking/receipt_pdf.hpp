// A booking's itinerary receipt as a PDF (pdf/canvas): the airline, the booking reference and when its tickets were
// issued; each passenger with their e-ticket; the flights in local airport times with the class and the fare's
// terms; the fare and taxes per passenger type and the total; the extras' EMDs; the payments. In the reader's language (the pages'
// texts, English where one is missing). Thread-safe: each call draws its own document.
#pragma once

#include <string>
#include <string_view>

#include "booking/booking_service.hpp"
#include "reference/reference_service.hpp"
#include "web/locales.hpp"

namespace jetway::booking {

// The PDF's bytes. Throws std::runtime_error should cairo fail.
std::string ReceiptPdf(const BookingView& booking, const std::string& airline_name,
                       const reference::AirportDirectory& airports, const web::Locales& locales,
                       std::string_view language);

}  // namespace jetway::booking
