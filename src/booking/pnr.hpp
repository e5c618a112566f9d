// The rules of a booking (PNR) that need no database: its status machine, the passenger names and ages a
// confirmation must carry, and the contact details. Pure functions over values.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.hpp"
#include "core/error.hpp"
#include "core/passenger_rules.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"

namespace jetway::booking {

enum class BookingStatus { kHeld, kConfirmed, kCancelled, kExpired };
std::string_view ToString(BookingStatus status);
std::optional<BookingStatus> ParseBookingStatus(std::string_view text);

// Refuses a move the lifecycle does not allow (only HELD may confirm or expire; HELD and CONFIRMED may cancel).
core::Result<void> CheckTransition(BookingStatus from, BookingStatus to);

inline constexpr int kMaxSegments = 20;
inline constexpr int kMaxNameLength = 30;

// The titles a passenger of a type may have, in the order a form offers them: MR, MRS, MS, MISS, DR, MX for adults;
// MSTR, MISS, MX for children and infants.
std::span<const std::string_view> TitlesFor(core::PaxType type);

// A passenger's travel document, as APIS (SSR DOCS) carries it. Countries are ISO 3166 alpha-2, as partners and
// forms give them (DOCS itself wants alpha-3: converted where a DOCS element is written).
struct TravelDocument {
  std::string type;  // "P" passport, "I" identity card
  std::string number;
  std::string issuing_country;
  std::optional<core::LocalDate> expiry;

  bool operator==(const TravelDocument&) const = default;
};

struct Passenger {
  core::PaxType pax_type = core::PaxType::kAdult;
  std::string title;
  std::string first_name;
  std::string last_name;
  std::optional<core::LocalDate> date_of_birth;
  std::optional<int> infant_of;  // 1-based position of the adult an infant travels with
  // Travel data (given default initializers so the many brace-initialised passengers without it stay short).
  std::string nationality = {};  // ISO 3166 alpha-2; "" not given
  std::optional<TravelDocument> document = {};
  std::string place_of_birth = {};  // "" not given
};

struct Contact {
  std::string email;
  std::string phone;
};

// Age in whole years on a date.
int AgeOn(core::LocalDate birth, core::LocalDate on);

// Checks the names against the booked party: counts per type, titles, name characters, children aged 2-11 and
// infants under 2 on the first day of travel (dates of birth required for both), each infant with its own adult;
// the travel data given (nationality, document, place of birth) well formed, a document valid on the first day of
// travel; and what the airline's `rules` require present (PASSENGER_DATA_REQUIRED).
// Every problem at once, at most one per field, in field order: what a form shows next to its fields.
std::vector<core::Error> PassengerProblems(const std::vector<Passenger>& passengers, const pricing::PartyMix& booked,
                                           core::LocalDate first_travel_date, core::LocalDate today,
                                           const core::PassengerRules& rules = {});
// The first of PassengerProblems: what the API answers.
core::Result<void> ValidatePassengers(const std::vector<Passenger>& passengers, const pricing::PartyMix& booked,
                                      core::LocalDate first_travel_date, core::LocalDate today,
                                      const core::PassengerRules& rules = {});

core::Result<void> ValidateContact(const Contact& contact);
// The airline's rule for correcting a confirmed passenger's name: a misspelling may be put right, the ticket may not
// go to someone else. Allowed: at most kMaxNameCorrection characters changed (inserted, removed or replaced) over
// first and last name together, or first and last name swapped; the title may change within the passenger type's
// titles. NAME_CHANGE_NOT_ALLOWED (409) beyond that, INVALID_NAME / INVALID_TITLE / NAME_UNCHANGED otherwise.
inline constexpr int kMaxNameCorrection = 3;
core::Result<void> CheckNameCorrection(const Passenger& before, const Passenger& after);

// A remark staff add to a booking (an RM element): 1-kMaxRemarkLength characters of printable text.
inline constexpr std::size_t kMaxRemarkLength = 500;
core::Result<void> ValidateRemark(std::string_view text);

// Upper-cases ASCII for name comparison and storage (airline systems keep names in capitals).
std::string NormalizeName(std::string_view name);

}  // namespace jetway::booking
