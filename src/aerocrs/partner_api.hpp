// The partner API: AeroCRS v5-compatible calls under /aerocrs/v5/<methodName> (../shared/reference/aerocrs-api.md),
// so that partners already integrated with AeroCRS switch to jetway by changing a base URL. Each call is checked
// (credential, method, quota), its envelope read, and mapped onto the services every other front door uses: the same
// availability search, the same booking service, the same agency accounts. Methods whose capability jetway does not
// have yet answer a clean refusal (docs/partner-api.md lists them).
#pragma once

#include <string>

#include "aerocrs/catalog.hpp"
#include "agents/agency_service.hpp"
#include "api/api_v1.hpp"
#include "booking/booking_service.hpp"
#include "booking/departure_control.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "partners/partner_meter.hpp"
#include "partners/partner_service.hpp"
#include "pricing/fare_admin.hpp"
#include "reference/reference_service.hpp"
#include "schedule/inventory_control.hpp"
#include "schedule/schedule_admin.hpp"
#include "schedule/ssim_service.hpp"
#include "shopping/availability_service.hpp"

namespace jetway::aerocrs {

struct PartnerApiContext {
  partners::PartnerService& partners;
  partners::PartnerMeter& meter;
  Catalog& catalog;
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  agents::AgencyService& agencies;
  pricing::FareAdminService& fares;         // read only: the public application may not change fares
  schedule::ScheduleAdminService& schedules;  // read only, likewise
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
  // Present on the back office's listener only, whose database role may change inventory and agencies' accounts:
  // the airline-side methods (createDeposit, updateClass) answer there, and elsewhere say where they are served.
  schedule::InventoryControlService* inventory = nullptr;
  // Likewise: departure control (§3.8's DCS methods), whose role writes check-ins, offloads and closings.
  booking::DepartureControl* departures = nullptr;
  // The schedule as SSIM (getSchedule's `ssim`); null: not offered here.
  schedule::SsimService* ssim = nullptr;
};

// The path every method is served on (GET and POST).
inline constexpr const char* kPartnerApiPath = "/aerocrs/v5/:method";

void AddPartnerApiRoutes(http::Router& router, PartnerApiContext& context);

// The airlines a partner may book: its own list, narrowed to its agency's when it books for one (AGENCY_SUSPENDED
// while the agency may not sell). Empty: every airline.
core::Result<std::vector<std::string>> SellableAirlines(const partners::Partner& partner,
                                                        const std::optional<agents::Agency>& agency);

// API v1's gate for partners (api::CallerGate): the partner API's credentials, grants and quotas, on API v1's
// routes. A partner booking for an agency sells the airlines both it and the agency may sell.
api::CallerGate ApiGate(PartnerApiContext& context);

}  // namespace jetway::aerocrs
