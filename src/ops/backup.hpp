// `jetway backup` and `jetway restore` on the embedded default (SQLite). A backup is a directory of its own,
// jetway-<UTC time>, holding the three databases copied at one moment (store::BackupSqlite), a SHA256SUMS file that
// `sha256sum -c` reads, and manifest.json. It is written under a temporary name and renamed only once every copy
// has passed SQLite's integrity check, so a directory with the final name is always whole. A restore checks every
// checksum and each database's integrity before it puts anything in place, and never over existing databases.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::ops {

// The order of the snapshots: the management and website databases first, the operational data last. Whatever
// the first two say about bookings (audit entries, written after the booking's own commit) is then in the data
// snapshot too.
inline constexpr const char* kDatabaseFiles[] = {"mgmt.db", "web.db", "data.db"};

struct BackupInfo {
  std::filesystem::path directory;
  std::uint64_t bytes = 0;
  std::chrono::milliseconds took{};
};

// BACKUP_FAILED (with SQLite's reason) when a database cannot be copied or a copy is not sound.
core::Result<BackupInfo> BackupSqliteDatabases(const std::filesystem::path& data_dir,
                                               const std::filesystem::path& backups_dir, core::Instant now,
                                               std::string_view version);

// BACKUP_INVALID when the directory is not a whole backup (a file missing, a checksum or integrity check failing);
// RESTORE_TARGET_NOT_EMPTY when data_dir already has jetway databases.
core::Result<void> RestoreSqliteDatabases(const std::filesystem::path& backup_dir,
                                          const std::filesystem::path& data_dir);

}  // namespace jetway::ops
