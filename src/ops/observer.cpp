#include "ops/observer.hpp"

#include <sys/statvfs.h>

#include <exception>

namespace jetway::ops {
namespace {

std::optional<int> DiskFreePercent(const std::filesystem::path& dir) {
  struct statvfs fs {};
  if (statvfs(dir.c_str(), &fs) != 0 || fs.f_blocks == 0) return std::nullopt;
  return static_cast<int>(static_cast<unsigned long long>(fs.f_bavail) * 100 / fs.f_blocks);
}

}  // namespace

Observer::Observer(store::ConnectionPool& data, const RequestWindow& window, ObserverSources sources,
                   const core::Clock& clock)
    : data_(data), window_(window), sources_(std::move(sources)), clock_(clock), started_(clock.Now()) {}

Observations Observer::Observe() const {
  Observations seen;
  const auto now = clock_.Now();
  seen.now = now;
  seen.databases = sources_.databases();
  const auto requests = window_.Read(now);
  seen.requests = requests.requests;
  seen.errors = requests.errors;
  seen.p99 = requests.p99;
  if (sources_.backups) {
    try {
      if (auto status = sources_.backups()) {
        seen.backups_expected = true;
        seen.last_backup = status->last_good;
        seen.backup_error = status->failures_since_good > 0 ? status->last_error : "";
        seen.watching_since = started_;
      }
    } catch (const std::exception&) {
      // the database holding the record is down: that is seen on its own
    }
  }
  if (sources_.standbys) {
    try {
      seen.standbys = sources_.standbys();
    } catch (const std::exception&) {
      // the primary is down: seen on its own
    }
  }
  if (sources_.certificate) seen.certificate = sources_.certificate();
  if (sources_.install) seen.install = sources_.install();
  if (sources_.security) {
    try {
      seen.security = sources_.security();
    } catch (const std::exception&) {
      // the management database is down: seen on its own
    }
  }
  seen.disk_free_percent = DiskFreePercent(sources_.data_dir);
  seen.mail_failures = MailFailures(now);
  return seen;
}

std::optional<std::int64_t> Observer::MailFailures(core::Instant now) const {
  try {
    auto lease = data_.Acquire();
    // Messages from the last day that an attempt failed for and that have not gone since: retrying or given up.
    auto stmt = lease->Prepare(
        "SELECT COUNT(*) FROM mail_outbox WHERE status IN ('pending', 'sending', 'failed') AND last_error IS NOT NULL "
        "AND created_at >= ?");
    stmt.Bind(1, core::ToEpoch(now) - 24 * 3600);
    stmt.Step();
    return stmt.Int(0);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace jetway::ops
