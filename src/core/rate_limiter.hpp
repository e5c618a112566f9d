// Token buckets per key (a client address): on average `per_second` requests a second, in bursts of up to `burst`.
// Against floods: a client over its rate waits, everyone else is served. Memory is bounded by `max_keys`; per
// process; thread-safe (the keys are spread over shards, each with its own lock, so the servers' threads rarely
// wait for each other).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"

namespace jetway::core {

struct RatePolicy {
  double per_second = 20;
  int burst = 100;
};

class RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit RateLimiter(RatePolicy policy, std::size_t max_keys = 200000);

  // Takes a token for `key`: nullopt when there was one; otherwise how long until there is (nothing is taken).
  std::optional<std::chrono::milliseconds> Take(std::string_view key, TimePoint now);
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint updated{};
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;

  double Refilled(const Bucket& bucket, TimePoint now) const;
  void MakeRoom(Shard& shard, TimePoint now);

  RatePolicy policy_;
  std::size_t max_keys_per_shard_;
  std::array<Shard, kShards> shards_;
};

// The answer to a request over its rate: 429 TOO_MANY_REQUESTS, `message` saying whose rate, and Retry-After: the
// wait Take returned, in whole seconds rounded up.
Error OverRate(std::chrono::milliseconds wait, std::string message);

}  // namespace jetway::core
