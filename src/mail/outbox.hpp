// The mail outbox: e-mails waiting in the data database to be sent. A message is enqueued inside the caller's
// transaction (a confirmed booking and its confirmation e-mail commit together, or neither does), and senders on any
// number of app nodes drain it: each claims one due message at a time under a lease, sends it outside any
// transaction, then marks it sent, or schedules a retry with exponential backoff, or gives up after a maximum of
// attempts. A claim is a conditional UPDATE, so two senders never both hold a message; only a sender that stops
// between the SMTP server's acceptance and the mark (or outlives its lease) can cause a second delivery, which the
// message's fixed Message-ID lets receivers drop. The sender's own bookkeeping (claims, sent, retry) does not wait
// for a synchronous standby (store::DontWaitForStandby): mail, alerts first, goes on while the standby is gone, at
// the price of a possible second delivery after a failover. Thread-safe: shares only the pool and the clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::mail {

// A message's kind names its composer (mail::Composers); each kind's name is defined beside its composer
// (booking::kConfirmationMail in src/booking/, identity's password reset in src/identity/).
struct NewMessage {
  std::string kind;
  std::string reference;  // what the message is about, in the kind's terms: a booking's locator, a staff user's id
  std::string recipient;
  std::string language;
  // What the composer cannot look up again from `reference` (a password-reset link: only its hash is kept). Cleared
  // once the message is sent or given up.
  std::optional<std::string> payload = std::nullopt;
  std::int64_t agency_id = 0;  // the travel agency it concerns (its booking, its user), 0 for none
};

// Queues a message on `db` inside the caller's open write transaction; due at once. Deferred (store::Statement::Defer):
// its row is written with the transaction's next statement or its commit.
void Enqueue(store::Connection& db, const NewMessage& message, core::Instant now);

// The language of the first message of `kind` queued for `reference`, if any (a resent confirmation keeps the
// passenger's).
std::optional<std::string> FirstLanguage(store::Connection& db, std::string_view kind, const std::string& reference);

// How many messages of `kind` were queued for `reference` since `since`, and when the oldest of them was (the
// limits on resends ask).
struct QueuedSince {
  int count = 0;
  std::optional<core::Instant> oldest;
};
QueuedSince QueuedFor(store::Connection& db, std::string_view kind, const std::string& reference,
                      core::Instant since);

struct RetryPolicy {
  std::chrono::seconds base{30};
  std::chrono::seconds cap{3600};
  int max_attempts = 15;
  // Longer than the SMTP transport's total timeout, so a live sender never loses a lease while it sends.
  std::chrono::seconds lease{60};
};

// The wait after the `attempts`-th failed attempt: base x 2^(attempts-1), at most cap.
std::chrono::seconds Backoff(const RetryPolicy& policy, int attempts);

// A message claimed for sending; `lease_until` identifies the claim.
struct Claimed {
  std::int64_t id = 0;
  std::string kind;
  std::string reference;
  std::string recipient;
  std::string language;
  std::optional<std::string> payload;
  int attempts = 0;  // including this one
  core::Instant created_at;
  std::int64_t lease_until = 0;
  std::int64_t agency_id = 0;  // the travel agency it concerns, 0 for none
};

struct OutboxRow {
  std::int64_t id = 0;
  std::string kind;
  std::string reference;
  std::string recipient;
  std::string language;
  std::string status;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::optional<std::int64_t> locked_until;
  std::optional<std::string> last_error;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> sent_at;
  std::optional<std::string> payload;
};

enum class FailureOutcome {
  kRetrying,   // pending again, due after the backoff
  kFailed,     // given up: out of attempts, or the failure is permanent
  kLeaseLost,  // the claim was no longer ours (another sender took the message over); nothing changed
};

class Outbox {
 public:
  Outbox(store::ConnectionPool& data, const core::Clock& clock, RetryPolicy policy = {})
      : data_(data), clock_(clock), policy_(policy) {}

  // Claims the next due message (oldest due first), or nullopt when none is due.
  std::optional<Claimed> ClaimNext();
  // False when the claim was no longer ours.
  bool MarkSent(const Claimed& message);
  // Records `error` and schedules the next attempt, or gives up when attempts are spent or `permanent`.
  FailureOutcome MarkFailed(const Claimed& message, std::string_view error, bool permanent = false);
  // Every message queued about `reference` (a booking's locator, ...), oldest first (operations and tests).
  std::vector<OutboxRow> ForReference(const std::string& reference);

  const RetryPolicy& policy() const { return policy_; }

 private:
  store::ConnectionPool& data_;
  const core::Clock& clock_;
  RetryPolicy policy_;
};

}  // namespace jetway::mail
