// A flight's passenger manifest as a PDF (pdf/canvas): the flight and its closing, counts by status and passenger
// type, and every passenger with booking, seat, sequence, status, ticket and bags, in the reader's language.
#pragma once

#include <string>

#include "booking/departure_control.hpp"
#include "web/locales.hpp"

namespace jetway::booking {

std::string ManifestPdf(const FlightDeparture& flight, const std::string& airline_name, const web::Locales& locales,
                        const web::Language& lang);

}  // namespace jetway::booking
