#include "pricing/pricing_service.hpp"

#include <utility>
#include <vector>

#include "core/codes.hpp"
#include "pricing/pricing_sql.hpp"

namespace jetway::pricing {

using core::ErrorKind;
using core::Fail;

core::Result<void> ValidateFare(const FiledFare& f) {
  if (!core::IsAirportCode(f.origin) || !core::IsAirportCode(f.destination) || f.origin == f.destination)
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "fare route must be two different IATA airport codes",
                "origin");
  if (!core::IsBookingClass(f.fare.booking_class))
    return Fail(ErrorKind::kInvalid, "INVALID_BOOKING_CLASS", "booking class must be one letter", "booking_class");
  if (f.fare.amount.minor < 0 || !core::IsCurrencyCode(f.fare.amount.currency))
    return Fail(ErrorKind::kInvalid, "INVALID_AMOUNT", "fare amount must be non-negative in an ISO currency", "amount");
  if (f.fare.brand.empty() || f.fare.brand.size() > 30)
    return Fail(ErrorKind::kInvalid, "INVALID_BRAND", "a fare's brand is 1-30 characters", "brand");
  if (f.fare.change_fee && (f.fare.change_fee->minor < 0 || f.fare.change_fee->currency != f.fare.amount.currency))
    return Fail(ErrorKind::kInvalid, "INVALID_CHANGE_FEE", "a change fee is non-negative, in the fare's currency",
                "change_fee");
  if (f.fare.checked_bags < 0 || f.fare.checked_bags > 5)
    return Fail(ErrorKind::kInvalid, "INVALID_BAGS", "a fare includes 0-5 checked bags", "checked_bags");
  if (!f.valid_from.ok() || !f.valid_to.ok() || f.valid_to < f.valid_from)
    return Fail(ErrorKind::kInvalid, "INVALID_PERIOD", "fare validity must end on or after its start", "valid_to");
  return {};
}

core::Result<std::int64_t> FileFare(store::Connection& db, const FiledFare& f) {
  if (auto ok = ValidateFare(f); !ok) return std::unexpected(ok.error());
  auto insert = db.Prepare(sql::kInsertFare);
  insert
      .Bind(1, f.airline).Bind(2, f.origin).Bind(3, f.destination).Bind(4, f.both_directions)
      .Bind(5, f.fare.booking_class).Bind(6, core::ToString(f.fare.pax_type)).Bind(7, f.fare.brand)
      .Bind(8, f.fare.amount.minor).Bind(9, f.fare.amount.currency).Bind(10, f.fare.refundable)
      .Bind(11, f.fare.change_fee ? std::optional<std::int64_t>(f.fare.change_fee->minor) : std::nullopt)
      .Bind(12, f.fare.checked_bags).Bind(13, core::FormatIsoDate(f.valid_from)).Bind(14, core::FormatIsoDate(f.valid_to));
  insert.Step();
  return insert.Int(0);
}

core::Result<void> FileTax(store::Connection& db, const FiledTax& t) {
  if (!core::IsAirportCode(t.airport)) return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "tax airport must be an IATA code", "airport");
  if (t.amount.minor < 0 || !core::IsCurrencyCode(t.amount.currency))
    return Fail(ErrorKind::kInvalid, "INVALID_AMOUNT", "tax amount must be non-negative in an ISO currency", "amount");
  db.Prepare(sql::kInsertTax)
      .Bind(1, t.airport).Bind(2, t.code).Bind(3, t.name).Bind(4, t.amount.minor).Bind(5, t.amount.currency)
      .Bind(6, t.applies_to_infants)
      .Exec();
  return {};
}

core::Result<void> SetRate(store::Connection& db, const std::string& from, const std::string& to,
                           std::int64_t rate_micros) {
  if (!core::IsCurrencyCode(from) || !core::IsCurrencyCode(to) || rate_micros <= 0)
    return Fail(ErrorKind::kInvalid, "INVALID_RATE", "a rate needs two ISO currencies and a positive value", "rate");
  db.Prepare(sql::kUpsertRate).Bind(1, from).Bind(2, to).Bind(3, rate_micros).Exec();
  return {};
}

RateTable LoadRates(store::Connection& db) {
  RateTable rates;
  auto stmt = db.Prepare(sql::kRates);
  while (stmt.Step()) rates.Set(stmt.Text(0), stmt.Text(1), stmt.Int(2));
  return rates;
}

namespace {

// kSegmentFares or kClassFares with the segment's binds (?1-?4); kClassFares takes its class as ?5.
store::Statement FaresQuery(store::Connection& db, const char* sql, const std::string& airline,
                            const std::string& origin, const std::string& destination, core::LocalDate travel_date) {
  auto stmt = db.Prepare(sql);
  stmt.Bind(1, airline).Bind(2, origin).Bind(3, destination).Bind(4, core::FormatIsoDate(travel_date));
  return stmt;
}

store::Statement ClassFaresQuery(store::Connection& db, const std::string& airline, const std::string& origin,
                                 const std::string& destination, core::LocalDate travel_date,
                                 const std::string& booking_class) {
  auto stmt = FaresQuery(db, sql::kClassFares, airline, origin, destination, travel_date);
  stmt.Bind(5, booking_class);
  return stmt;
}

store::Statement TaxesQuery(store::Connection& db, const std::string& airport) {
  auto stmt = db.Prepare(sql::kTaxes);
  stmt.Bind(1, airport);
  return stmt;
}

std::vector<Tax> LoadTaxes(store::Connection& db, const std::string& airport) {
  std::vector<Tax> taxes;
  auto stmt = TaxesQuery(db, airport);
  while (stmt.Step()) taxes.push_back(Tax{stmt.Text(0), core::Money{stmt.Int(1), stmt.Text(2)}, stmt.Int(3) != 0});
  return taxes;
}

// The fares a kSegmentFares-shaped statement reads, by class and passenger type, each row replacing the one before
// it (the statement's order says which wins), with the origin's taxes.
std::map<std::string, SegmentPricing> ReadFares(store::Statement& stmt, const std::vector<Tax>& taxes) {
  std::map<std::string, SegmentPricing> by_class;
  while (stmt.Step()) {
    auto type = core::ParsePaxType(stmt.Text(1));
    if (!type) continue;
    Fare fare{stmt.Text(0), *type, stmt.Text(2), core::Money{stmt.Int(3), stmt.Text(4)}, stmt.Int(5) != 0, {},
              static_cast<int>(stmt.Int(7)), stmt.Int(8)};
    if (auto fee = stmt.OptInt(6)) fare.change_fee = core::Money{*fee, fare.amount.currency};
    by_class[fare.booking_class].fares[*type] = std::move(fare);
  }
  for (auto& [booking_class, segment] : by_class) segment.taxes = taxes;
  return by_class;
}

}  // namespace

std::map<std::string, SegmentPricing> LoadSegmentPricing(store::Connection& db, const std::string& airline,
                                                         const std::string& origin, const std::string& destination,
                                                         core::LocalDate travel_date) {
  const auto taxes = LoadTaxes(db, origin);
  auto stmt = FaresQuery(db, sql::kSegmentFares, airline, origin, destination, travel_date);
  return ReadFares(stmt, taxes);
}

void PrefetchClassPricing(store::Connection& db, const std::string& airline, const std::string& origin,
                          const std::string& destination, core::LocalDate travel_date,
                          const std::string& booking_class) {
  ClassFaresQuery(db, airline, origin, destination, travel_date, booking_class).Prefetch();
  TaxesQuery(db, origin).Prefetch();  // wanted only when a fare is filed, which the fares' answer says: sent anyway
}

std::optional<SegmentPricing> LoadClassPricing(store::Connection& db, const std::string& airline,
                                               const std::string& origin, const std::string& destination,
                                               core::LocalDate travel_date, const std::string& booking_class) {
  auto stmt = ClassFaresQuery(db, airline, origin, destination, travel_date, booking_class);
  auto by_class = ReadFares(stmt, {});
  const auto found = by_class.find(booking_class);
  if (found == by_class.end()) return std::nullopt;
  found->second.taxes = LoadTaxes(db, origin);  // read only when a fare is filed
  return std::move(found->second);
}

std::optional<FiledFare> FindFare(store::Connection& db, std::int64_t fare_id) {
  auto stmt = db.Prepare(sql::kFareById);
  stmt.Bind(1, fare_id);
  if (!stmt.Step()) return std::nullopt;
  auto type = core::ParsePaxType(stmt.Text(5));
  auto from = core::ParseIsoDate(stmt.Text(12));
  auto to = core::ParseIsoDate(stmt.Text(13));
  if (!type || !from || !to) return std::nullopt;
  FiledFare filed{stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Int(3) != 0,
                  Fare{stmt.Text(4), *type, stmt.Text(6), core::Money{stmt.Int(7), stmt.Text(8)}, stmt.Int(9) != 0, {},
                       static_cast<int>(stmt.Int(11)), fare_id},
                  *from, *to};
  if (auto fee = stmt.OptInt(10)) filed.fare.change_fee = core::Money{*fee, filed.fare.amount.currency};
  return filed;
}

bool FareApplies(const FiledFare& fare, const std::string& airline, const std::string& origin,
                 const std::string& destination, core::LocalDate travel_date) {
  const bool forward = fare.origin == origin && fare.destination == destination;
  const bool backward = fare.both_directions && fare.origin == destination && fare.destination == origin;
  return fare.airline == airline && (forward || backward) && fare.valid_from <= travel_date &&
         travel_date <= fare.valid_to;
}

}  // namespace jetway::pricing
