// Verdicts remembered for byte-identical requests. The firewall's rules are a pure function of what they are given
// (client address, method, target, headers, body: the key holds all of it, compared whole, so no hash collision can
// pass one request for another), and shopping traffic repeats: metasearch sites and partners send the same search
// again and again. A verdict that is not an attack is remembered for a short while, whole (the rules it matched
// below the threshold were logged when they ran, and are not logged again); an attack is never remembered and makes the
// cache forget everything (rules that keep per-client state, such as the CRS's IP reputation, then see every
// request again). Bounded in entries and key size; thread-safe (sharded locks).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/http.hpp"
#include "waf/verdict.hpp"

namespace jetway::waf {

class VerdictCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  struct Limits {
    std::size_t entries = 4096;        // over every shard
    std::chrono::seconds ttl{60};      // how long a clean verdict stands
    std::size_t max_key_bytes = 4096;  // larger requests (bodies, long cookies) are always inspected
  };

  explicit VerdictCache(Limits limits, Clock now = std::chrono::steady_clock::now);

  // Everything the rules read of `request`, or "" when it is too large to remember.
  std::string KeyOf(const http::Request& request) const;
  // The verdict of the request with this key, when it was inspected less than the TTL ago.
  std::optional<Verdict> Find(const std::string& key);
  void Remember(const std::string& key, const Verdict& verdict);
  void Forget();

  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    struct Entry {
      std::chrono::steady_clock::time_point until;
      Verdict verdict;
    };
    std::unordered_map<std::string, Entry> entries;
    std::deque<std::string> order;  // insertion order, for eviction
  };
  Shard& ShardOf(const std::string& key);

  Limits limits_;
  Clock now_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> hits_{0};
};

}  // namespace jetway::waf
