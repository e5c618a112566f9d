// A serving node's monitoring, made from the configuration: what it observes (which databases it pings, where it
// reads the newest backup: the backups table on SQLite, PostgreSQL's WAL archiver), and the alerter with its
// thresholds and on-call list.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "app/config.hpp"
#include "app/databases.hpp"
#include "core/time.hpp"
#include "integrity/check.hpp"
#include "log/log.hpp"
#include "mail/transport.hpp"
#include "ops/alerter.hpp"
#include "ops/observer.hpp"
#include "ops/request_window.hpp"
#include "ops/security_watch.hpp"

namespace jetway::app {

// `certificate` reads the node's own TLS certificate (empty: plain HTTP); `install` is the latest check of the
// install against its signed manifest (nullptr: not checked).
ops::Observer MakeObserver(const Config& config, Databases& dbs, const ops::RequestWindow& window,
                           const core::Clock& clock,
                           std::function<std::optional<ops::CertificateSeen>()> certificate = {},
                           const integrity::LatestCheck* install = nullptr);

// [security]'s thresholds.
ops::SecurityThresholds SecurityThresholdsOf(const Config& config);

// nullptr when [alerts] interval_seconds is 0.
std::unique_ptr<ops::Alerter> MakeAlerter(const Config& config, Databases& dbs, const ops::Observer& observer,
                                          mail::Transport* smtp, const core::Clock& clock, log::Logger& logger);

}  // namespace jetway::app
