// Security events in the management database: one row per sign, source and window (ops/security_watch.hpp),
// written by every node that saw the source reach a threshold (their counts added together), and the sign counted
// in the database itself: staff sign-ins failing for many e-mail addresses within a window (password spraying,
// from whatever addresses). Read by the back office's security screen and the alerts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "ops/security_watch.hpp"
#include "store/store.hpp"

namespace jetway::ops {

inline constexpr const char* kStaffSignIn = "staff sign-in";

struct SecurityEvent {
  std::string kind;
  std::string source;
  core::Instant window_start;
  std::int64_t occurrences = 0;
  core::Instant first_seen;
  core::Instant last_seen;
  std::string nodes;  // comma-separated: the nodes that reported it
};

// Adds each report's count to its row (made when missing), in one transaction.
void RecordSecurityCounts(store::Connection& mgmt, const std::vector<SecurityCount>& counts, const std::string& node);

// The staff e-mail addresses whose latest failed sign-in falls in the current window, as a count when they reach
// the threshold. Reads staff_login_failures: the back office's login only.
std::optional<SecurityCount> StaffSignInFailures(store::Connection& mgmt, const SecurityThresholds& thresholds,
                                                 core::Instant now);
// The same count written as the window's figure (the largest seen), not added: every node reads the same table.
void RecordSignInFailures(store::Connection& mgmt, const SecurityCount& count, const std::string& node);

// Events seen since `since`, latest first, at most `limit`.
std::vector<SecurityEvent> RecentSecurityEvents(store::Connection& mgmt, core::Instant since, int limit = 500);

// Removes events last seen before `before`; returns how many.
std::int64_t RemoveSecurityEventsBefore(store::Connection& mgmt, core::Instant before);

// One round of a node's recording, every few seconds: what its watch reports (and, when there is any, the removal
// of events older than `keep`), and the staff sign-in failures when the node serves the back office (`staff_mgmt`:
// its login reads them; nullptr otherwise). Throws when the database cannot take them (the periodic task logs it).
void RecordSecurityEvents(SecurityWatch& watch, store::ConnectionPool& mgmt, store::ConnectionPool* staff_mgmt,
                          core::Instant now, const std::string& node, std::chrono::hours keep);

}  // namespace jetway::ops
