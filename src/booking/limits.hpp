// What one client may do with bookings before jetway refuses it: against blocking a flight's seats with unpaid
// holds, guessing booking references and names, testing stolen cards and flooding mailboxes. The airline sets
// them ([limits] in jetway.toml); the defaults suit a small airline's web traffic. A "client" is the caller's
// address for now (core::ClientKey: IPv6 by its /64; partner credentials later). The hold limits count the bookings in the database, so they hold
// across nodes; the guessing and card limits are counted per node.
#pragma once

#include <chrono>

#include "core/attempt_limiter.hpp"

namespace jetway::booking {

struct BookingLimits {
  int holds_per_client = 4;                   // unpaid holds at a time
  int held_seats_per_client_per_flight = 9;   // a full party
  int held_seats_per_client = 36;             // over all flights
  // A hold lasts this long until passenger names are given, then the full hold time from when it was made.
  std::chrono::seconds unnamed_hold_time{10 * 60};
  // Failed look-ups (wrong last name or hold token): per client; and, by name, per booking reference from all
  // clients together (higher, since anyone can spend it and so lock the passenger out for a while).
  core::AttemptPolicy lookups_per_client{10, std::chrono::minutes{10}, std::chrono::hours{24}};
  core::AttemptPolicy lookups_per_booking{20, std::chrono::minutes{10}, std::chrono::hours{24}};
  int declines_per_booking = 3;  // declined cards, then the booking takes no more card attempts
  core::AttemptPolicy declines_per_client{5, std::chrono::hours{1}, std::chrono::hours{24}};
  int confirmation_mails_per_hour = 4;  // per booking: the confirmation and three resends
};

}  // namespace jetway::booking
