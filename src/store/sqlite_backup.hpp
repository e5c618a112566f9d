// Copies of live SQLite databases, made with SQLite's online backup API while jetway goes on writing them.
#pragma once

#include <string>
#include <vector>

namespace jetway::store {

struct BackupFile {
  std::string source;
  std::string destination;
};

// Opens a read transaction on each source in the order given, keeps all of them open, then copies each snapshot
// to its destination (which must not exist). So the copies show each database as it was at the moment its
// transaction began, and those moments follow the order given. Throws StoreError.
void BackupSqlite(const std::vector<BackupFile>& files);

// PRAGMA integrity_check on the file, opened read-only: "ok", or what SQLite found wrong.
std::string CheckSqlite(const std::string& path);

}  // namespace jetway::store
