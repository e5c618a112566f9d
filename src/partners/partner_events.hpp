// The webhook outbox: each partner booking's events, queued in the data database inside the transaction that changes
// the booking (a confirmation and its event commit together or not at all, so no event is lost to a restart), and
// drained by senders on any number of nodes: a sender claims one due event under a lease, delivers it outside any
// transaction, then marks it delivered, or schedules a retry with exponential backoff, or gives up after the
// last attempt. A claim is a conditional UPDATE, so two senders never hold one event; a sender that stops after the
// partner's acceptance and before the mark delivers it again, which the event id lets the receiver drop: at least
// once. Thread-safe: shares only the pool and the clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "partners/webhook.hpp"
#include "store/store.hpp"

namespace jetway::partners {

// Queues `event` for `partner_id` on `db` inside the caller's open write transaction.
void QueueEvent(store::Connection& db, std::int64_t partner_id, const BookingEvent& event);

struct EventRetry {
  std::chrono::seconds base{10};
  std::chrono::seconds cap{3600};
  int max_attempts = 20;  // about a day of backing off
  std::chrono::seconds lease{60};
};

struct ClaimedEvent {
  std::int64_t id = 0;
  std::int64_t partner_id = 0;
  std::string event_id;
  std::string body;
  int attempts = 0;  // including this one
  std::int64_t lease_until = 0;
};

struct EventRow {
  std::string event_id;
  std::string type;
  std::string status;  // pending, sending, delivered, failed
  int attempts = 0;
  std::string last_error;
};

class EventOutbox {
 public:
  EventOutbox(store::ConnectionPool& data, const core::Clock& clock, EventRetry retry = {})
      : data_(data), clock_(clock), retry_(retry) {}

  std::optional<ClaimedEvent> ClaimNext();
  void Delivered(const ClaimedEvent& event);
  // Retries later, or gives up after the last attempt (or at once when `permanent`).
  void Failed(const ClaimedEvent& event, std::string_view error, bool permanent = false);
  // A partner's events, oldest first (the back office; tests).
  std::vector<EventRow> OfPartner(std::int64_t partner_id);

 private:
  store::ConnectionPool& data_;
  const core::Clock& clock_;
  EventRetry retry_;
};

}  // namespace jetway::partners
