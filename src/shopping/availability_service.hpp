// Availability search ("shopping"): the direct flights and one-stop connections on the same airline between two
// airports on a date, each with the booking classes a party can book now, the nested seats available (capped at 9)
// and the party's total price in the asked currency. Reads only. With the node's SearchSnapshot, what it reads
// comes from memory within that snapshot's bound (search_snapshot.hpp); without one, from the database in one read
// transaction. The service object holds references to start-up data and is safe to share across threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"
#include "reference/reference_service.hpp"
#include "shopping/search_snapshot.hpp"
#include "shopping/journey.hpp"
#include "store/store.hpp"

namespace jetway::shopping {

inline constexpr int kDefaultMinConnectionMinutes = reference::kDefaultMinConnectionMinutes;
inline constexpr int kMaxConnectionMinutes = 6 * 60;
inline constexpr int kMaxDaysAhead = 361;

struct SearchRequest {
  std::string origin;
  std::string destination;
  core::LocalDate date;
  std::optional<core::LocalDate> return_date;
  pricing::PartyMix party;
  std::optional<std::string> currency;  // default: the airline's base currency
  std::vector<std::string> airlines = {};  // the airlines whose flights are offered (a site's, a partner's); empty: all
};

// The journeys one search shows on one day: those of the priced day (shared, unchanged, with every search of that
// route, day, party and currency while the snapshot holds it) that are on sale to the caller, in the day's order.
// Iterates as `const Journey&`; nothing is copied.
class JourneyList {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Journey;
    using difference_type = std::ptrdiff_t;
    using pointer = const Journey*;
    using reference = const Journey&;
    Iterator() = default;
    Iterator(const PricedJourneys* day, std::vector<std::uint32_t>::const_iterator at) : day_(day), at_(at) {}
    reference operator*() const { return day_->journeys[*at_]; }
    pointer operator->() const { return &**this; }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    Iterator operator++(int) {
      auto before = *this;
      ++at_;
      return before;
    }
    bool operator==(const Iterator& other) const { return at_ == other.at_; }

   private:
    const PricedJourneys* day_ = nullptr;
    std::vector<std::uint32_t>::const_iterator at_;
  };

  JourneyList() = default;
  JourneyList(std::shared_ptr<const PricedJourneys> day, std::vector<std::uint32_t> shown)
      : day_(std::move(day)), shown_(std::move(shown)) {}

  Iterator begin() const { return {day_.get(), shown_.begin()}; }
  Iterator end() const { return {day_.get(), shown_.end()}; }
  std::size_t size() const { return shown_.size(); }
  bool empty() const { return shown_.empty(); }
  const Journey& front() const { return day_->journeys[shown_.front()]; }

  // The priced day the journeys are of, and where each shown one is in it: what lets a front door keep what it
  // renders of a day for every search that shows the same day.
  const std::shared_ptr<const PricedJourneys>& day() const { return day_; }
  const std::vector<std::uint32_t>& positions() const { return shown_; }

 private:
  std::shared_ptr<const PricedJourneys> day_;
  std::vector<std::uint32_t> shown_;
};

struct SearchResult {
  JourneyList outbound;
  JourneyList inbound;
};

// The cheapest offer on one day (nullopt: nothing bookable that day).
struct DayPrice {
  core::LocalDate date;
  std::optional<core::Money> lowest;
};

class AvailabilityService {
 public:
  // With a `replica` (an asynchronous PostgreSQL standby), searches read there, and on the primary while the
  // replica cannot be reached. What they show may be a moment old; a hold counts the seats again on the primary.
  AvailabilityService(store::ConnectionPool& data, const reference::AirportDirectory& airports,
                      const core::Clock& clock, store::ConnectionPool* replica = nullptr,
                      SearchSnapshot* snapshot = nullptr)
      : data_(data), replica_(replica), airports_(airports), clock_(clock), snapshot_(snapshot) {}

  core::Result<SearchResult> Search(const SearchRequest& request) const;
  // The lowest price per day for `days_around` days either side of the request's outbound (or, with `return_leg`,
  // return) date, skipping days that cannot be searched: the strip of fares above a results page. One snapshot.
  // Expects a request Search accepted.
  std::vector<DayPrice> PriceCalendar(const SearchRequest& request, bool return_leg, int days_around) const;
  // Brings the snapshot up to the feed (a node's periodic task), on the pool searches read.
  void FollowFeed() const;

 private:
  // Follows the feed first when this node committed since it was last followed.
  void CatchUp(store::ConnectionPool& pool) const;
  core::Result<SearchResult> SearchOn(store::ConnectionPool& pool, const SearchRequest& request,
                                      core::Instant now) const;
  std::vector<DayPrice> CalendarOn(store::ConnectionPool& pool, const SearchRequest& request,
                                   const reference::Airport& origin, const reference::Airport& destination,
                                   core::LocalDate center, core::LocalDate today, core::Instant now,
                                   int days_around) const;
  // Runs `read` on the replica, or on the primary when there is none or it is unavailable.
  template <class Read>
  auto OnReadPool(Read&& read) const {
    if (replica_) {
      try {
        return read(*replica_);
      } catch (const store::StoreError& e) {
        if (e.kind() != store::StoreErrorKind::kUnavailable) throw;
      }
    }
    return read(data_);
  }

  store::ConnectionPool& data_;
  store::ConnectionPool* replica_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
  SearchSnapshot* snapshot_;
};

// The cheapest offer of each fare brand, cheapest first: what a passenger chooses between (the classes behind a
// brand are revenue management's business, not the passenger's). Points into `offers`, which nothing is copied from.
std::vector<const Offer*> CheapestPerBrand(const std::vector<Offer>& offers);

SegmentView MakeSegmentView(const reference::AirportDirectory& airports, std::int64_t flight_id,
                            const std::string& airline, int flight_number, const std::string& origin,
                            const std::string& destination, core::Instant departure, core::Instant arrival);

}  // namespace jetway::shopping
