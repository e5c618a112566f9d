// Reads and files fares, taxes and currency rates. Fares are looked up by airline, route (either direction when
// the fare says so) and travel date, and come back grouped by booking class so a search prices every class of a
// segment with one query. Stateless functions over a connection.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"
#include "store/store.hpp"

namespace jetway::pricing {

struct FiledFare {
  std::string airline;
  std::string origin;
  std::string destination;
  bool both_directions = true;
  Fare fare;
  core::LocalDate valid_from;
  core::LocalDate valid_to;
};

struct FiledTax {
  std::string airport;
  std::string code;
  std::string name;
  core::Money amount;
  bool applies_to_infants = false;
};

// Checks the fare (route, class, amount and currency, brand, conditions, validity) and inserts it; its new id.
core::Result<std::int64_t> FileFare(store::Connection& db, const FiledFare& fare);
core::Result<void> ValidateFare(const FiledFare& fare);
core::Result<void> FileTax(store::Connection& db, const FiledTax& tax);
core::Result<void> SetRate(store::Connection& db, const std::string& from, const std::string& to,
                           std::int64_t rate_micros);

// The filed fare with this id (the partner API names fares by it); nullopt when there is none.
std::optional<FiledFare> FindFare(store::Connection& db, std::int64_t fare_id);
// Whether the fare applies to a segment of `airline` from `origin` to `destination` departing on `travel_date`
// (local): its airline, its route in its direction (or either, when it says so), its validity.
bool FareApplies(const FiledFare& fare, const std::string& airline, const std::string& origin,
                 const std::string& destination, core::LocalDate travel_date);

RateTable LoadRates(store::Connection& db);
// booking class -> fares per passenger type and the origin's taxes, valid on `travel_date`.
std::map<std::string, SegmentPricing> LoadSegmentPricing(store::Connection& db, const std::string& airline,
                                                         const std::string& origin, const std::string& destination,
                                                         core::LocalDate travel_date);
// The same for one booking class: what LoadSegmentPricing has under `booking_class`, or nullopt when no fare of
// that class is valid on the day.
std::optional<SegmentPricing> LoadClassPricing(store::Connection& db, const std::string& airline,
                                               const std::string& origin, const std::string& destination,
                                               core::LocalDate travel_date, const std::string& booking_class);
// Sends LoadClassPricing's reads ahead (store::Statement::Prefetch): the next LoadClassPricing with the same
// arguments reads their answers.
void PrefetchClassPricing(store::Connection& db, const std::string& airline, const std::string& origin,
                          const std::string& destination, core::LocalDate travel_date,
                          const std::string& booking_class);

}  // namespace jetway::pricing
