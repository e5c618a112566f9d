// When to back up and what to keep: pure rules over times, for the backup scheduler. A backup is due when the
// interval has passed since the last good one; the first good backup of each UTC day is that day's daily backup.
// Daily backups are kept keep_days, the others keep_frequent_hours; the newest good backup is never removed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace jetway::ops {

enum class BackupKind { kFrequent, kDaily };
std::string ToString(BackupKind kind);  // "frequent", "daily"

struct BackupPolicy {
  std::chrono::seconds interval{300};
  int keep_days = 14;
  int keep_frequent_hours = 2;
};

struct BackupRecord {
  std::int64_t id = 0;
  BackupKind kind = BackupKind::kFrequent;
  core::Instant finished_at;
  bool good = false;  // taken and verified
};

// What to take now, if anything, given the backups not yet removed.
std::optional<BackupKind> BackupDue(const BackupPolicy& policy, core::Instant now,
                                    const std::vector<BackupRecord>& backups);

// The ids of backups past their keeping time (failed attempts go with the frequent ones).
std::vector<std::int64_t> BackupsToRemove(const BackupPolicy& policy, core::Instant now,
                                          const std::vector<BackupRecord>& backups);

}  // namespace jetway::ops
