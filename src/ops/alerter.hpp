// The alerts: every interval each node evaluates the rules (ops/alert_rules.hpp) on what it sees, and e-mails the
// on-call list one message when an incident starts and one when it ends. The conditions of a node's own (its error
// rate, latency, disk) are announced by that node; those of the whole deployment (a database down, backups, mail) by
// one node only, the holder of the "alerts" lease. When the management database itself is down no lease can be
// taken: the node that held it last goes on alone, so that outage is reported too.
//
// Messages go through the mail outbox (mail kind "alert", composed by AlertMailSource); when the outbox's database
// cannot take them, straight to the SMTP server, since an alert about a database cannot wait for that database.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "log/log.hpp"
#include "mail/mime.hpp"
#include "mail/sender.hpp"
#include "mail/transport.hpp"
#include "ops/alert_rules.hpp"
#include "ops/observer.hpp"
#include "store/store.hpp"

namespace jetway::ops {

inline constexpr const char* kAlertMail = "alert";

struct AlertSettings {
  std::chrono::seconds interval{30};
  std::vector<std::string> on_call;  // addresses
  AlertThresholds thresholds;
};

class Alerter {
 public:
  Alerter(store::ConnectionPool& mgmt, store::ConnectionPool& data, const Observer& observer, AlertSettings settings,
          mail::Transport* smtp, mail::Mailbox from, const core::Clock& clock, std::string node, log::Logger& logger);

  // One round: observe, evaluate, announce. Never throws.
  void Tick();

 private:
  bool Leading(core::Instant now);
  void Announce(const std::vector<AlertNotice>& notices, IncidentBook& book);
  bool Queue(const AlertNotice& notice, const std::string& subject, const std::string& text);
  bool SendDirect(const AlertNotice& notice, const std::string& subject, const std::string& text);

  store::ConnectionPool& mgmt_;
  store::ConnectionPool& data_;
  const Observer& observer_;
  AlertSettings settings_;
  mail::Transport* smtp_;  // nullptr: no SMTP server configured (alerts are logged only)
  mail::Mailbox from_;
  const core::Clock& clock_;
  std::string node_;
  log::Logger& logger_;
  bool leading_ = false;
  IncidentBook own_;      // this node's conditions
  IncidentBook cluster_;  // the deployment's, while this node leads
};

// Subject "[ALERT] ..." or "[RESOLVED] ..." and a plain-text body: what, since when, for how long, where.
std::pair<std::string, std::string> AlertMessage(const AlertNotice& notice, const std::string& node);

// Composes outbox messages of kind "alert" from their payload (subject, a newline, the text).
class AlertMailSource final : public mail::MessageSource {
 public:
  core::Result<mail::Composed> Compose(const mail::Claimed& message) override;
};

}  // namespace jetway::ops
