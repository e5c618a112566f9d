#include "schedule/change_plan.hpp"

#include <algorithm>
#include <map>

namespace jetway::schedule {

bool ChangePlan::TouchesBookings() const {
  for (const auto& r : retimed)
    if (r.flight.active_bookings > 0) return true;
  for (const auto& f : removed)
    if (f.active_bookings > 0) return true;
  return !kept_on_old_aircraft.empty() || !reequipped.empty();
}

bool ChangePlan::Empty() const {
  return added.empty() && retimed.empty() && removed.empty() && reconfigured.empty() && reequipped.empty() &&
         kept_on_old_aircraft.empty();
}

namespace {

// A booked flight moves to the new aircraft when it has every cabin booked and no one holds a seat number.
bool Reequippable(const ExistingFlight& f, const std::vector<std::string>& cabins) {
  if (f.seats_assigned || f.booked_cabins.empty()) return false;
  return std::all_of(f.booked_cabins.begin(), f.booked_cabins.end(), [&](const std::string& cabin) {
    return std::find(cabins.begin(), cabins.end(), cabin) != cabins.end();
  });
}

}  // namespace

ChangePlan Plan(const std::vector<ExistingFlight>& existing, const std::vector<DatedFlight>& wanted,
                std::int64_t config_id, const std::vector<std::string>& cabins, core::LocalDate not_before) {
  ChangePlan plan;
  std::map<core::LocalDate, const DatedFlight*> by_date;
  for (const auto& w : wanted)
    if (!(w.departure_date < not_before)) by_date[w.departure_date] = &w;
  for (const auto& f : existing) {
    auto found = by_date.find(f.date);
    if (found == by_date.end()) {
      plan.removed.push_back(f);
      continue;
    }
    const auto& w = *found->second;
    by_date.erase(found);
    if (f.config_id != config_id) {
      if (f.booked_seats == 0)
        plan.reconfigured.push_back(f);
      else if (Reequippable(f, cabins))
        plan.reequipped.push_back(f);
      else
        plan.kept_on_old_aircraft.push_back(f);
    }
    if (w.departure_utc != f.departure_utc || w.arrival_utc != f.arrival_utc)
      plan.retimed.push_back(Retime{f, w});
    else if (f.config_id == config_id)
      plan.kept.push_back(f);
  }
  for (const auto& [date, w] : by_date) plan.added.push_back(*w);
  return plan;
}

}  // namespace jetway::schedule
