// The node's in-process copy of what availability searches read: each day's flights on a route (direct and one
// stop), each flight's seats by class, each route's fares and taxes on a date, the airlines' sales terms and the
// currency rates. Pieces are loaded from the database the first time a search needs them and then served from
// memory to every search on the node, so a repeated search touches no database.
//
// What keeps it true (the bound a search's answer is held to):
// - A change committed on this node is in the next search: every write transaction of the node's data pools counts
//   itself (store::ConnectionPool::CountCommitsIn), and a search that finds the count moved first follows the feed.
// - A change committed elsewhere (another node, `jetway ssim import`) is in searches once the node next follows the
//   feed, every `[search] feed_poll_ms` (5 ms).
// - Whatever happens to the feed, no piece is served more than `max_age` (1 s) after it was read.
// The feed is written by triggers (data migration 31): a flight's counters or controls changing append it to
// inventory_changes; anything else searches read moves catalogue_version, which drops every piece. On PostgreSQL
// feed numbers are taken before commit, so a number can appear after a higher one: a missing number is looked for
// again until `max_age` has passed. A hold always counts the seats again in its own transaction, so what a search
// shows can never oversell.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "inventory/nesting.hpp"
#include "pricing/fare.hpp"
#include "shopping/journey.hpp"
#include "store/store.hpp"

namespace jetway::shopping {

// One dated flight as a search lists it, formatted once for every search that shows it.
struct FlightRow {
  SegmentView segment;
  std::string fares_key;  // the airline, route and the origin's local date: what the flight is priced by
};
using FlightRows = std::vector<FlightRow>;
// One-stop journeys: two flights of one airline meeting the connection times.
using FlightPairs = std::vector<std::pair<FlightRow, FlightRow>>;

// A flight's cabins in nest order, and the nested availability of each class.
struct FlightSeats {
  std::vector<inventory::CabinInventory> cabins;
  std::map<std::string, int> available;
};

// What a search needs of an airline: when it stops selling a flight, and the currency it prices in.
struct AirlineTerms {
  std::chrono::minutes sales_cutoff{0};
  std::string base_currency;
};

using SegmentFares = std::map<std::string, pricing::SegmentPricing>;

// One day's journeys on a route priced for one party and currency, before the sales cut-off and the caller's
// airlines leave some out: what a repeated search shows, built once. True while none of its flights' seats were
// evicted since the search that built it began.
struct PricedJourneys {
  std::vector<Journey> journeys;
  std::optional<core::Error> error;  // a fare that could not be priced (kept like any answer: it is the catalogue's)
};

struct SnapshotSettings {
  std::chrono::milliseconds max_age{1000};
  std::size_t max_entries = 20'000;  // of each kind of piece; a full shard starts again empty
};

// A map of loaded pieces, sharded so searches on different keys do not wait on one another. A piece is put only
// if nothing in its shard was evicted since the search that loaded it began (its `since` tick): a search whose
// read began before a change cannot put back what the change evicted.
template <class Key, class Value>
class PieceCache {
 public:
  explicit PieceCache(std::size_t max_entries) : per_shard_(std::max<std::size_t>(1, max_entries / kShards)) {}

  // The piece, unless missing, read before `fresh_after`, or no longer `current(value, since)` by what it rests on.
  template <class Current>
  std::shared_ptr<const Value> Find(const Key& key, std::chrono::steady_clock::time_point fresh_after,
                                    const Current& current) const {
    const auto& shard = ShardOf(key);
    std::shared_lock lock(shard.mutex);
    auto it = shard.pieces.find(key);
    if (it == shard.pieces.end() || it->second.loaded_at <= fresh_after ||
        !current(*it->second.value, it->second.since))
      return nullptr;
    return it->second.value;
  }

  void Put(const Key& key, std::shared_ptr<const Value> value, std::chrono::steady_clock::time_point loaded_at,
           std::uint64_t since) {
    auto& shard = ShardOf(key);
    std::unique_lock lock(shard.mutex);
    if (shard.evicted_at.load() > since) return;
    if (shard.pieces.size() >= per_shard_) shard.pieces.clear();
    shard.pieces.insert_or_assign(key, Piece{std::move(value), loaded_at, since});
  }

  void Evict(const Key& key, std::uint64_t tick) {
    auto& shard = ShardOf(key);
    std::unique_lock lock(shard.mutex);
    shard.pieces.erase(key);
    shard.evicted_at.store(tick);
  }

  void Clear(std::uint64_t tick) {
    for (auto& shard : shards_) {
      std::unique_lock lock(shard.mutex);
      shard.pieces.clear();
      shard.evicted_at.store(tick);
    }
  }

  // The tick of the last eviction among the keys that share `key`'s shard (at least `key`'s own last).
  std::uint64_t EvictedAt(const Key& key) const { return ShardOf(key).evicted_at.load(); }

  std::size_t size() const {
    std::size_t total = 0;
    for (const auto& shard : shards_) {
      std::shared_lock lock(shard.mutex);
      total += shard.pieces.size();
    }
    return total;
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Piece {
    std::shared_ptr<const Value> value;
    std::chrono::steady_clock::time_point loaded_at;
    std::uint64_t since;  // the tick the search that loaded it began at
  };
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<Key, Piece> pieces;
    std::atomic<std::uint64_t> evicted_at{0};  // read without the lock by EvictedAt
  };
  Shard& ShardOf(const Key& key) { return shards_[std::hash<Key>{}(key) % kShards]; }
  const Shard& ShardOf(const Key& key) const { return shards_[std::hash<Key>{}(key) % kShards]; }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

class SearchSnapshot {
 public:
  explicit SearchSnapshot(SnapshotSettings settings = {});

  // Where this node's data pools count their write commits.
  std::atomic<std::uint64_t>& commits() { return commits_; }
  // True when this node committed since the feed was last followed.
  bool Behind() const { return commits_.load() != followed_commits_.load(); }
  // Reads the feed in its own read transaction and drops what changed. With `only_if_behind`, does nothing when
  // another search followed it since this node's last commit.
  void Follow(store::Connection& db, bool only_if_behind = false);

  // A search's view begins here, before its read transaction: what it loads is kept only if nothing it read was
  // evicted since.
  struct View {
    std::uint64_t since;
    std::chrono::steady_clock::time_point started;
  };
  View Begin() const { return View{tick_.load(), std::chrono::steady_clock::now()}; }

  template <class Value>
  using Loader = std::function<Value()>;
  std::shared_ptr<const FlightRows> Direct(const View& view, const std::string& key, const Loader<FlightRows>& load);
  std::shared_ptr<const FlightPairs> Connections(const View& view, const std::string& key,
                                                 const Loader<FlightPairs>& load);
  std::shared_ptr<const FlightSeats> Seats(const View& view, std::int64_t flight_id, const Loader<FlightSeats>& load);
  std::shared_ptr<const SegmentFares> Fares(const View& view, const std::string& key,
                                            const Loader<SegmentFares>& load);
  std::shared_ptr<const AirlineTerms> Airline(const View& view, const std::string& designator,
                                              const Loader<AirlineTerms>& load);
  std::shared_ptr<const pricing::RateTable> Rates(const View& view, const Loader<pricing::RateTable>& load);
  std::shared_ptr<const PricedJourneys> Journeys(const View& view, const std::string& key,
                                                 const Loader<PricedJourneys>& load);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t loads = 0;
    std::uint64_t follows = 0;
    std::uint64_t flights_evicted = 0;
    std::uint64_t catalogue_reloads = 0;  // every piece dropped: the catalogue changed, or the feed was lost
    std::size_t flights_held = 0;
  };
  Stats stats() const;

 private:
  // A piece rests only on the database rows it was read from, which the feed evicts it by.
  static bool Always(const auto&, std::uint64_t) { return true; }

  template <class Key, class Value, class Current = decltype(&Always<Value>)>
  std::shared_ptr<const Value> Get(PieceCache<Key, Value>& cache, const View& view, const Key& key,
                                   const Loader<Value>& load, const Current& current = &Always<Value>) {
    if (auto held = cache.Find(key, view.started - settings_.max_age, current)) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return held;
    }
    loads_.fetch_add(1, std::memory_order_relaxed);
    auto value = std::make_shared<const Value>(load());
    cache.Put(key, value, view.started, view.since);
    return value;
  }
  void DropEverything();
  void EvictFlight(std::int64_t flight_id);

  SnapshotSettings settings_;
  PieceCache<std::string, FlightRows> direct_;
  PieceCache<std::string, FlightPairs> connections_;
  PieceCache<std::int64_t, FlightSeats> seats_;
  PieceCache<std::string, SegmentFares> fares_;
  PieceCache<std::string, AirlineTerms> airlines_;
  PieceCache<int, pricing::RateTable> rates_;
  PieceCache<std::string, PricedJourneys> journeys_;

  std::atomic<std::uint64_t> tick_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> followed_commits_{0};

  // The feed's reader state, under follow_mutex_.
  std::mutex follow_mutex_;
  bool started_ = false;
  std::int64_t catalogue_version_ = 0;
  std::int64_t last_seq_ = 0;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> missing_;  // numbers not seen yet, since when

  std::atomic<std::uint64_t> hits_{0}, loads_{0}, follows_{0}, flights_evicted_{0}, catalogue_reloads_{0};
};

// Removes feed entries older than `keep` (the back office's node; nodes follow within milliseconds).
int PruneFeed(store::Connection& db, core::Instant now, std::chrono::seconds keep = std::chrono::minutes{10});

}  // namespace jetway::shopping
