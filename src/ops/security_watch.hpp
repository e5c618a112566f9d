// Signs of an attack in the answers a node gives, counted per client address in fixed windows (10 minutes by
// default, aligned to the clock so that every node's windows are the same): requests the firewall blocked, pages
// that do not exist (a scanner trying /wp-admin, /.git, /backup.zip) and requests refused over the rate limit (a
// flood). An address that reaches a threshold within a window is reported, and then what it adds, so that the
// management database (ops/security_events.hpp) holds one row per address, sign and window. In memory and quick:
// it is told of every answer. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"

namespace jetway::ops {

inline constexpr std::string_view kFirewallBlocks = "firewall_blocks";
inline constexpr std::string_view kNotFoundScan = "not_found_scan";
inline constexpr std::string_view kFlood = "flood";
inline constexpr std::string_view kLoginFailures = "login_failures";  // counted in the database (security_events.hpp)

struct SecurityThresholds {
  std::chrono::seconds window{600};
  std::int64_t firewall_blocks = 20;  // one address's requests the firewall refused
  std::int64_t not_found = 50;        // one address's 404s; a person following a stale link makes a few
  std::int64_t rate_limited = 200;    // one address's 429s over the request rate (a browser backs off long before)
  std::int64_t login_failures = 10;   // staff e-mail addresses failing to sign in, from anywhere: password spraying
};

// What a window of one sign from one source came to: `count` is what was added since the last report.
struct SecurityCount {
  std::string kind;
  std::string source;  // a client address, or what was sprayed ("staff sign-in")
  core::Instant window_start;
  std::int64_t count = 0;
  core::Instant first_seen;
  core::Instant last_seen;
};

// The window an instant falls in: windows start at multiples of their length since the epoch.
core::Instant WindowStart(core::Instant at, std::chrono::seconds window);

// The sign an answer is, if any: 403 REQUEST_BLOCKED, 404, 429 TOO_MANY_REQUESTS.
std::string_view SignOf(int status, std::string_view code);

class SecurityWatch {
 public:
  // Beyond `max_sources` tracked at once (a spoofing flood), new sources are not counted until windows end.
  explicit SecurityWatch(SecurityThresholds thresholds, std::size_t max_sources = 10000);

  void ObserveAnswer(int status, std::string_view code, const std::string& source, core::Instant now);
  // Sources at or over their threshold with what they added since the last call; forgets ended windows.
  std::vector<SecurityCount> TakeReports(core::Instant now);
  const SecurityThresholds& thresholds() const { return thresholds_; }
  std::int64_t uncounted() const;  // answers not counted because max_sources were tracked

 private:
  struct Counter {
    core::Instant window_start;
    std::int64_t count = 0;
    std::int64_t reported = 0;
    core::Instant first_seen;
    core::Instant last_seen;
  };
  std::int64_t ThresholdOf(std::string_view kind) const;
  void ForgetEnded(core::Instant now);

  SecurityThresholds thresholds_;
  std::size_t max_sources_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Counter, std::less<>> counters_;
  std::int64_t uncounted_ = 0;
};

}  // namespace jetway::ops
