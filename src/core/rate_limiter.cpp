#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace jetway::core {

RateLimiter::RateLimiter(RatePolicy policy, std::size_t max_keys)
    : policy_(policy), max_keys_per_shard_(std::max<std::size_t>(1, max_keys / kShards)) {}

double RateLimiter::Refilled(const Bucket& bucket, TimePoint now) const {
  const std::chrono::duration<double> idle = now - bucket.updated;
  return std::min<double>(policy_.burst, bucket.tokens + std::max(0.0, idle.count()) * policy_.per_second);
}

std::optional<std::chrono::milliseconds> RateLimiter::Take(std::string_view key, TimePoint now) {
  auto& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    MakeRoom(shard, now);
    it = shard.buckets.emplace(std::string(key), Bucket{static_cast<double>(policy_.burst), now}).first;
  }
  auto& bucket = it->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait_seconds = (1 - bucket.tokens) / policy_.per_second;
  return std::chrono::milliseconds{static_cast<std::int64_t>(std::ceil(wait_seconds * 1000))};
}

// A full shard first forgets the buckets that have filled up again (a client that went quiet: it would start full
// anyway, so nothing is lost). If nearly every bucket is still being drawn on (a flood from very many addresses),
// the shard starts afresh: those clients get a fresh burst, which bounds memory at the cost of one burst each.
void RateLimiter::MakeRoom(Shard& shard, TimePoint now) {
  if (shard.buckets.size() < max_keys_per_shard_) return;
  std::erase_if(shard.buckets, [&](const auto& item) { return Refilled(item.second, now) >= policy_.burst; });
  if (shard.buckets.size() > max_keys_per_shard_ / 2) shard.buckets.clear();
}

std::size_t RateLimiter::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

Error OverRate(std::chrono::milliseconds wait, std::string message) {
  auto error = MakeError(ErrorKind::kTooManyRequests, "TOO_MANY_REQUESTS", std::move(message));
  error.retry_after_seconds = static_cast<int>(std::chrono::ceil<std::chrono::seconds>(wait).count());
  return error;
}

}  // namespace jetway::core
