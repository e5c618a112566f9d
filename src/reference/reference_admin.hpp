// Staff keeping the airline's reference data (schedules.read to look, reference.write to change): the airports its
// network serves, one airport added or edited, and its aircraft cabin configurations. A configuration changed here
// is what flights created afterwards are built with; flights already scheduled keep their cabins (the schedule
// screen moves a line to another configuration, without losing booked seats). Thread-safe (shares only the pool).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"

namespace jetway::reference {

class ReferenceAdminService {
 public:
  explicit ReferenceAdminService(store::ConnectionPool& data) : data_(data) {}

  core::Result<std::vector<Airport>> Served(const core::Actor& actor);
  // AIRPORT_NOT_FOUND when the code is not in the table.
  core::Result<Airport> FindAirport(const core::Actor& actor, const std::string& code);
  core::Result<void> SaveAirport(const core::Actor& actor, const Airport& airport);
  core::Result<Airline> FindAirline(const core::Actor& actor, const std::string& designator);
  // The airline's hold time and sales cut-off (reference.write); nullopt: the default. SetSalesPolicy's refusals.
  // The airline's web check-in times by airport (schedules.read), and one airport's set or (nullopt) back to the
  // default (reference.write); INVALID_AIRPORT for an airport jetway does not know.
  core::Result<std::vector<std::pair<std::string, CheckInTimes>>> CheckInTimesOf(const core::Actor& actor,
                                                                                 const std::string& airline);
  core::Result<void> SaveCheckInTimes(const core::Actor& actor, const std::string& airline, const std::string& airport,
                                      const std::optional<CheckInTimes>& times);
  // The airline's prices of extras (fares.read), and one set or (nullopt) no longer sold (fares.write).
  core::Result<std::vector<std::pair<std::string, core::Money>>> ExtraPricesOf(const core::Actor& actor,
                                                                               const std::string& airline);
  core::Result<void> SaveExtraPrice(const core::Actor& actor, const std::string& airline, const std::string& code,
                                    const std::optional<core::Money>& price);
  core::Result<void> SaveSalesPolicy(const core::Actor& actor, const std::string& designator,
                                     std::optional<int> hold_minutes, std::optional<int> sales_cutoff_minutes);
  // reference.write: where the airline is from, its logo, and what it requires of every passenger
  // (SetAirlineProfile's refusals).
  core::Result<void> SaveAirlineProfile(const core::Actor& actor, const std::string& designator,
                                        const std::string& country, const std::string& logo_url,
                                        const core::PassengerRules& rules);
  core::Result<std::vector<CabinConfig>> Configs(const core::Actor& actor, const std::string& airline);
  // INVALID_CONFIG_CODE, INVALID_AIRCRAFT_TYPE, or UpsertCabinConfig's refusals; the configuration's id.
  core::Result<std::int64_t> SaveConfig(const core::Actor& actor, const std::string& airline, const CabinConfig& config);

 private:
  store::ConnectionPool& data_;
};

}  // namespace jetway::reference
