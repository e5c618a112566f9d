// The back office as `serve` runs it: the staff service over the admin login's databases, the back-office routes
// on a router of their own (with the static assets and health checks), for the admin listener. The agent portal is
// the same made for travel agencies' people (Desk::kAgentPortal): the agent login's databases, identity's agency
// realm, the [agent] settings, its own routes, cookies and frame.
#pragma once

#include <memory>
#include <optional>
#include <ostream>

#include "admin/admin.hpp"
#include "aerocrs/catalog.hpp"
#include "aerocrs/partner_api.hpp"
#include "app/config.hpp"
#include "app/databases.hpp"
#include "http/http.hpp"
#include "booking/booking_service.hpp"
#include "booking/departure_control.hpp"
#include "core/rate_limiter.hpp"
#include "identity/password.hpp"
#include "agents/agency_service.hpp"
#include "identity/staff_service.hpp"
#include "ops/monitoring_service.hpp"
#include "partners/partner_meter.hpp"
#include "partners/partner_service.hpp"
#include "schedule/network_service.hpp"
#include "schedule/ssim_service.hpp"
#include "booking/schedule_change_service.hpp"
#include "web/assets.hpp"
#include "web/live_site.hpp"
#include "web/page.hpp"

namespace jetway::app {

identity::CommonPasswords LoadCommonPasswords(const std::string& path);

enum class Desk { kBackOffice, kAgentPortal };

// The password, hashing and session rules of a desk's users: one policy for the desk and for `jetway user add`, so
// a password one refuses (the airline's or the site's name in it) the other refuses too.
identity::IdentityPolicy StaffPolicy(const Config& config, Desk desk, const web::SiteSettings& site);

// One JSON line per route of the desk: method, path, who may reach it (anyone, signing_in, staff) and the
// permission it needs (null: anyone signed in). The route-permission tests walk this list.
void PrintRoutes(std::ostream& out, Desk desk);

class BackOffice {
 public:
  // `pages` is the airline's page context (templates, texts, signer, site); the desk renders in its own
  // layout and keeps its own visit cookie.
  BackOffice(const Config& config, Databases& databases, const web::PageContext& pages, web::LiveSite& live,
             const web::AssetStore& assets,
             const reference::AirportDirectory& airports, booking::PaymentGateway& gateway, const core::Clock& clock,
             core::Random& random, Desk desk = Desk::kBackOffice);
  http::Router& router() { return router_; }
  // Re-accommodates the passengers of flights the schedule changed (a sweep: the pages run it after each change;
  // this finishes what a stop or a failure in between left).
  booking::ScheduleChangeService::Sweep Reaccommodate() { return schedule_changes_.ProcessPending(); }

 private:
  identity::CommonPasswords common_;
  identity::StaffService staff_;
  identity::StaffService agency_people_;  // the back office's view of agencies' users
  schedule::NetworkService network_;
  booking::BookingService bookings_;  // over the back office's own login
  booking::DepartureControl departures_;
  schedule::InventoryControlService inventory_;
  reports::ReportService reports_;
  schedule::ScheduleAdminService schedules_;
  schedule::SsimService ssim_;
  booking::ScheduleChangeService schedule_changes_;
  reference::ReferenceAdminService reference_;
  pricing::FareAdminService fares_;
  web::SiteEditor site_editor_;
  ops::MonitoringService monitoring_;
  status::StatusService incidents_;
  agents::AgencyService agencies_;
  partners::PartnerService partners_;
  partners::PartnerMeter partner_usage_;
  shopping::AvailabilityService availability_;
  std::optional<core::RateLimiter> staff_rate_;  // none when [admin] requests_per_second_per_staff is 0
  // The partner API on the back office's listener too: the airline-side methods (createDeposit, updateClass) change
  // what the public application's database role may only read.
  aerocrs::Catalog partner_catalog_;
  aerocrs::PartnerApiContext partner_api_;
  admin::AdminContext context_;
  admin::AdminRoutes routes_;
  http::Router router_;
};

}  // namespace jetway::app
