#include "ops/alerter.hpp"

#include <fmt/core.h>

#include <exception>
#include <functional>

#include "mail/outbox.hpp"
#include "ops/node_lease.hpp"

namespace jetway::ops {
namespace {

bool IsOwn(const Condition& c) {
  for (const char* own : {"error_rate:", "latency:", "disk_space:", "certificate_expiry:", "install_changed:"})
    if (c.key.starts_with(own)) return true;
  return false;
}

std::string Lasted(std::chrono::seconds s) {
  if (s.count() < 120) return fmt::format("{} s", s.count());
  if (s.count() < 2 * 3600) return fmt::format("{} min", s.count() / 60);
  return fmt::format("{} h {} min", s.count() / 3600, s.count() % 3600 / 60);
}

}  // namespace

std::pair<std::string, std::string> AlertMessage(const AlertNotice& n, const std::string& node) {
  std::string subject = fmt::format("[{}] {}", n.resolved ? "RESOLVED" : "ALERT", n.condition.summary);
  std::string text = fmt::format("{}\n\n{}\n\nStarted: {}\n", n.resolved ? "This incident has ended." : "An incident has started.",
                                 n.condition.detail, core::FormatUtc(n.started));
  if (n.ended)
    text += fmt::format("Ended: {} (lasted {})\n", core::FormatUtc(*n.ended),
                        Lasted(std::chrono::duration_cast<std::chrono::seconds>(*n.ended - n.started)));
  text += fmt::format("Alert: {}\nReported by: {}\n", n.condition.key, node);
  return {std::move(subject), std::move(text)};
}

core::Result<mail::Composed> AlertMailSource::Compose(const mail::Claimed& message) {
  if (!message.payload)
    return core::Fail(core::ErrorKind::kNotFound, "ALERT_GONE", "the alert's text was not kept");
  const auto newline = message.payload->find('\n');
  mail::Composed composed;
  composed.subject = message.payload->substr(0, newline);
  composed.text = newline == std::string::npos ? "" : message.payload->substr(newline + 1);
  composed.from_name = "jetway alerts";
  return composed;
}

Alerter::Alerter(store::ConnectionPool& mgmt, store::ConnectionPool& data, const Observer& observer,
                 AlertSettings settings, mail::Transport* smtp, mail::Mailbox from, const core::Clock& clock,
                 std::string node, log::Logger& logger)
    : mgmt_(mgmt), data_(data), observer_(observer), settings_(std::move(settings)), smtp_(smtp),
      from_(std::move(from)), clock_(clock), node_(std::move(node)), logger_(logger) {}

void Alerter::Tick() {
  try {
    const auto seen = observer_.Observe();
    const auto now = seen.now;
    std::vector<Condition> own, cluster;
    for (auto& c : Evaluate(settings_.thresholds, seen, node_)) (IsOwn(c) ? own : cluster).push_back(std::move(c));
    Announce(own_.Update(own, now), own_);
    // The deployment's conditions are only followed while leading: a node that stops leading neither announces
    // them nor declares them over; the new leader does.
    if (Leading(now)) Announce(cluster_.Update(cluster, now), cluster_);
  } catch (const std::exception& e) {
    logger_.Error("alert round failed", {log::Str("error", e.what())});
  }
}

bool Alerter::Leading(core::Instant now) {
  try {
    leading_ = TakeLease(mgmt_, "alerts", node_, now, settings_.interval * 3);
  } catch (const std::exception&) {
    // No lease can be taken: the last holder goes on (leading_ unchanged), the others stay quiet.
  }
  return leading_;
}

void Alerter::Announce(const std::vector<AlertNotice>& notices, IncidentBook& book) {
  for (const auto& notice : notices) {
    const auto [subject, text] = AlertMessage(notice, node_);
    const std::vector<log::Field> fields{log::Str("alert", notice.condition.key), log::Str("summary", subject)};
    if (notice.resolved) logger_.Info("alert resolved", fields);
    else logger_.Warn("alert firing", fields);
    if (settings_.on_call.empty()) continue;
    if (Queue(notice, subject, text) || SendDirect(notice, subject, text)) continue;
    book.Unannounced(notice);  // told nobody: try again at the next round
  }
}

bool Alerter::Queue(const AlertNotice& notice, const std::string& subject, const std::string& text) {
  try {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    store::DontWaitForStandby(*lease);
    for (const auto& address : settings_.on_call)
      mail::Enqueue(*lease, {kAlertMail, notice.condition.key, address, "en", subject + "\n" + text}, clock_.Now());
    tx.Commit();
    return true;
  } catch (const std::exception& e) {
    logger_.Warn("alert not queued; sending it directly", {log::Str("error", e.what())});
    return false;
  }
}

bool Alerter::SendDirect(const AlertNotice& notice, const std::string& subject, const std::string& text) {
  if (!smtp_) return false;
  bool all = true;
  const auto now = clock_.Now();
  for (const auto& address : settings_.on_call) {
    const auto id = fmt::format("<alert.{}.{}.{}@{}>", core::ToEpoch(notice.started), notice.resolved ? "end" : "start",
                                std::hash<std::string>{}(notice.condition.key), mail::DomainOf(from_.address));
    mail::Mailbox from = from_;
    if (from.display_name.empty()) from.display_name = "jetway alerts";
    auto data = mail::BuildMime({from, {"", address}, subject, text, "", id, now});
    auto sent = data ? smtp_->Send({from.address, address, std::move(*data)}) : core::Result<void>(std::unexpected(data.error()));
    if (!sent) {
      logger_.Error("alert not sent", {log::Str("to", address), log::Str("error", sent.error().message)});
      all = false;
    }
  }
  return all;
}

}  // namespace jetway::ops
