// Counts each partner's calls against its quotas and for its usage statistics. Per minute on this node (a fixed
// window per partner, in memory); per day across every node: the calls are kept in the management database
// (`partner_usage`: calls and errors per partner, UTC day and method), where this node adds its own at most every
// `flush_every` and reads everyone's back, so a partner spread over N nodes overruns a daily quota by at most what it
// can send in that interval. A node stopped between two flushes loses that interval's statistics, never a booking.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "partners/partner.hpp"
#include "partners/quota.hpp"
#include "store/store.hpp"

namespace jetway::partners {

struct MethodUsage {
  std::string day;  // YYYY-MM-DD, UTC
  std::string method;
  std::int64_t calls = 0;    // admitted
  std::int64_t errors = 0;   // admitted, then answered success:false
  std::int64_t refused = 0;  // over a quota
};

class PartnerMeter {
 public:
  PartnerMeter(store::ConnectionPool& mgmt, const core::Clock& clock,
               std::chrono::seconds flush_every = std::chrono::seconds{2})
      : mgmt_(mgmt), clock_(clock), flush_every_(flush_every) {}

  // Admits one call of `method` within the partner's quotas and counts it; or QUOTA_EXCEEDED (429, Retry-After),
  // counted as refused (what is refused uses no quota).
  std::optional<core::Error> Admit(const Partner& partner, const PartnerMethod& method);
  // A call that was admitted and then failed (answered success:false).
  void Failed(const Partner& partner, const PartnerMethod& method);
  // Writes this node's counts and reads every node's day totals (done by the calls themselves when due).
  void Flush();
  // The partner's calls per day and method from `from` to `to` (UTC days), newest day first. Needs agencies.read.
  core::Result<std::vector<MethodUsage>> Usage(const core::Actor& actor, std::int64_t partner_id,
                                               core::LocalDate from, core::LocalDate to);

 private:
  struct Window {
    std::int64_t minute = 0;  // epoch minutes
    int searches = 0;
    int bookings = 0;
  };
  using Key = std::tuple<std::int64_t, std::string, std::string>;  // partner, day, method
  struct Pending {
    std::int64_t calls = 0;
    std::int64_t errors = 0;
    std::int64_t refused = 0;
  };

  void FlushIfDue(core::Instant now);
  Used UsedLocked(const Partner& partner, core::Instant now);
  void CountLocked(const Partner& partner, const PartnerMethod& method, core::Instant now, bool refused);

  store::ConnectionPool& mgmt_;
  const core::Clock& clock_;
  std::chrono::seconds flush_every_;
  std::mutex mutex_;
  std::map<std::int64_t, Window> windows_;
  std::map<Key, Pending> pending_;
  std::string totals_day_;
  std::map<std::pair<std::int64_t, CallKind>, std::int64_t> day_totals_;  // as of the last flush, every node's
  core::Instant last_flush_{};
  std::mutex flush_mutex_;  // one flush at a time
};

}  // namespace jetway::partners
