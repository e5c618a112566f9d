// Limits failed attempts per key (a client address, a booking locator) against guessing: `max_failures` in a
// window, and the key is refused until the window has passed; each further lock-out of the same key doubles the
// window (back-off, at most `max_window`), so a patient guesser gets slower and slower. A success does not reset
// the count (a guesser would interleave one). Memory is bounded by `max_keys`. Per process; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"

namespace jetway::core {

struct AttemptPolicy {
  int max_failures = 10;
  std::chrono::seconds window{600};
  std::chrono::seconds max_window{24 * 3600};
};

class AttemptLimiter {
 public:
  AttemptLimiter(const Clock& clock, AttemptPolicy policy, std::size_t max_keys = 100000)
      : clock_(clock), policy_(policy), max_keys_(max_keys) {}

  // nullopt when `key` may try now; otherwise how long until it may (at least a second).
  std::optional<std::chrono::seconds> Refusal(std::string_view key) const;
  // Counts a failed attempt; returns Refusal(key) afterwards.
  std::optional<std::chrono::seconds> Fail(std::string_view key);
  std::size_t size() const;

 private:
  struct Entry {
    int failures = 0;
    int lockouts = 0;
    Instant window_start{};
    Instant locked_until{};
  };
  std::chrono::seconds WindowFor(int lockouts) const;
  std::optional<std::chrono::seconds> RefusalLocked(const Entry& entry, Instant now) const;
  void MakeRoom(Instant now);

  const Clock& clock_;
  AttemptPolicy policy_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace jetway::core
