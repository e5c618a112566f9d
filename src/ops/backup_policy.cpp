#include "ops/backup_policy.hpp"

#include <date/date.h>

#include <algorithm>

namespace jetway::ops {

std::string ToString(BackupKind kind) { return kind == BackupKind::kDaily ? "daily" : "frequent"; }

namespace {

std::optional<core::Instant> NewestGood(const std::vector<BackupRecord>& backups, std::optional<BackupKind> kind) {
  std::optional<core::Instant> newest;
  for (const auto& b : backups)
    if (b.good && (!kind || b.kind == *kind) && (!newest || b.finished_at > *newest)) newest = b.finished_at;
  return newest;
}

}  // namespace

std::optional<BackupKind> BackupDue(const BackupPolicy& policy, core::Instant now,
                                    const std::vector<BackupRecord>& backups) {
  const auto midnight = date::floor<date::days>(now);
  const auto daily = NewestGood(backups, BackupKind::kDaily);
  if (!daily || *daily < midnight) return BackupKind::kDaily;
  const auto any = NewestGood(backups, std::nullopt);
  if (!any || now - *any >= policy.interval) return BackupKind::kFrequent;
  return std::nullopt;
}

std::vector<std::int64_t> BackupsToRemove(const BackupPolicy& policy, core::Instant now,
                                          const std::vector<BackupRecord>& backups) {
  const auto newest = NewestGood(backups, std::nullopt);
  std::vector<std::int64_t> remove;
  for (const auto& b : backups) {
    if (b.good && newest && b.finished_at == *newest) continue;
    const auto keep = b.good && b.kind == BackupKind::kDaily ? std::chrono::hours{24} * policy.keep_days
                                                              : std::chrono::hours{policy.keep_frequent_hours};
    if (now - b.finished_at > keep) remove.push_back(b.id);
  }
  return remove;
}

}  // namespace jetway::ops
