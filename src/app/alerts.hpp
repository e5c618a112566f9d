// The alerter of a serving node, made from the configuration: which databases it pings, where it reads the newest
// backup (the backups table on SQLite, PostgreSQL's WAL archiver), the thresholds and the on-call list.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "app/databases.hpp"
#include "core/time.hpp"
#include "log/log.hpp"
#include "mail/transport.hpp"
#include "ops/alerter.hpp"
#include "ops/request_window.hpp"

namespace jetway::app {

// nullptr when [alerts] interval_seconds is 0.
std::unique_ptr<ops::Alerter> MakeAlerter(const Config& config, Databases& dbs, const ops::RequestWindow& window,
                                          mail::Transport* smtp, const core::Clock& clock, log::Logger& logger);

}  // namespace jetway::app
