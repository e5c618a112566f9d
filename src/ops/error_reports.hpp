// What the error tracker wrote, read back for the back office: the causes seen lately, one cause's occurrences, and
// the error rate per transaction (route) per hour or per day.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::ops {

struct ErrorGroup {
  std::string fingerprint;
  std::string listener;
  std::string route;
  std::string method;
  int status = 500;
  std::string code;
  std::string error;  // the latest occurrence's text
  core::Instant first_seen;
  core::Instant last_seen;
  std::int64_t occurrences = 0;
  std::string last_request_id;
  std::string last_release;
};

struct ErrorOccurrence {
  core::Instant at;
  std::string request_id;
  std::string method;
  std::string path;
  int status = 500;
  std::string release;
  std::string node;
  std::string error;
};

struct ErrorRate {
  core::Instant period_start;
  std::string listener;
  std::string route;
  std::int64_t requests = 0;
  std::int64_t errors = 0;
  double rate() const { return requests > 0 ? static_cast<double>(errors) / static_cast<double>(requests) : 0; }
};

// The causes seen since `since`, the latest first.
std::vector<ErrorGroup> RecentErrorGroups(store::Connection& mgmt, core::Instant since, int limit);
std::optional<ErrorGroup> FindErrorGroup(store::Connection& mgmt, const std::string& fingerprint);
// Its latest occurrences, newest first.
std::vector<ErrorOccurrence> OccurrencesOf(store::Connection& mgmt, const std::string& fingerprint, int limit);

enum class RatePeriod { kHour, kDay };
// Requests and errors per period and transaction from `from` on, the newest period first; transactions without an
// error in the period are left out unless `all` is set.
std::vector<ErrorRate> ErrorRates(store::Connection& mgmt, core::Instant from, RatePeriod period, bool all = false);
// All transactions together per period (the overall rate), the newest first.
std::vector<ErrorRate> OverallErrorRates(store::Connection& mgmt, core::Instant from, RatePeriod period);

}  // namespace jetway::ops
