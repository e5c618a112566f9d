// What a node sees of the deployment now, for the alert rules and the status page: its databases, its own requests
// over the latest window, the newest backup, its disk, and the mail outbox. Never throws: what cannot be read is
// left unknown (and a database that cannot be read is down, which is seen on its own).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "ops/alert_rules.hpp"
#include "ops/backup_scheduler.hpp"
#include "ops/request_window.hpp"
#include "store/store.hpp"

namespace jetway::ops {

// Supplied by the application (it knows the pools and how backups are taken).
struct ObserverSources {
  std::function<std::vector<std::pair<std::string, bool>>()> databases;
  // nullopt when this deployment takes no backups jetway can see.
  std::function<std::optional<BackupStatus>()> backups;
  std::filesystem::path data_dir;
  bool mail_configured = false;  // an SMTP server to send through
  // PostgreSQL: the primary's standbys.
  std::function<std::vector<Standby>()> standbys;
  // The node's TLS certificate, when it serves HTTPS itself.
  std::function<std::optional<CertificateSeen>()> certificate;
  // The latest check of the install against its signed manifest; unset or nullopt: not checked.
  std::function<std::optional<InstallSeen>()> install;
  // Security events last seen within the security window (the management database).
  std::function<std::vector<SecuritySeen>()> security;
};

class Observer {
 public:
  Observer(store::ConnectionPool& data, const RequestWindow& window, ObserverSources sources, const core::Clock& clock);

  Observations Observe() const;
  bool mail_configured() const { return sources_.mail_configured; }

 private:
  std::optional<std::int64_t> MailFailures(core::Instant now) const;

  store::ConnectionPool& data_;
  const RequestWindow& window_;
  ObserverSources sources_;
  const core::Clock& clock_;
  core::Instant started_;
};

}  // namespace jetway::ops
