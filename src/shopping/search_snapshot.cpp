#include "shopping/search_snapshot.hpp"

#include "shopping/shopping_sql.hpp"

namespace jetway::shopping {

namespace {

// More changes than this between two follows: the node drops everything rather than read them all.
constexpr std::int64_t kMostFollowed = 10'000;

struct FeedRow {
  std::int64_t seq;
  std::int64_t flight_id;
};

}  // namespace

SearchSnapshot::SearchSnapshot(SnapshotSettings settings)
    : settings_(settings),
      direct_(settings.max_entries),
      connections_(settings.max_entries),
      seats_(settings.max_entries),
      fares_(settings.max_entries),
      airlines_(settings.max_entries),
      rates_(1),
      journeys_(settings.max_entries) {}

std::shared_ptr<const FlightRows> SearchSnapshot::Direct(const View& view, const std::string& key,
                                                         const Loader<FlightRows>& load) {
  return Get(direct_, view, key, load);
}

std::shared_ptr<const FlightPairs> SearchSnapshot::Connections(const View& view, const std::string& key,
                                                               const Loader<FlightPairs>& load) {
  return Get(connections_, view, key, load);
}

std::shared_ptr<const FlightSeats> SearchSnapshot::Seats(const View& view, std::int64_t flight_id,
                                                         const Loader<FlightSeats>& load) {
  return Get(seats_, view, flight_id, load);
}

std::shared_ptr<const SegmentFares> SearchSnapshot::Fares(const View& view, const std::string& key,
                                                          const Loader<SegmentFares>& load) {
  return Get(fares_, view, key, load);
}

std::shared_ptr<const AirlineTerms> SearchSnapshot::Airline(const View& view, const std::string& designator,
                                                            const Loader<AirlineTerms>& load) {
  return Get(airlines_, view, designator, load);
}

std::shared_ptr<const pricing::RateTable> SearchSnapshot::Rates(const View& view,
                                                                const Loader<pricing::RateTable>& load) {
  return Get(rates_, view, 0, load);
}

std::shared_ptr<const PricedJourneys> SearchSnapshot::Journeys(const View& view, const std::string& key,
                                                               const Loader<PricedJourneys>& load) {
  // Priced from its flights' seats: current while none of them was evicted since it was built.
  auto seats_unchanged = [this](const PricedJourneys& priced, std::uint64_t since) {
    return std::all_of(priced.journeys.begin(), priced.journeys.end(), [&](const Journey& journey) {
      return std::all_of(journey.segments.begin(), journey.segments.end(), [&](const SegmentView& segment) {
        return seats_.EvictedAt(segment.flight_id) <= since;
      });
    });
  };
  return Get(journeys_, view, key, load, seats_unchanged);
}

void SearchSnapshot::DropEverything() {
  const auto tick = ++tick_;
  direct_.Clear(tick);
  connections_.Clear(tick);
  seats_.Clear(tick);
  fares_.Clear(tick);
  airlines_.Clear(tick);
  rates_.Clear(tick);
  journeys_.Clear(tick);
  catalogue_reloads_.fetch_add(1, std::memory_order_relaxed);
}

void SearchSnapshot::EvictFlight(std::int64_t flight_id) {
  seats_.Evict(flight_id, ++tick_);
  flights_evicted_.fetch_add(1, std::memory_order_relaxed);
}

void SearchSnapshot::Follow(store::Connection& db, bool only_if_behind) {
  std::lock_guard lock(follow_mutex_);
  if (only_if_behind && !Behind()) return;
  // Read before the feed: a commit counted after this is not covered by what the feed shows now.
  const auto commits = commits_.load();
  const auto now = std::chrono::steady_clock::now();
  const std::int64_t floor = missing_.empty() ? last_seq_ : std::min(last_seq_, missing_.begin()->first - 1);
  // The feed's last number: where a node starts (or starts again) following it.
  const auto feed_end = [&db] {
    auto last = db.Prepare(sql::kFeedEnd);
    last.Step();
    return last.Int(0);
  };
  std::int64_t version = 0, end = 0;
  std::vector<FeedRow> rows;
  if (!started_) {
    store::Transaction tx(db, store::Transaction::Mode::kRead);
    auto stmt = db.Prepare(sql::kCatalogueVersion);
    if (stmt.Step()) version = stmt.Int(0);
    end = feed_end();
    tx.Commit();
  } else {
    auto feed = db.Prepare(sql::kFeedSince);
    feed.Bind(1, floor).Bind(2, kMostFollowed + 1);
    while (feed.Step()) {
      if (feed.Int(0) == 0) version = feed.Int(2);
      else rows.push_back(FeedRow{feed.Int(1), feed.Int(2)});
    }
  }
  follows_.fetch_add(1, std::memory_order_relaxed);
  const bool flood = static_cast<std::int64_t>(rows.size()) > kMostFollowed;
  if (flood) end = feed_end();
  if (!started_ || flood) {
    // The first follow, or more changes than are worth reading one by one: nothing held can be trusted.
    DropEverything();
    started_ = true;
    catalogue_version_ = version;
    last_seq_ = end;
    missing_.clear();
    followed_commits_.store(commits);
    return;
  }
  if (version != catalogue_version_) {
    DropEverything();
    catalogue_version_ = version;
  }
  for (const auto& row : rows) {
    if (row.seq > last_seq_) {
      // Numbers skipped are transactions that took theirs and have not committed yet (PostgreSQL), or never will.
      if (row.seq - last_seq_ - 1 > kMostFollowed) {
        DropEverything();
        missing_.clear();
      } else {
        for (auto seq = last_seq_ + 1; seq < row.seq; ++seq) missing_.emplace(seq, now);
      }
      last_seq_ = row.seq;
      EvictFlight(row.flight_id);
    } else if (missing_.erase(row.seq) > 0) {
      EvictFlight(row.flight_id);
    }
  }
  std::erase_if(missing_, [&](const auto& entry) { return now - entry.second > settings_.max_age; });
  followed_commits_.store(commits);
}

SearchSnapshot::Stats SearchSnapshot::stats() const {
  return Stats{hits_.load(), loads_.load(), follows_.load(), flights_evicted_.load(), catalogue_reloads_.load(),
               seats_.size()};
}

int PruneFeed(store::Connection& db, core::Instant now, std::chrono::seconds keep) {
  store::Transaction tx(db);
  db.Prepare(sql::kPruneFeed).Bind(1, core::ToEpoch(now - keep)).Exec();
  const int removed = db.Changes();
  tx.Commit();
  return removed;
}

}  // namespace jetway::shopping
