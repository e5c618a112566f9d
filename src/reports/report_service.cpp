#include "reports/report_service.hpp"

#include <fmt/core.h>

#include <map>
#include <tuple>

#include "core/codes.hpp"
#include "reports/reports_sql.hpp"

namespace jetway::reports {

using core::ErrorKind;
using core::Fail;

namespace {

std::int64_t StartOf(core::LocalDate day) { return core::ToEpoch(core::Instant{date::sys_days{day}}); }

bool KnownChannel(const std::string& name) {
  for (auto c : {core::Channel::kWeb, core::Channel::kApi, core::Channel::kOffice, core::Channel::kAgent,
                 core::Channel::kPartner})
    if (core::ToString(c) == name) return true;
  return false;
}

bool OnRoute(const ReportQuery& q, const std::string& origin, const std::string& destination) {
  return (q.origin.empty() || q.origin == origin) && (q.destination.empty() || q.destination == destination);
}

core::Result<void> Refused(const core::Actor& actor, const ReportQuery& query) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kReportsRead)) return std::unexpected(*refused);
  return Validate(query);
}

}  // namespace

core::Result<void> Validate(const ReportQuery& q) {
  if (!q.from.ok() || !q.to.ok() || q.to < q.from)
    return Fail(ErrorKind::kInvalid, "INVALID_PERIOD", "the period must end on or after its first day", "to");
  if ((date::sys_days{q.to} - date::sys_days{q.from}).count() >= kMaxReportDays)
    return Fail(ErrorKind::kInvalid, "INVALID_PERIOD", fmt::format("a report covers at most {} days", kMaxReportDays),
                "to");
  if (!q.origin.empty() && !core::IsAirportCode(q.origin))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "origin must be an IATA airport code", "origin");
  if (!q.destination.empty() && !core::IsAirportCode(q.destination))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "destination must be an IATA airport code", "destination");
  if (!q.channel.empty() && !KnownChannel(q.channel))
    return Fail(ErrorKind::kInvalid, "INVALID_CHANNEL", "channel must be web, api, office, agent or partner",
                "channel");
  return {};
}

std::vector<RouteLoad> LoadsByRoute(const std::vector<schedule::FlightLoad>& flights) {
  std::map<std::pair<std::string, std::string>, RouteLoad> sums;
  for (const auto& f : flights) {
    auto& sum = sums[{f.flight.origin, f.flight.destination}];
    sum.origin = f.flight.origin;
    sum.destination = f.flight.destination;
    ++sum.flights;
    sum.capacity += f.capacity;
    sum.sold += f.sold;
  }
  std::vector<RouteLoad> routes;
  for (auto& [key, sum] : sums) routes.push_back(std::move(sum));
  return routes;
}

core::Result<std::vector<SaleShare>> ReportService::Sales(const core::Actor& actor, const ReportQuery& query) {
  if (auto ok = Refused(actor, query); !ok) return std::unexpected(ok.error());
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(sql::kSaleSegments);
  stmt.Bind(1, StartOf(query.from)).Bind(2, StartOf(core::AddDays(query.to, 1))).Bind(3, query.channel);
  std::vector<SaleShare> shares;
  std::int64_t payment = 0;
  std::vector<core::Money> parts;
  std::size_t next = 0;
  while (stmt.Step()) {
    if (stmt.Int(0) != payment || next >= parts.size()) {
      payment = stmt.Int(0);
      parts = Shares(core::Money{stmt.Int(2), stmt.Text(3)}, static_cast<std::size_t>(stmt.Int(9)));
      next = 0;
    }
    const auto& amount = parts[next++];
    const auto origin = stmt.Text(6);
    const auto destination = stmt.Text(7);
    if (!OnRoute(query, origin, destination)) continue;
    shares.push_back(SaleShare{core::LocalDate{date::floor<date::days>(core::FromEpoch(stmt.Int(1)))}, stmt.Int(4),
                               stmt.Text(5), origin, destination, stmt.Text(8), amount});
  }
  return shares;
}

core::Result<std::vector<BookingActivity>> ReportService::Activity(const core::Actor& actor,
                                                                  const ReportQuery& query) {
  if (auto ok = Refused(actor, query); !ok) return std::unexpected(ok.error());
  std::vector<BookingActivity> days;
  for (auto day = query.from; day <= query.to; day = core::AddDays(day, 1)) days.push_back(BookingActivity{day});
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(sql::kBookingEvents);
  stmt.Bind(1, StartOf(query.from)).Bind(2, StartOf(core::AddDays(query.to, 1))).Bind(3, query.channel)
      .Bind(4, query.origin).Bind(5, query.destination);
  const auto first = date::sys_days{query.from};
  while (stmt.Step()) {
    const auto day = date::floor<date::days>(core::FromEpoch(stmt.Int(0)));
    auto& entry = days.at(static_cast<std::size_t>((day - first).count()));
    const auto action = stmt.Text(1);
    if (action == "CONFIRM") ++entry.confirmed;
    else if (action == "CANCEL") ++entry.cancelled;
    else ++entry.expired;
  }
  return days;
}

core::Result<std::vector<schedule::FlightLoad>> ReportService::Loads(const core::Actor& actor,
                                                                     const ReportQuery& query) {
  if (auto ok = Refused(actor, query); !ok) return std::unexpected(ok.error());
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<schedule::FlightLoad> flights;
  for (auto& f : schedule::ListFlightLoads(*lease, "", query.from, query.to))
    if (OnRoute(query, f.flight.origin, f.flight.destination)) flights.push_back(std::move(f));
  return flights;
}

}  // namespace jetway::reports
