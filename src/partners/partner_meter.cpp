#include "partners/partner_meter.hpp"

#include "partners/partners_sql.hpp"

namespace jetway::partners {

namespace {

std::string DayOf(core::Instant now) { return core::FormatIsoDate(core::LocalDate{date::floor<date::days>(now)}); }

CallKind KindOf(const std::string& method) {
  const auto* m = FindMethod(method);
  return m ? m->kind : CallKind::kOther;
}

}  // namespace

std::optional<core::Error> PartnerMeter::Admit(const Partner& partner, const PartnerMethod& method) {
  const auto now = clock_.Now();
  FlushIfDue(now);
  std::lock_guard lock(mutex_);
  const auto used = UsedLocked(partner, now);
  const auto epoch = core::ToEpoch(now);
  const std::chrono::seconds to_next_minute{60 - epoch % 60};
  const std::chrono::seconds to_next_day{86400 - epoch % 86400};
  auto refused = QuotaRefusal(partner.quotas, used, method.kind, to_next_minute, to_next_day);
  CountLocked(partner, method, now, refused.has_value());
  return refused;
}

void PartnerMeter::Failed(const Partner& partner, const PartnerMethod& method) {
  std::lock_guard lock(mutex_);
  pending_[{partner.id, DayOf(clock_.Now()), std::string(method.name)}].errors += 1;
}

Used PartnerMeter::UsedLocked(const Partner& partner, core::Instant now) {
  Used used;
  auto& window = windows_[partner.id];
  const auto minute = core::ToEpoch(now) / 60;
  if (window.minute != minute) window = Window{minute, 0, 0};
  used.searches_this_minute = window.searches;
  used.bookings_this_minute = window.bookings;
  const auto day = DayOf(now);
  auto total = [&](CallKind k) {
    std::int64_t n = 0;
    if (totals_day_ == day)
      if (auto it = day_totals_.find({partner.id, k}); it != day_totals_.end()) n = it->second;
    for (const auto& [key, pending] : pending_)
      if (std::get<0>(key) == partner.id && std::get<1>(key) == day && KindOf(std::get<2>(key)) == k)
        n += pending.calls;
    return n;
  };
  used.searches_today = total(CallKind::kSearch);
  used.bookings_today = total(CallKind::kBooking);
  return used;
}

void PartnerMeter::CountLocked(const Partner& partner, const PartnerMethod& method, core::Instant now, bool refused) {
  auto& pending = pending_[{partner.id, DayOf(now), std::string(method.name)}];
  if (refused) {
    pending.refused += 1;
    return;  // a refused call takes nothing of the quotas
  }
  pending.calls += 1;
  auto& window = windows_[partner.id];
  if (method.kind == CallKind::kSearch) ++window.searches;
  if (method.kind == CallKind::kBooking) ++window.bookings;
}

void PartnerMeter::FlushIfDue(core::Instant now) {
  {
    std::lock_guard lock(mutex_);
    if (now - last_flush_ < flush_every_) return;
    last_flush_ = now;
  }
  Flush();
}

void PartnerMeter::Flush() {
  std::unique_lock flushing(flush_mutex_, std::try_to_lock);
  if (!flushing.owns_lock()) return;  // another thread is at it
  std::map<Key, Pending> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  const auto day = DayOf(clock_.Now());
  std::map<std::pair<std::int64_t, CallKind>, std::int64_t> totals;
  try {
    store::RetryConflicts([&] {
      auto lease = mgmt_.Acquire();
      store::Transaction tx(*lease);
      for (const auto& [key, pending] : taken)
        lease->Prepare(sql::kAddUsage)
            .Bind(1, std::get<0>(key))
            .Bind(2, std::get<1>(key))
            .Bind(3, std::get<2>(key))
            .Bind(4, pending.calls)
            .Bind(5, pending.errors)
            .Bind(6, pending.refused)
            .Exec();
      totals.clear();
      auto stmt = lease->Prepare(sql::kUsageOfDay);
      stmt.Bind(1, day);
      while (stmt.Step()) totals[{stmt.Int(0), KindOf(stmt.Text(1))}] += stmt.Int(2);
      tx.Commit();
    });
  } catch (const store::StoreError&) {
    // The database is away: keep the counts for the next flush rather than lose them.
    std::lock_guard lock(mutex_);
    for (const auto& [key, pending] : taken) {
      pending_[key].calls += pending.calls;
      pending_[key].errors += pending.errors;
      pending_[key].refused += pending.refused;
    }
    return;
  }
  std::lock_guard lock(mutex_);
  totals_day_ = day;
  day_totals_ = std::move(totals);
}

core::Result<std::vector<MethodUsage>> PartnerMeter::Usage(const core::Actor& actor, std::int64_t partner_id,
                                                           core::LocalDate from, core::LocalDate to) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kAgenciesRead)) return std::unexpected(*refused);
  Flush();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<MethodUsage> usage;
  auto stmt = lease->Prepare(sql::kUsageOfPartner);
  stmt.Bind(1, partner_id).Bind(2, core::FormatIsoDate(from)).Bind(3, core::FormatIsoDate(to));
  while (stmt.Step())
    usage.push_back(MethodUsage{stmt.Text(0), stmt.Text(1), stmt.Int(2), stmt.Int(3), stmt.Int(4)});
  return usage;
}

}  // namespace jetway::partners
