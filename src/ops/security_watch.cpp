#include "ops/security_watch.hpp"

namespace jetway::ops {

core::Instant WindowStart(core::Instant at, std::chrono::seconds window) {
  const auto seconds = core::ToEpoch(at);
  return core::FromEpoch(seconds - seconds % window.count());
}

std::string_view SignOf(int status, std::string_view code) {
  if (status == 403 && code == "REQUEST_BLOCKED") return kFirewallBlocks;
  if (status == 404) return kNotFoundScan;
  if (status == 429 && code == "TOO_MANY_REQUESTS") return kFlood;
  return {};
}

SecurityWatch::SecurityWatch(SecurityThresholds thresholds, std::size_t max_sources)
    : thresholds_(thresholds), max_sources_(max_sources) {}

std::int64_t SecurityWatch::ThresholdOf(std::string_view kind) const {
  if (kind == kFirewallBlocks) return thresholds_.firewall_blocks;
  if (kind == kNotFoundScan) return thresholds_.not_found;
  return thresholds_.rate_limited;
}

void SecurityWatch::ObserveAnswer(int status, std::string_view code, const std::string& source, core::Instant now) {
  const auto kind = SignOf(status, code);
  if (kind.empty() || source.empty()) return;
  const auto window = WindowStart(now, thresholds_.window);
  std::lock_guard lock(mutex_);
  auto key = std::pair{std::string(kind), source};
  auto it = counters_.find(key);
  if (it == counters_.end()) {
    if (counters_.size() >= max_sources_) ForgetEnded(now);
    if (counters_.size() >= max_sources_) {
      ++uncounted_;
      return;
    }
    it = counters_.emplace(std::move(key), Counter{window, 0, 0, now, now}).first;
  }
  auto& c = it->second;
  if (c.window_start != window) c = Counter{window, 0, 0, now, now};
  ++c.count;
  c.last_seen = now;
}

std::vector<SecurityCount> SecurityWatch::TakeReports(core::Instant now) {
  std::vector<SecurityCount> reports;
  std::lock_guard lock(mutex_);
  for (auto& [key, c] : counters_) {
    if (c.count < ThresholdOf(key.first) || c.count == c.reported) continue;
    reports.push_back({key.first, key.second, c.window_start, c.count - c.reported, c.first_seen, c.last_seen});
    c.reported = c.count;
  }
  ForgetEnded(now);
  return reports;
}

// Called with the mutex held. An ended window is forgotten once it has nothing left to report: it never reached its
// threshold, or TakeReports (every few seconds) has taken all of it.
void SecurityWatch::ForgetEnded(core::Instant now) {
  const auto current = WindowStart(now, thresholds_.window);
  std::erase_if(counters_, [&](const auto& entry) {
    const auto& [key, c] = entry;
    return c.window_start < current && (c.count == c.reported || c.count < ThresholdOf(key.first));
  });
}

std::int64_t SecurityWatch::uncounted() const {
  std::lock_guard lock(mutex_);
  return uncounted_;
}

}  // namespace jetway::ops
