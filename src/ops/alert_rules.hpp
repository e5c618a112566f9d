// The alert rules, pure: what a node observes now (its databases and standbys, its requests over the last window,
// the newest backup, its disk, the mail outbox) against configurable thresholds gives the conditions that are wrong; and the
// incident book turns the conditions of successive evaluations into one "firing" message when a condition starts
// and one "resolved" message when it ends, never a repeat while it lasts.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "ops/standby.hpp"

namespace jetway::ops {

struct AlertThresholds {
  double error_rate = 0.05;  // errors ÷ requests over the window
  std::int64_t min_requests = 20;  // fewer requests in the window say nothing about a rate
  std::chrono::milliseconds p99{2000};
  std::chrono::seconds backup_max_age{900};  // three missed five-minute backups
  int disk_free_percent = 10;
  std::int64_t mail_failures = 1;  // messages given up in the window
  int standbys = 0;                // PostgreSQL standbys the primary should be streaming to
  std::chrono::seconds replication_lag{30};
  std::chrono::hours certificate_validity{24 * 14};  // a TLS certificate expiring sooner than this
};

struct CertificateSeen {
  std::string subject;    // "/CN=book.example.com"
  core::Instant expires;  // its notAfter
};

// The latest check of the node's install against its signed manifest (src/integrity).
struct InstallSeen {
  bool ok = true;
  std::string summary;  // integrity::Summary
};

// A security event (ops/security_events.hpp) seen lately: an address scanning, flooding or blocked by the firewall,
// or sign-ins failing for many staff addresses.
struct SecuritySeen {
  std::string kind;
  std::string source;
  std::int64_t occurrences = 0;
  core::Instant window_start;
};

struct Observations {
  std::vector<std::pair<std::string, bool>> databases;  // name, answers
  std::int64_t requests = 0;  // over the window, this node
  std::int64_t errors = 0;    // of which 5xx
  std::optional<std::chrono::milliseconds> p99;
  bool backups_expected = false;             // the node takes backups (SQLite) or archives WAL (PostgreSQL)
  std::optional<core::Instant> last_backup;  // the newest good one; nullopt: none
  std::optional<core::Instant> watching_since;  // when the node started looking (no backup yet is not yet late)
  std::string backup_error;                  // the latest attempt's error, if it failed
  std::optional<int> disk_free_percent;      // of the data directory's file system
  std::optional<std::int64_t> mail_failures;  // given up in the window; nullopt: the outbox could not be read
  std::optional<std::vector<Standby>> standbys;  // PostgreSQL; nullopt: not read (SQLite, or the primary is down)
  std::optional<CertificateSeen> certificate;    // the node's own TLS certificate; nullopt: plain HTTP
  std::optional<InstallSeen> install;            // nullopt: no manifest to check against
  std::vector<SecuritySeen> security;            // last seen within the security window
  core::Instant now;
};

struct Condition {
  std::string key;      // stable while the condition lasts: "database_down:data", "error_rate:node-a"
  std::string summary;  // one line for the subject
  std::string detail;   // the figures
};

// `scope` names the node for the conditions that are its own (error rate, latency, disk).
std::vector<Condition> Evaluate(const AlertThresholds& thresholds, const Observations& seen, const std::string& scope);

struct AlertNotice {
  bool resolved = false;
  Condition condition;
  core::Instant started;
  std::optional<core::Instant> ended;
};

class IncidentBook {
 public:
  // The notices for what started and what ended since the last call.
  std::vector<AlertNotice> Update(const std::vector<Condition>& now_wrong, core::Instant now);
  // Incidents the caller could not yet announce go back in: their notice comes again at the next Update.
  void Unannounced(const AlertNotice& notice);
  std::size_t open() const { return open_.size(); }

 private:
  struct Open {
    Condition condition;
    core::Instant started;
    bool announced = false;
  };
  std::map<std::string, Open> open_;
  std::vector<AlertNotice> unsent_resolutions_;
};

}  // namespace jetway::ops
