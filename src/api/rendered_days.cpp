#include "api/rendered_days.hpp"

#include "api/json_writer.hpp"
#include "api/render.hpp"

namespace jetway::api {

RenderedDay::RenderedDay(const shopping::PricedJourneys& day) {
  // Top-level values one after another: the writer puts no comma between them.
  JsonWriter w;
  spans_.reserve(day.journeys.size());
  for (const auto& journey : day.journeys) {
    const auto begin = w.size();
    WriteJourney(w, journey);
    spans_.emplace_back(begin, w.size());
  }
  json_ = w.Take();
}

std::shared_ptr<const RenderedDay> RenderedDays::Of(const std::shared_ptr<const shopping::PricedJourneys>& day) {
  auto& shard = ShardOf(day.get());
  {
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(day.get());
    if (it != shard.entries.end() && !it->second.day.expired()) return it->second.rendered;
  }
  // Rendered outside the lock: two searches of a new day may both render it, and either copy is the same.
  auto rendered = std::make_shared<const RenderedDay>(*day);
  std::lock_guard lock(shard.mutex);
  MakeRoom(shard, per_shard_);
  shard.entries.insert_or_assign(day.get(), Entry{day, rendered});
  return rendered;
}

void RenderedDays::MakeRoom(Shard& shard, std::size_t per_shard) {
  if (shard.entries.size() < per_shard) return;
  std::erase_if(shard.entries, [](const auto& entry) { return entry.second.day.expired(); });
  if (shard.entries.size() >= per_shard) shard.entries.clear();
}

std::size_t RenderedDays::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace jetway::api
