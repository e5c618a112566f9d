#include "ops/backup_scheduler.hpp"

#include <fmt/core.h>

#include <system_error>
#include <vector>

#include "ops/backup.hpp"
#include "ops/node_lease.hpp"

namespace jetway::ops {

namespace fs = std::filesystem;

namespace {

std::vector<BackupRecord> KeptBackups(store::Connection& db) {
  std::vector<BackupRecord> records;
  auto stmt = db.Prepare("SELECT id, kind, finished_at, error IS NULL FROM backups WHERE removed_at IS NULL");
  while (stmt.Step())
    records.push_back({stmt.Int(0), stmt.Text(1) == "daily" ? BackupKind::kDaily : BackupKind::kFrequent,
                       core::FromEpoch(stmt.Int(2)), stmt.Int(3) != 0});
  return records;
}

}  // namespace

BackupScheduler::BackupScheduler(store::ConnectionPool& mgmt, fs::path data_dir, fs::path backups_dir,
                                 BackupPolicy policy, const core::Clock& clock, std::string version, std::string node,
                                 log::Logger& logger)
    : mgmt_(mgmt), data_dir_(std::move(data_dir)), backups_dir_(std::move(backups_dir)), policy_(policy),
      clock_(clock), version_(std::move(version)), node_(std::move(node)), logger_(logger) {}

void BackupScheduler::Tick() {
  try {
    const auto now = clock_.Now();
    // The lease outlives a tick comfortably, so the holder keeps it while it lives.
    if (!TakeLease(mgmt_, "backup", node_, now, std::max(policy_.interval, std::chrono::seconds{60}) * 2)) return;
    std::optional<BackupKind> due;
    {
      auto lease = mgmt_.Acquire();
      due = BackupDue(policy_, now, KeptBackups(*lease));
    }
    if (due) TakeDue(*due);
    Prune();
  } catch (const std::exception& e) {
    logger_.Error("backup round failed", {log::Str("error", e.what())});
  }
}

void BackupScheduler::TakeDue(BackupKind kind) {
  const auto started = clock_.Now();
  auto info = BackupSqliteDatabases(data_dir_, backups_dir_, started, version_);
  const auto finished = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto insert = lease->Prepare(
      "INSERT INTO backups(kind, started_at, finished_at, location, bytes, error) VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, ToString(kind)).Bind(2, core::ToEpoch(started)).Bind(3, core::ToEpoch(finished));
  if (info) {
    insert.Bind(4, info->directory.string()).Bind(5, static_cast<std::int64_t>(info->bytes)).BindNull(6);
  } else {
    insert.Bind(4, backups_dir_.string()).Bind(5, std::int64_t{0}).Bind(6, info.error().message);
  }
  insert.Step();
  tx.Commit();
  if (info)
    logger_.Info("backup taken", {log::Str("kind", ToString(kind)), log::Str("location", info->directory.string()),
                                  log::Num("bytes", static_cast<long long>(info->bytes)),
                                  log::Num("took_ms", info->took.count())});
  else
    logger_.Error("backup failed", {log::Str("kind", ToString(kind)), log::Str("error", info.error().message)});
}

void BackupScheduler::Prune() {
  auto lease = mgmt_.Acquire();
  const auto now = clock_.Now();
  for (auto id : BackupsToRemove(policy_, now, KeptBackups(*lease))) {
    store::Transaction tx(*lease);
    auto find = lease->Prepare("SELECT location, error IS NULL FROM backups WHERE id = ?");
    find.Bind(1, id);
    if (!find.Step()) continue;
    const std::string location = find.Text(0);
    // A failed attempt's location is the backups directory itself: only a backup's own directory is removed.
    if (find.Int(1) != 0) {
      std::error_code ec;
      fs::remove_all(location, ec);
      if (ec) {
        logger_.Warn("could not remove an old backup", {log::Str("location", location), log::Str("error", ec.message())});
        continue;
      }
    }
    auto mark = lease->Prepare("UPDATE backups SET removed_at = ? WHERE id = ?");
    mark.Bind(1, core::ToEpoch(now)).Bind(2, id).Step();
    tx.Commit();
  }
}

BackupStatus ReadBackupStatus(store::ConnectionPool& mgmt) {
  BackupStatus status;
  auto lease = mgmt.Acquire();
  auto good = lease->Prepare("SELECT finished_at, bytes FROM backups WHERE error IS NULL ORDER BY finished_at DESC, id DESC");
  if (good.Step()) {
    status.last_good = core::FromEpoch(good.Int(0));
    status.last_good_bytes = good.Int(1);
  }
  auto failed = lease->Prepare(
      "SELECT COUNT(*), MAX(error) FROM backups WHERE error IS NOT NULL AND finished_at >= ?");
  failed.Bind(1, status.last_good ? core::ToEpoch(*status.last_good) : std::int64_t{0});
  if (failed.Step()) {
    status.failures_since_good = failed.Int(0);
    status.last_error = failed.IsNull(1) ? "" : failed.Text(1);
  }
  return status;
}

std::optional<BackupStatus> ReadArchiverStatus(store::ConnectionPool& data) {
  auto lease = data.Acquire();
  auto stmt = lease->Prepare(
      "SELECT current_setting('archive_mode'), CAST(EXTRACT(EPOCH FROM last_archived_time) AS BIGINT), "
      "CAST(EXTRACT(EPOCH FROM last_failed_time) AS BIGINT), last_failed_wal FROM pg_stat_archiver");
  if (!stmt.Step() || stmt.Text(0) == "off") return std::nullopt;
  BackupStatus status;
  if (!stmt.IsNull(1)) status.last_good = core::FromEpoch(stmt.Int(1));
  if (!stmt.IsNull(2) && (!status.last_good || stmt.Int(2) >= stmt.Int(1))) {
    status.failures_since_good = 1;
    status.last_error = "archiving WAL segment " + stmt.OptText(3).value_or("?") + " failed";
  }
  return status;
}

}  // namespace jetway::ops
