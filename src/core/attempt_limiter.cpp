#include "core/attempt_limiter.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

namespace jetway::core {

std::chrono::seconds AttemptLimiter::WindowFor(int lockouts) const {
  auto window = policy_.window;
  for (int i = 0; i < lockouts && window < policy_.max_window; ++i) window *= 2;
  return std::min(window, policy_.max_window);
}

std::optional<std::chrono::seconds> AttemptLimiter::RefusalLocked(const Entry& entry, Instant now) const {
  if (now >= entry.locked_until) return std::nullopt;
  return SecondsUntil(entry.locked_until, now);
}

std::optional<std::chrono::seconds> AttemptLimiter::Refusal(std::string_view key) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return std::nullopt;
  return RefusalLocked(it->second, clock_.Now());
}

std::optional<std::chrono::seconds> AttemptLimiter::Fail(std::string_view key) {
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) {
    MakeRoom(now);
    it = entries_.emplace(std::string(key), Entry{0, 0, now, {}}).first;
  }
  auto& entry = it->second;
  if (auto refused = RefusalLocked(entry, now)) return refused;
  // A window that has passed without a lock-out starts afresh; after a lock-out the back-off is remembered until a
  // whole (doubled) window passes quietly.
  if (now - entry.window_start >= WindowFor(entry.lockouts)) {
    if (entry.lockouts > 0 && now - entry.locked_until >= WindowFor(entry.lockouts)) entry.lockouts = 0;
    entry.failures = 0;
    entry.window_start = now;
  }
  if (++entry.failures >= policy_.max_failures) {
    entry.locked_until = now + WindowFor(entry.lockouts);
    ++entry.lockouts;
    entry.failures = 0;
    entry.window_start = entry.locked_until;
    return RefusalLocked(entry, now);
  }
  return std::nullopt;
}

// Amortised O(1): a full table is swept once, dropping every key not locked out now (their counts are lost, which
// only favours the guesser a little). If most keys are locked out (many guessers at once), the half whose
// lock-outs end soonest go, so a flood of fresh keys never makes each attempt scan the table.
void AttemptLimiter::MakeRoom(Instant now) {
  if (entries_.size() < max_keys_) return;
  std::erase_if(entries_, [&](const auto& item) { return now >= item.second.locked_until; });
  if (entries_.size() <= max_keys_ / 2) return;
  std::vector<Instant> ends;
  ends.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) ends.push_back(entry.locked_until);
  const auto middle = ends.begin() + static_cast<std::ptrdiff_t>(ends.size() / 2);
  std::nth_element(ends.begin(), middle, ends.end());
  const Instant cut = *middle;
  std::erase_if(entries_, [&](const auto& item) { return item.second.locked_until < cut; });
  if (entries_.size() > max_keys_ / 2) {  // many lock-outs end at the same second: drop any of them
    for (auto it = entries_.begin(); it != entries_.end() && entries_.size() > max_keys_ / 2;)
      it = it->second.locked_until == cut ? entries_.erase(it) : std::next(it);
  }
}

std::size_t AttemptLimiter::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace jetway::core
