// Error tracking: every 5xx answer and every unexpected exception, kept in the management database with its request
// id, route, release, node and error, grouped by cause (a fingerprint of route, status, code and the error with its
// numbers taken out) with first and last seen and a count; and every request counted per hour and route, so the
// back office shows the error rate per transaction (errors ÷ requests) per hour and per day.
//
// Requests only touch memory: the tracker's Flush, on a periodic task, writes what accumulated in one transaction.
// While the database is down (a cause of errors itself) the events wait, at most kMaxPending of them; the rest are
// counted as dropped and the count is written with the next flush.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::ops {

struct ErrorEvent {
  core::Instant at;
  std::string request_id;
  std::string listener;  // public, admin
  std::string route;     // the route's pattern ("unmatched" for none): never the path's own values
  std::string method;
  std::string path;
  int status = 500;
  std::string code;   // the answer's error code (INTERNAL_ERROR, DATABASE_UNAVAILABLE, ...)
  std::string error;  // what went wrong on our side: the exception's text, else the code
};

// The cause an event is grouped under: route, status, code and the error with digits and hex runs folded, so that
// "row 17 locked" and "row 912 locked" are one cause.
std::string Fingerprint(const ErrorEvent& event);
std::string FoldNumbers(std::string_view text);

class ErrorTracker {
 public:
  static constexpr std::size_t kMaxPending = 1000;
  static constexpr std::size_t kMaxErrorChars = 1000;
  // Each event is kept a month; the groups and the hourly counts a quarter (the rates' history).
  static constexpr int kKeepEventsDays = 30;
  static constexpr int kKeepCountsDays = 90;

  ErrorTracker(std::string release, std::string node);

  // Every answered request: counted; a 5xx (or a fault behind any answer) is also an event.
  void Observe(ErrorEvent event);
  // The same, with the event made by `describe()` only for a 5xx: a request that went well costs a count, not
  // the copies of its id, route, method and path (every answer comes here).
  template <class Describe>
  void Observe(core::Instant at, std::string_view listener, std::string_view route, int status, Describe&& describe) {
    if (IsError(status)) Observe(describe());
    else CountRequest(at, listener, route);
  }
  // Writes what accumulated; on failure keeps it for the next time and rethrows.
  void Flush(store::ConnectionPool& mgmt);
  // Events and counts not yet written (tests, and the flush's log line).
  std::size_t pending() const;

 private:
  struct Count {
    std::int64_t requests = 0;
    std::int64_t errors = 0;
  };
  using CountKey = std::tuple<std::int64_t, std::string, std::string>;  // hour start (epoch s), listener, route
  using Counts = std::map<CountKey, Count, std::less<>>;  // looked up by string views too

  static bool IsError(int status) { return status >= 500; }
  void CountRequest(core::Instant at, std::string_view listener, std::string_view route);
  // The hour's count for the listener and route (made when missing); under mutex_.
  Count& CountOf(core::Instant at, std::string_view listener, std::string_view route);

  void Write(store::Connection& mgmt, const std::vector<ErrorEvent>& events, const Counts& counts,
             std::uint64_t dropped) const;
  void Prune(store::Connection& mgmt, core::Instant now) const;

  std::string release_;
  std::string node_;
  mutable std::mutex mutex_;
  std::vector<ErrorEvent> events_;
  Counts counts_;
  std::uint64_t dropped_ = 0;
  mutable std::int64_t pruned_hour_ = -1;  // Flush's thread only
};

}  // namespace jetway::ops
