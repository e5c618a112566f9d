// The JSON of search answers' journeys, rendered once per priced day. A priced day (shopping::PricedJourneys) does
// not change once built and is shared by every search of its route, date, party and currency while the node's
// snapshot holds it, so its journeys' JSON is the same for each of those searches: rendering it again was about a
// third of a repeated search's CPU. A day's JSON is held only while the day itself lives (it is looked up by the
// day's identity, through a weak reference), and for at most `max_days` days (a day's JSON is 3-12 KB, so the
// default bounds it near 25 MB; a day whose JSON was dropped is rendered again, as before this memo).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "shopping/search_snapshot.hpp"

namespace jetway::api {

// Each journey of one priced day as a JSON object, in the day's order.
class RenderedDay {
 public:
  explicit RenderedDay(const shopping::PricedJourneys& day);
  std::string_view Journey(std::size_t position) const {
    const auto [begin, end] = spans_[position];
    return std::string_view(json_).substr(begin, end - begin);
  }

 private:
  std::string json_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
};

class RenderedDays {
 public:
  explicit RenderedDays(std::size_t max_days = 2048) : per_shard_(std::max<std::size_t>(1, max_days / kShards)) {}
  RenderedDays(const RenderedDays&) = delete;
  RenderedDays& operator=(const RenderedDays&) = delete;

  // The day's journeys rendered: as held, or rendered now (and held).
  std::shared_ptr<const RenderedDay> Of(const std::shared_ptr<const shopping::PricedJourneys>& day);
  std::size_t size() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Entry {
    std::weak_ptr<const shopping::PricedJourneys> day;  // expired: the address may be another day's now
    std::shared_ptr<const RenderedDay> rendered;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<const shopping::PricedJourneys*, Entry> entries;
  };
  Shard& ShardOf(const shopping::PricedJourneys* day) {
    return shards_[std::hash<const shopping::PricedJourneys*>{}(day) % kShards];
  }
  static void MakeRoom(Shard& shard, std::size_t per_shard);

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace jetway::api
