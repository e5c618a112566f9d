// What a boarding pass shows, in the reader's language and the airports' local times: the one description of a
// pass that its page, its PDF and its e-mail all print (so they never disagree). Pure over its inputs; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "booking/booking_service.hpp"
#include "reference/reference_service.hpp"
#include "web/locales.hpp"

namespace jetway::booking {

struct BoardingCard {
  int passenger = 0;
  int segment = 0;
  std::string name;            // "MS IDA HANSEN"
  std::string infant;          // "+ INF ELLA HANSEN": an infant on this passenger's lap; "" none
  std::string flight_number;   // "X9101"
  std::string date;            // the departure's local day, in the reader's language
  std::string departs;         // local clock "09:00"
  std::string boarding;        // local clock boarding starts
  std::string gate_closes;     // local clock
  std::string origin, origin_city, destination, destination_city;
  std::string seat;            // "12A"; "INF" for an infant; "" none (given at the gate)
  std::string sequence;        // "007"
  std::string cabin;           // "Y"
  std::string locator;
  std::string eticket;         // "919-2000000001 6"; "" none
  std::string bcbp;            // the barcode's text
};

std::vector<BoardingCard> BoardingCardsOf(const BookingView& booking, const std::vector<BoardingPass>& passes,
                                          const reference::AirportDirectory& airports, const web::Locales& locales,
                                          const web::Language& lang);

}  // namespace jetway::booking
