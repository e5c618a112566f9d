// The data behind the back office's reports (reports.read): sales shares of approved payments, booking events by
// day, and the seats of dated flights. Reads one snapshot per report (a read transaction); the arithmetic is in
// reports/sales.hpp. Thread-safe (shares only the pool).
#pragma once

#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "reports/sales.hpp"
#include "schedule/schedule_service.hpp"
#include "store/store.hpp"

namespace jetway::reports {

// A report's filters. Days are UTC days of the payment or event (sales, bookings) or local departure dates (loads).
struct ReportQuery {
  core::LocalDate from;
  core::LocalDate to;
  std::string origin;       // "" for any
  std::string destination;  // "" for any
  std::string channel;      // "" for any; a core::Channel name
};

// A report covers at most a year and a leap day.
inline constexpr int kMaxReportDays = 366;

// INVALID_PERIOD, INVALID_AIRPORT, INVALID_CHANNEL.
core::Result<void> Validate(const ReportQuery& query);

struct RouteLoad {
  std::string origin;
  std::string destination;
  int flights = 0;
  std::int64_t capacity = 0;
  std::int64_t sold = 0;
};
std::vector<RouteLoad> LoadsByRoute(const std::vector<schedule::FlightLoad>& flights);

class ReportService {
 public:
  explicit ReportService(store::ConnectionPool& data) : data_(data) {}

  // Shares of the payments taken in the period, on segments of the route when one is given.
  core::Result<std::vector<SaleShare>> Sales(const core::Actor& actor, const ReportQuery& query);
  // One entry per day of the period, days without events included.
  core::Result<std::vector<BookingActivity>> Activity(const core::Actor& actor, const ReportQuery& query);
  // Flights departing in the period on the route; the channel does not apply to seats.
  core::Result<std::vector<schedule::FlightLoad>> Loads(const core::Actor& actor, const ReportQuery& query);

 private:
  store::ConnectionPool& data_;
};

}  // namespace jetway::reports
