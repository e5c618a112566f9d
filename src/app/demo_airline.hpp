// The demo airlines that `jetway demo` and the run command load: Kattegat Air (X9), a fictional regional carrier
// with a Copenhagen hub and eight spokes in three time zones, two cabins, nine booking classes, four fare brands,
// departure taxes in local currencies, and a year of flights from today; and beside it, because one deployment hosts
// several airlines, Fjordfly (Q9), a Norwegian domestic carrier with an Oslo hub, fares in kroner and a sales policy
// of its own. Loading is idempotent.
#pragma once

#include "core/time.hpp"
#include "log/log.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"

namespace jetway::app {

struct DemoSummary {
  bool already_loaded = false;
  int schedule_lines = 0;
  int flights = 0;
  int fares = 0;
};

DemoSummary LoadDemoAirline(store::Connection& data, const reference::AirportDirectory& airports, core::LocalDate today);
// The demo airline's web site settings (name, logo, colours, languages, currencies), unless it has some already.
void LoadDemoSite(store::Connection& web);

}  // namespace jetway::app
