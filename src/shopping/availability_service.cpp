#include "shopping/availability_service.hpp"

#include <fmt/compile.h>
#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <map>

#include "core/codes.hpp"
#include "inventory/inventory_service.hpp"
#include "pricing/pricing_service.hpp"
#include "shopping/shopping_sql.hpp"

namespace jetway::shopping {

using core::ErrorKind;
using core::Fail;

SegmentView MakeSegmentView(const reference::AirportDirectory& airports, std::int64_t flight_id,
                            const std::string& airline, int flight_number, const std::string& origin,
                            const std::string& destination, core::Instant departure, core::Instant arrival) {
  const auto* from = airports.Find(origin);
  const auto* to = airports.Find(destination);
  return SegmentView{flight_id,
                     airline,
                     core::FlightNumber{airline, flight_number}.ToString(),
                     origin,
                     destination,
                     departure,
                     arrival,
                     from ? core::FormatLocal(departure, from->zone) : core::FormatUtc(departure),
                     to ? core::FormatLocal(arrival, to->zone) : core::FormatUtc(arrival)};
}

namespace {

// A flight as searches show it, with the key of the fares it is priced by.
FlightRow MakeRow(const reference::AirportDirectory& airports, store::Statement& stmt, int id, const std::string& airline,
                  int number, const std::string& origin, const std::string& destination, int departure) {
  auto segment = MakeSegmentView(airports, stmt.Int(id), airline, static_cast<int>(stmt.Int(number)), origin,
                                 destination, core::FromEpoch(stmt.Int(departure)),
                                 core::FromEpoch(stmt.Int(departure + 1)));
  // The flights' airports are in the directory (their foreign keys): searches price by the origin's local date.
  const auto day = core::LocalDateOf(segment.departure_utc, airports.Find(origin)->zone);
  std::string key = airline + origin + core::FormatIsoDate(day) + destination;
  return FlightRow{std::move(segment), std::move(key)};
}

FlightRows LoadDirect(store::Connection& db, const reference::AirportDirectory& airports, const std::string& origin,
                      const std::string& day, const std::string& destination) {
  FlightRows rows;
  auto stmt = db.Prepare(sql::kDirect);
  stmt.Bind(1, origin).Bind(2, day).Bind(3, destination);
  while (stmt.Step()) rows.push_back(MakeRow(airports, stmt, 0, stmt.Text(1), 2, stmt.Text(3), stmt.Text(4), 5));
  return rows;
}

FlightPairs LoadConnections(store::Connection& db, const reference::AirportDirectory& airports,
                            const std::string& origin, core::LocalDate date, const std::string& destination) {
  FlightPairs pairs;
  auto stmt = db.Prepare(sql::kConnections);
  stmt.Bind(1, origin)
      .Bind(2, core::FormatIsoDate(date))
      .Bind(3, destination)
      .Bind(4, core::FormatIsoDate(core::AddDays(date, 1)))
      .Bind(5, kDefaultMinConnectionMinutes)
      .Bind(6, kMaxConnectionMinutes);
  while (stmt.Step()) {
    const std::string airline = stmt.Text(1), hub = stmt.Text(4);
    pairs.emplace_back(MakeRow(airports, stmt, 0, airline, 2, stmt.Text(3), hub, 5),
                       MakeRow(airports, stmt, 7, airline, 8, hub, stmt.Text(9), 10));
  }
  return pairs;
}

FlightSeats LoadSeats(store::Connection& db, std::int64_t flight_id) {
  FlightSeats seats{inventory::LoadFlightInventory(db, flight_id), {}};
  for (const auto& cabin : seats.cabins) {
    const auto available = inventory::NestedAvailability(cabin);
    for (std::size_t i = 0; i < cabin.classes.size(); ++i)
      seats.available.emplace(cabin.classes[i].booking_class, available[i]);
  }
  return seats;
}

AirlineTerms LoadTerms(store::Connection& db, const std::string& designator) {
  const auto airline = reference::FindAirline(db, designator);
  return AirlineTerms{reference::SalesCutoff(airline), airline ? airline->base_currency : std::string("EUR")};
}

// What one search reads, each piece once: from the node's snapshot when it has one (loading what it lacks), else
// from the database. The database is opened, in one read transaction, only when a piece has to be loaded.
class SearchContext {
 public:
  SearchContext(store::ConnectionPool& pool, const reference::AirportDirectory& airports, SearchSnapshot* snapshot)
      : pool_(pool),
        airports_(airports),
        snapshot_(snapshot),
        view_(snapshot ? snapshot->Begin() : SearchSnapshot::View{}) {}

  const FlightRows& Direct(const std::string& origin, core::LocalDate date, const std::string& destination) {
    const std::string day = core::FormatIsoDate(date);
    return Remember(direct_, RouteKey(origin, day, destination), &SearchSnapshot::Direct,
                    [&] { return LoadDirect(Db(), airports_, origin, day, destination); });
  }

  const FlightPairs& Connections(const std::string& origin, core::LocalDate date, const std::string& destination) {
    return Remember(connections_, RouteKey(origin, core::FormatIsoDate(date), destination),
                    &SearchSnapshot::Connections,
                    [&] { return LoadConnections(Db(), airports_, origin, date, destination); });
  }

  const FlightSeats& Seats(std::int64_t flight_id) {
    return Remember(seats_, flight_id, &SearchSnapshot::Seats, [&] { return LoadSeats(Db(), flight_id); });
  }

  const SegmentFares& Fares(const FlightRow& flight) {
    const auto& s = flight.segment;
    return Remember(fares_, flight.fares_key, &SearchSnapshot::Fares, [&] {
      const auto date = core::LocalDateOf(s.departure_utc, airports_.Find(s.origin)->zone);
      return pricing::LoadSegmentPricing(Db(), s.airline, s.origin, s.destination, date);
    });
  }

  // The airline's sales cut-off (reference::SalesCutoff) and base currency.
  const AirlineTerms& Terms(const std::string& airline) {
    return Remember(terms_, airline, &SearchSnapshot::Airline, [&] { return LoadTerms(Db(), airline); });
  }

  // The day's journeys priced for the request's party and currency, built by `build` when not held.
  std::shared_ptr<const PricedJourneys> Journeys(const std::string& origin, const std::string& destination,
                                                 core::LocalDate date, const SearchRequest& request,
                                                 const std::function<PricedJourneys()>& build) {
    std::string key = fmt::format(FMT_COMPILE("{}{}{}{}/{}/{}/{}"), origin, core::FormatIsoDate(date), destination,
                                  request.currency.value_or(""), request.party.adults, request.party.children,
                                  request.party.infants);
    return Held(journeys_, std::move(key), &SearchSnapshot::Journeys, build);
  }

  const pricing::RateTable& rates() {
    if (!rates_) {
      auto load = [&] { return pricing::LoadRates(Db()); };
      rates_ = snapshot_ ? snapshot_->Rates(view_, load) : std::make_shared<const pricing::RateTable>(load());
    }
    return *rates_;
  }

 private:
  static std::string RouteKey(const std::string& origin, const std::string& day, const std::string& destination) {
    return origin + day + destination;
  }

  store::Connection& Db() {
    if (!lease_) {
      lease_.emplace(pool_.Acquire());
      tx_.emplace(**lease_, store::Transaction::Mode::kRead);
    }
    return **lease_;
  }

  template <class Key, class Value, class Fetch, class Load>
  const Value& Remember(std::map<Key, std::shared_ptr<const Value>>& held, const Key& key, Fetch fetch, Load load) {
    return *Held(held, key, fetch, load);
  }

  template <class Key, class Value, class Fetch, class Load>
  const std::shared_ptr<const Value>& Held(std::map<Key, std::shared_ptr<const Value>>& held, const Key& key,
                                           Fetch fetch, Load load) {
    auto it = held.find(key);
    if (it == held.end()) {
      auto value = snapshot_ ? (snapshot_->*fetch)(view_, key, load) : std::make_shared<const Value>(load());
      it = held.emplace(key, std::move(value)).first;
    }
    return it->second;
  }

  store::ConnectionPool& pool_;
  const reference::AirportDirectory& airports_;
  SearchSnapshot* snapshot_;
  SearchSnapshot::View view_;
  std::optional<store::ConnectionPool::Lease> lease_;
  std::optional<store::Transaction> tx_;  // after lease_: ends before the connection goes back
  std::shared_ptr<const pricing::RateTable> rates_;
  std::map<std::string, std::shared_ptr<const FlightRows>> direct_;
  std::map<std::string, std::shared_ptr<const FlightPairs>> connections_;
  std::map<std::int64_t, std::shared_ptr<const FlightSeats>> seats_;
  std::map<std::string, std::shared_ptr<const SegmentFares>> fares_;
  std::map<std::string, std::shared_ptr<const AirlineTerms>> terms_;
  std::map<std::string, std::shared_ptr<const PricedJourneys>> journeys_;
};

// The fare a partner names the class by: the adult one (every party has an adult).
std::int64_t FareIdOf(const pricing::SegmentPricing& pricing) {
  auto adult = pricing.fares.find(core::PaxType::kAdult);
  return adult == pricing.fares.end() ? 0 : adult->second.id;
}

core::Result<void> AddOffers(Journey& journey, const std::vector<const FlightRow*>& flights, SearchContext& ctx,
                             const pricing::PartyMix& party, const std::optional<std::string>& asked_currency) {
  const std::string currency = asked_currency.value_or(ctx.Terms(journey.segments.front().airline).base_currency);
  // Each segment's seats and fares, looked up once per journey rather than once per class.
  struct SegmentData {
    const FlightSeats* seats;
    const SegmentFares* prices;
  };
  std::vector<SegmentData> per_segment;
  for (const auto* flight : flights)
    per_segment.push_back({&ctx.Seats(flight->segment.flight_id), &ctx.Fares(*flight)});
  for (const auto& cabin : per_segment.front().seats->cabins) {
    for (const auto& klass : cabin.classes) {
      int seats = inventory::kMaxDisplayedSeats;
      std::vector<const pricing::SegmentPricing*> segment_prices;
      std::vector<std::int64_t> fare_ids;
      bool bookable = true;
      for (const auto& data : per_segment) {
        auto available = data.seats->available.find(klass.booking_class);
        auto fare = data.prices->find(klass.booking_class);
        if (available == data.seats->available.end() || available->second < party.SeatsNeeded() ||
            fare == data.prices->end()) {
          bookable = false;
          break;
        }
        seats = std::min(seats, available->second);
        segment_prices.push_back(&fare->second);
        fare_ids.push_back(FareIdOf(fare->second));
      }
      if (!bookable) continue;
      auto price = pricing::PriceParty(party, segment_prices, ctx.rates(), currency);
      if (!price) {
        if (price.error().code == "FARE_NOT_FOUND") continue;  // class not sold to this passenger mix
        return std::unexpected(price.error());
      }
      const auto& adult = segment_prices.front()->fares.at(core::PaxType::kAdult);
      journey.offers.push_back(Offer{klass.booking_class, cabin.cabin, adult.brand, seats, std::move(*price),
                                     adult.refundable, adult.change_fee, adult.checked_bags, std::move(fare_ids)});
    }
  }
  std::stable_sort(journey.offers.begin(), journey.offers.end(),
                   [](const Offer& a, const Offer& b) { return a.price.total.minor < b.price.total.minor; });
  return {};
}

// Every journey of the day, priced for the party: one piece for whoever asks the same again.
PricedJourneys PriceJourneys(SearchContext& ctx, const std::string& origin, const std::string& destination,
                             core::LocalDate date, const SearchRequest& request) {
  std::vector<std::vector<const FlightRow*>> candidates;
  for (const auto& flight : ctx.Direct(origin, date, destination)) candidates.push_back({&flight});
  for (const auto& [first, second] : ctx.Connections(origin, date, destination))
    candidates.push_back({&first, &second});
  PricedJourneys priced;
  for (const auto& flights : candidates) {
    Journey j;
    for (const auto* flight : flights) j.segments.push_back(flight->segment);
    if (auto ok = AddOffers(j, flights, ctx, request.party, request.currency); !ok) {
      priced.error = ok.error();
      return priced;
    }
    priced.journeys.push_back(std::move(j));
  }
  std::stable_sort(priced.journeys.begin(), priced.journeys.end(), [](const Journey& a, const Journey& b) {
    if (a.segments.front().departure_utc != b.segments.front().departure_utc)
      return a.segments.front().departure_utc < b.segments.front().departure_utc;
    return a.segments.back().arrival_utc < b.segments.back().arrival_utc;
  });
  return priced;
}

// Whether the journey may be offered now: each airline closes its flights for sale its own time before departure,
// and a caller sells only its airlines (empty: all).
bool OnSale(SearchContext& ctx, const Journey& journey, core::Instant now, const std::vector<std::string>& airlines) {
  const auto& first = journey.segments.front();
  if (first.departure_utc < now + ctx.Terms(first.airline).sales_cutoff) return false;
  return airlines.empty() || std::find(airlines.begin(), airlines.end(), first.airline) != airlines.end();
}

std::shared_ptr<const PricedJourneys> PricedDay(SearchContext& ctx, const std::string& origin,
                                                const std::string& destination, core::LocalDate date,
                                                const SearchRequest& request) {
  return ctx.Journeys(origin, destination, date, request,
                      [&] { return PriceJourneys(ctx, origin, destination, date, request); });
}

core::Result<JourneyList> FindJourneys(SearchContext& ctx, const std::string& origin, const std::string& destination,
                                       core::LocalDate date, core::Instant now, const SearchRequest& request) {
  auto priced = PricedDay(ctx, origin, destination, date, request);
  if (priced->error) return std::unexpected(*priced->error);
  std::vector<std::uint32_t> shown;
  shown.reserve(priced->journeys.size());
  for (std::uint32_t i = 0; i < priced->journeys.size(); ++i)
    if (OnSale(ctx, priced->journeys[i], now, request.airlines)) shown.push_back(i);
  return JourneyList(std::move(priced), std::move(shown));
}

}  // namespace

core::Result<SearchResult> AvailabilityService::Search(const SearchRequest& request) const {
  const auto* origin = airports_.Find(request.origin);
  const auto* destination = airports_.Find(request.destination);
  if (!origin)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_AIRPORT", fmt::format("unknown airport code {}", request.origin),
                "origin");
  if (!destination)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_AIRPORT", fmt::format("unknown airport code {}", request.destination),
                "destination");
  if (request.origin == request.destination)
    return Fail(ErrorKind::kInvalid, "SAME_AIRPORT", "origin and destination must differ", "destination");
  if (auto ok = pricing::Validate(request.party); !ok) return std::unexpected(ok.error());

  const auto now = clock_.Now();
  const auto today = core::LocalDateOf(now, origin->zone);
  if (request.date < today)
    return Fail(ErrorKind::kInvalid, "DATE_IN_PAST",
                fmt::format("{} is in the past", core::FormatIsoDate(request.date)), "date");
  if (request.date > core::AddDays(today, kMaxDaysAhead))
    return Fail(ErrorKind::kInvalid, "DATE_TOO_FAR", "flights can be searched up to 361 days ahead", "date");
  if (request.return_date && *request.return_date < request.date)
    return Fail(ErrorKind::kInvalid, "RETURN_BEFORE_OUTBOUND", "the return date is before the outbound date",
                "return_date");
  if (request.return_date && *request.return_date > core::AddDays(today, kMaxDaysAhead))
    return Fail(ErrorKind::kInvalid, "DATE_TOO_FAR", "flights can be searched up to 361 days ahead", "return_date");

  return OnReadPool([&](store::ConnectionPool& pool) { return SearchOn(pool, request, now); });
}

core::Result<SearchResult> AvailabilityService::SearchOn(store::ConnectionPool& pool, const SearchRequest& request,
                                                         core::Instant now) const {
  CatchUp(pool);
  SearchContext ctx(pool, airports_, snapshot_);
  if (request.currency && !core::IsCurrencyCode(*request.currency))
    return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", "currency must be an ISO 4217 code", "currency");
  if (request.currency && !ctx.rates().Knows(*request.currency))
    return Fail(ErrorKind::kInvalid, "UNSUPPORTED_CURRENCY",
                fmt::format("prices cannot be shown in {}", *request.currency), "currency");
  SearchResult result;
  auto outbound = FindJourneys(ctx, request.origin, request.destination, request.date, now,
                               request);
  if (!outbound) return std::unexpected(outbound.error());
  result.outbound = std::move(*outbound);
  if (request.return_date) {
    auto inbound = FindJourneys(ctx, request.destination, request.origin, *request.return_date,
                                now, request);
    if (!inbound) return std::unexpected(inbound.error());
    result.inbound = std::move(*inbound);
  }
  return result;
}

std::vector<DayPrice> AvailabilityService::PriceCalendar(const SearchRequest& request, bool return_leg,
                                                         int days_around) const {
  std::vector<DayPrice> days;
  const auto center = return_leg && request.return_date ? *request.return_date : request.date;
  const auto* origin = airports_.Find(return_leg ? request.destination : request.origin);
  const auto* destination = airports_.Find(return_leg ? request.origin : request.destination);
  if (!origin || !destination || !pricing::Validate(request.party)) return days;
  const auto now = clock_.Now();
  const auto today = core::LocalDateOf(now, origin->zone);
  return OnReadPool([&](store::ConnectionPool& pool) {
    return CalendarOn(pool, request, *origin, *destination, center, today, now, days_around);
  });
}

std::vector<DayPrice> AvailabilityService::CalendarOn(store::ConnectionPool& pool, const SearchRequest& request,
                                                      const reference::Airport& origin,
                                                      const reference::Airport& destination, core::LocalDate center,
                                                      core::LocalDate today, core::Instant now,
                                                      int days_around) const {
  std::vector<DayPrice> days;
  CatchUp(pool);
  SearchContext ctx(pool, airports_, snapshot_);
  for (int offset = -days_around; offset <= days_around; ++offset) {
    const auto day = core::AddDays(center, offset);
    if (day < today || day > core::AddDays(today, kMaxDaysAhead)) continue;
    DayPrice entry{day, std::nullopt};
    const auto priced = PricedDay(ctx, origin.code, destination.code, day, request);
    for (const auto& journey : priced->journeys)  // a day that cannot be priced shows no price
      if (!journey.offers.empty() && OnSale(ctx, journey, now, request.airlines) &&
          (!entry.lowest || journey.offers.front().price.total.minor < entry.lowest->minor))
        entry.lowest = journey.offers.front().price.total;
    days.push_back(std::move(entry));
  }
  return days;
}

void AvailabilityService::CatchUp(store::ConnectionPool& pool) const {
  if (!snapshot_ || !snapshot_->Behind()) return;
  auto lease = pool.Acquire();
  snapshot_->Follow(*lease, true);
}

void AvailabilityService::FollowFeed() const {
  if (!snapshot_) return;
  OnReadPool([&](store::ConnectionPool& pool) {
    auto lease = pool.Acquire();
    snapshot_->Follow(*lease);
  });
}

std::vector<const Offer*> CheapestPerBrand(const std::vector<Offer>& offers) {
  std::vector<const Offer*> sorted;
  sorted.reserve(offers.size());
  for (const auto& offer : offers) sorted.push_back(&offer);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Offer* a, const Offer* b) { return a->price.total.minor < b->price.total.minor; });
  std::vector<const Offer*> result;
  for (const Offer* offer : sorted) {
    const bool seen =
        std::any_of(result.begin(), result.end(), [&](const Offer* o) { return o->brand == offer->brand; });
    if (!seen) result.push_back(offer);
  }
  return result;
}

}  // namespace jetway::shopping
