// What an airline requires of every passenger at confirmation beyond names (booking/pnr.hpp's own rule already asks
// children's and infants' dates of birth): its choice, kept with the airline (reference::Airline), announced to
// partners (getAirlines' mandatory… flags) and enforced by the booking service for every front door.
#pragma once

namespace jetway::core {

struct PassengerRules {
  bool nationality = false;       // ISO 3166 alpha-2
  bool document = false;          // a travel document's type (passport, identity card) and number
  bool document_expiry = false;
  bool document_country = false;  // the country that issued it
  bool date_of_birth = false;     // adults' too
  bool place_of_birth = false;

  bool operator==(const PassengerRules&) const = default;
};

}  // namespace jetway::core
