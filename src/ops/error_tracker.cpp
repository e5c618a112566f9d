#include "ops/error_tracker.hpp"

#include <fmt/core.h>

#include <cctype>
#include <exception>
#include <utility>

#include "core/time.hpp"

namespace jetway::ops {
namespace {

constexpr std::int64_t kHour = 3600;

constexpr const char* kUpsertGroup =
    "INSERT INTO error_groups (fingerprint, listener, route, method, status, code, error, first_seen, last_seen, "
    "occurrences, last_request_id, last_release) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (fingerprint) DO UPDATE SET error = excluded.error, last_seen = excluded.last_seen, "
    "occurrences = error_groups.occurrences + excluded.occurrences, last_request_id = excluded.last_request_id, "
    "last_release = excluded.last_release";
constexpr const char* kInsertEvent =
    "INSERT INTO error_events (fingerprint, occurred_at, request_id, method, path, status, release, node, error) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kAddCount =
    "INSERT INTO request_counts (hour_start, listener, route, requests, errors) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (hour_start, listener, route) DO UPDATE SET requests = request_counts.requests + excluded.requests, "
    "errors = request_counts.errors + excluded.errors";

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The events' stand-in when some could not be kept: one group, counting them.
ErrorEvent DroppedEvents(core::Instant at, std::uint64_t dropped) {
  ErrorEvent e;
  e.at = at;
  e.listener = "-";
  e.route = "-";
  e.method = "-";
  e.path = "-";
  e.code = "EVENTS_DROPPED";
  e.error = fmt::format("{} error events were not kept: too many arrived while the database could not be written",
                        dropped);
  return e;
}

}  // namespace

std::string FoldNumbers(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // A long hex run with a digit in it (an address, a hash) or any run of decimal digits (an id, a count): '#'.
    std::size_t end = i;
    bool digit = false;
    while (end < text.size() && IsHex(text[end])) digit |= IsDigit(text[end++]);
    if (digit && end - i >= 8) {
      folded += '#';
      i = end;
    } else if (IsDigit(text[i])) {
      while (i < text.size() && IsDigit(text[i])) ++i;
      folded += '#';
    } else {
      folded += text[i++];
    }
  }
  return folded;
}

std::string Fingerprint(const ErrorEvent& e) {
  const std::string cause = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", e.listener, e.method, e.route, e.status, e.code,
                                        FoldNumbers(e.error));
  // FNV-1a: a stable name for the cause, not a secret.
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : cause) hash = (hash ^ c) * 1099511628211ULL;
  return fmt::format("{:016x}", hash);
}

ErrorTracker::ErrorTracker(std::string release, std::string node)
    : release_(std::move(release)), node_(std::move(node)) {}

ErrorTracker::Count& ErrorTracker::CountOf(core::Instant at, std::string_view listener, std::string_view route) {
  const std::int64_t hour = core::ToEpoch(at) / kHour * kHour;
  auto it = counts_.find(std::tuple<std::int64_t, std::string_view, std::string_view>{hour, listener, route});
  if (it == counts_.end()) it = counts_.emplace(CountKey{hour, listener, route}, Count{}).first;
  return it->second;
}

void ErrorTracker::CountRequest(core::Instant at, std::string_view listener, std::string_view route) {
  std::lock_guard lock(mutex_);
  ++CountOf(at, listener, route).requests;
}

void ErrorTracker::Observe(ErrorEvent event) {
  const bool is_error = IsError(event.status);
  std::lock_guard lock(mutex_);
  auto& count = CountOf(event.at, event.listener, event.route);
  ++count.requests;
  if (!is_error) return;
  ++count.errors;
  if (events_.size() >= kMaxPending) {
    ++dropped_;
    return;
  }
  if (event.error.empty()) event.error = event.code;
  if (event.error.size() > kMaxErrorChars) event.error.resize(kMaxErrorChars);
  events_.push_back(std::move(event));
}

std::size_t ErrorTracker::pending() const {
  std::lock_guard lock(mutex_);
  return events_.size() + counts_.size();
}

void ErrorTracker::Flush(store::ConnectionPool& mgmt) {
  std::vector<ErrorEvent> events;
  Counts counts;
  std::uint64_t dropped = 0;
  {
    std::lock_guard lock(mutex_);
    events.swap(events_);
    counts.swap(counts_);
    std::swap(dropped, dropped_);
  }
  if (events.empty() && counts.empty() && dropped == 0) return;
  try {
    auto lease = mgmt.Acquire();
    Write(*lease, events, counts, dropped);
  } catch (...) {
    // Back in line for the next flush, ahead of what arrived meanwhile, within the same bound.
    std::lock_guard lock(mutex_);
    for (auto& [key, count] : counts) {
      auto& merged = counts_[key];
      merged.requests += count.requests;
      merged.errors += count.errors;
    }
    const std::size_t room = kMaxPending > events_.size() ? kMaxPending - events_.size() : 0;
    if (events.size() > room) {
      dropped_ += events.size() - room;
      events.resize(room);
    }
    events_.insert(events_.begin(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    dropped_ += dropped;
    throw;
  }
}

void ErrorTracker::Write(store::Connection& db, const std::vector<ErrorEvent>& events,
                         const Counts& counts, std::uint64_t dropped) const {
  store::Transaction tx(db);
  store::DontWaitForStandby(db);
  auto record = [&](const ErrorEvent& e, std::int64_t occurrences) {
    const auto fingerprint = Fingerprint(e);
    const auto at = core::ToEpoch(e.at);
    db.Prepare(kUpsertGroup)
        .Bind(1, fingerprint).Bind(2, e.listener).Bind(3, e.route).Bind(4, e.method).Bind(5, e.status)
        .Bind(6, e.code).Bind(7, e.error).Bind(8, at).Bind(9, at).Bind(10, occurrences).Bind(11, e.request_id)
        .Bind(12, release_)
        .Exec();
    db.Prepare(kInsertEvent)
        .Bind(1, fingerprint).Bind(2, at).Bind(3, e.request_id).Bind(4, e.method).Bind(5, e.path).Bind(6, e.status)
        .Bind(7, release_).Bind(8, node_).Bind(9, e.error)
        .Exec();
  };
  for (const auto& e : events) record(e, 1);
  if (dropped > 0) {
    const auto at = events.empty() ? core::FromEpoch(counts.empty() ? 0 : std::get<0>(counts.rbegin()->first))
                                   : events.back().at;
    record(DroppedEvents(at, dropped), static_cast<std::int64_t>(dropped));
  }
  for (const auto& [key, count] : counts)
    db.Prepare(kAddCount)
        .Bind(1, std::get<0>(key)).Bind(2, std::get<1>(key)).Bind(3, std::get<2>(key)).Bind(4, count.requests)
        .Bind(5, count.errors)
        .Exec();
  if (!counts.empty()) Prune(db, core::FromEpoch(std::get<0>(counts.rbegin()->first)));
  tx.Commit();
}

void ErrorTracker::Prune(store::Connection& db, core::Instant now) const {
  const auto hour = core::ToEpoch(now) / kHour;
  if (hour == pruned_hour_) return;  // once an hour is plenty
  pruned_hour_ = hour;
  const auto days = [&](int n) { return core::ToEpoch(now) - std::int64_t{n} * 24 * kHour; };
  db.Prepare("DELETE FROM error_events WHERE occurred_at < ?").Bind(1, days(kKeepEventsDays)).Exec();
  db.Prepare("DELETE FROM error_groups WHERE last_seen < ?").Bind(1, days(kKeepCountsDays)).Exec();
  db.Prepare("DELETE FROM request_counts WHERE hour_start < ?").Bind(1, days(kKeepCountsDays)).Exec();
}

}  // namespace jetway::ops
