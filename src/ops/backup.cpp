#include "ops/backup.hpp"

#include <date/date.h>
#include <fmt/core.h>

#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <vector>

#include "api/json_writer.hpp"
#include "core/digest.hpp"
#include "store/sqlite_backup.hpp"
#include "store/store.hpp"

namespace jetway::ops {

namespace fs = std::filesystem;
using core::ErrorKind;
using core::Fail;

namespace {

constexpr const char* kSums = "SHA256SUMS";
constexpr const char* kManifest = "manifest.json";

// The backup in `partial`, renamed to `final_dir` once whole and sound.
core::Result<BackupInfo> WriteBackup(const fs::path& data_dir, const fs::path& partial, const fs::path& final_dir,
                                     core::Instant now, std::string_view version);

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw std::system_error(errno, std::generic_category(), "cannot write " + path.string());
}

// name → checksum, from a SHA256SUMS file ("<hex>  <name>" per line).
std::map<std::string, std::string> ReadSums(const fs::path& path) {
  std::map<std::string, std::string> sums;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto gap = line.find("  ");
    if (gap == 64) sums[line.substr(gap + 2)] = line.substr(0, gap);
  }
  return sums;
}

std::string Manifest(core::Instant now, std::string_view version, const std::vector<std::pair<std::string, std::string>>& sums,
                     const fs::path& dir) {
  api::JsonWriter w;
  w.BeginObject().Field("format", 1).Field("engine", "sqlite").Field("created_at", date::format("%FT%TZ", now));
  w.Field("jetway_version", std::string(version)).Field("verified", "integrity_check ok");
  w.Key("files").BeginArray();
  for (const auto& [name, sum] : sums)
    w.BeginObject().Field("name", name).Field("bytes", static_cast<std::int64_t>(fs::file_size(dir / name)))
        .Field("sha256", sum).EndObject();
  w.EndArray().EndObject();
  return w.Take() + "\n";
}

// A copy that cannot be read is a failed backup or restore: thrown, and reported by the caller's catch.
std::string Checksum(const fs::path& path) {
  auto sum = core::Sha256File(path);
  if (!sum) throw std::runtime_error(sum.error().message);
  return std::move(*sum);
}

}  // namespace

core::Result<BackupInfo> BackupSqliteDatabases(const fs::path& data_dir, const fs::path& backups_dir,
                                               core::Instant now, std::string_view version) {
  const auto started = std::chrono::steady_clock::now();
  const auto name = "jetway-" + date::format("%Y%m%dT%H%M%SZ", now);
  const fs::path final_dir = backups_dir / name;
  const fs::path partial = backups_dir / ("." + name + ".partial");
  std::error_code ec;
  if (fs::exists(final_dir, ec))
    return Fail(ErrorKind::kConflict, "BACKUP_EXISTS", fmt::format("{} already exists", final_dir.string()));
  auto made = WriteBackup(data_dir, partial, final_dir, now, version);
  if (!made) {
    fs::remove_all(partial, ec);  // nothing half-made stays behind
    return std::unexpected(made.error());
  }
  made->took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return made;
}

namespace {

core::Result<BackupInfo> WriteBackup(const fs::path& data_dir, const fs::path& partial, const fs::path& final_dir,
                                     core::Instant now, std::string_view version) {
  try {
    fs::remove_all(partial);
    fs::create_directories(partial);
    std::vector<store::BackupFile> files;
    for (const char* file : kDatabaseFiles) {
      if (!fs::exists(data_dir / file))
        return Fail(ErrorKind::kNotFound, "BACKUP_FAILED", fmt::format("no database {} in {}", file, data_dir.string()));
      files.push_back({(data_dir / file).string(), (partial / file).string()});
    }
    store::BackupSqlite(files);
    std::vector<std::pair<std::string, std::string>> sums;
    std::string sums_text;
    BackupInfo info;
    for (const char* file : kDatabaseFiles) {
      if (auto check = store::CheckSqlite((partial / file).string()); check != "ok")
        return Fail(ErrorKind::kInvalid, "BACKUP_FAILED", fmt::format("the copy of {} is not sound: {}", file, check));
      sums.emplace_back(file, Checksum(partial / file));
      sums_text += fmt::format("{}  {}\n", sums.back().second, file);
      info.bytes += fs::file_size(partial / file);
    }
    WriteFile(partial / kSums, sums_text);
    WriteFile(partial / kManifest, Manifest(now, version, sums, partial));
    fs::rename(partial, final_dir);
    info.directory = final_dir;
    return info;
  } catch (const std::exception& e) {
    return Fail(ErrorKind::kConflict, "BACKUP_FAILED", e.what());
  }
}

}  // namespace

core::Result<void> RestoreSqliteDatabases(const fs::path& backup_dir, const fs::path& data_dir) {
  std::error_code ec;
  for (const char* file : kDatabaseFiles)
    if (fs::exists(data_dir / file, ec))
      return Fail(ErrorKind::kConflict, "RESTORE_TARGET_NOT_EMPTY",
                  fmt::format("{} already has {}: restore into an empty directory, then move it in place",
                              data_dir.string(), file));
  const auto sums = ReadSums(backup_dir / kSums);
  for (const char* file : kDatabaseFiles) {
    const auto sum = sums.find(file);
    if (sum == sums.end() || !fs::exists(backup_dir / file, ec))
      return Fail(ErrorKind::kInvalid, "BACKUP_INVALID",
                  fmt::format("{} is not a whole backup: {} or its checksum is missing", backup_dir.string(), file));
    if (Checksum(backup_dir / file) != sum->second)
      return Fail(ErrorKind::kInvalid, "BACKUP_INVALID",
                  fmt::format("{} in {} does not match its checksum: the copy is damaged", file, backup_dir.string()));
    if (auto check = store::CheckSqlite((backup_dir / file).string()); check != "ok")
      return Fail(ErrorKind::kInvalid, "BACKUP_INVALID", fmt::format("{} is not sound: {}", file, check));
  }
  try {
    fs::create_directories(data_dir);
    // Each file under a temporary name first, so a restore cut short leaves no half-written database behind.
    for (const char* file : kDatabaseFiles) {
      const auto part = data_dir / (std::string(file) + ".restoring");
      fs::copy_file(backup_dir / file, part, fs::copy_options::overwrite_existing);
      fs::rename(part, data_dir / file);
    }
  } catch (const std::exception& e) {
    return Fail(ErrorKind::kConflict, "RESTORE_FAILED", e.what());
  }
  return {};
}

}  // namespace jetway::ops
