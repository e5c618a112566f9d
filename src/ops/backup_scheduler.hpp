// The running server's backups (SQLite): at each tick the node holding the "backup" lease takes the backup that is
// due (BackupDue), verified as BackupSqliteDatabases does, records it in the management database (when, size,
// where, or why it failed), and removes the backups past their keeping time (BackupsToRemove), directory and all.
// The newest record is what the metrics and the alerts read (ReadBackupStatus).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "log/log.hpp"
#include "ops/backup_policy.hpp"
#include "store/store.hpp"

namespace jetway::ops {

struct BackupStatus {
  std::optional<core::Instant> last_good;  // when the newest verified backup finished
  std::int64_t last_good_bytes = 0;
  std::int64_t failures_since_good = 0;  // attempts that failed after it
  std::string last_error;
};

class BackupScheduler {
 public:
  BackupScheduler(store::ConnectionPool& mgmt, std::filesystem::path data_dir, std::filesystem::path backups_dir,
                  BackupPolicy policy, const core::Clock& clock, std::string version, std::string node,
                  log::Logger& logger);
  // One round: lease, backup if due, prune. Errors are recorded and logged, never thrown.
  void Tick();

 private:
  void TakeDue(BackupKind kind);
  void Prune();

  store::ConnectionPool& mgmt_;
  std::filesystem::path data_dir_;
  std::filesystem::path backups_dir_;
  BackupPolicy policy_;
  const core::Clock& clock_;
  std::string version_;
  std::string node_;
  log::Logger& logger_;
};

BackupStatus ReadBackupStatus(store::ConnectionPool& mgmt);

// On PostgreSQL the continuous copy is the WAL archive (deploy/postgresql): its newest archived segment is the
// newest backup, and archiving failures since then are its failures. nullopt when archiving is off.
std::optional<BackupStatus> ReadArchiverStatus(store::ConnectionPool& data);

}  // namespace jetway::ops
