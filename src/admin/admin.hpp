// The airline's back office: server-rendered pages for staff, on a listener of its own (so it can be kept off the
// internet), made with the same page infrastructure as the booking site (web/page.hpp). Every route declares the
// permission it needs (AdminRoutes); a request without a live staff session goes to the sign-in page (or gets 401 as
// JSON), one whose session is not ready (a second factor to give or enrol, a one-time password to change) goes to
// that step, and one without the permission gets 403 and changes nothing. Every POST carries a CSRF token.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agents/agency_service.hpp"
#include "core/actor.hpp"
#include "core/rate_limiter.hpp"
#include "http/http.hpp"
#include "booking/booking_service.hpp"
#include "booking/schedule_change_service.hpp"
#include "booking/departure_control.hpp"
#include "identity/staff_service.hpp"
#include "ops/monitoring_service.hpp"
#include "partners/partner_meter.hpp"
#include "partners/partner_service.hpp"
#include "shopping/availability_service.hpp"
#include "status/status_service.hpp"
#include "pricing/fare_admin.hpp"
#include "reference/reference_admin.hpp"
#include "reports/report_service.hpp"
#include "schedule/inventory_control.hpp"
#include "schedule/schedule_admin.hpp"
#include "schedule/network_service.hpp"
#include "schedule/ssim_service.hpp"
#include "web/page.hpp"

namespace jetway::admin {

inline constexpr const char* kStaffCookie = "jw_staff";
inline constexpr const char* kAgentCookie = "jw_agent";

struct AdminContext : web::PageContext {
  const web::AssetStore& assets;
  identity::StaffService& staff;
  schedule::NetworkService& network;
  booking::BookingService& bookings;
  schedule::InventoryControlService& inventory;
  reports::ReportService& reports;
  schedule::ScheduleAdminService& schedules;
  reference::ReferenceAdminService& reference;
  pricing::FareAdminService& fares;
  web::SiteEditor& site_editor;
  ops::MonitoringService& monitoring;
  status::StatusService& incidents;
  agents::AgencyService& agencies;
  const reference::AirportDirectory& airports;  // local times at the edges
  const core::Clock& clock;
  bool secure_cookies = true;  // the staff session cookie is Secure (off only for plain-HTTP development)
  std::string issuer;          // the name authenticator apps show beside the code ("Kattegat Air")
  // Where staff reach the back office ("https://office.example"): the base of the links it e-mails. Configured, never
  // taken from a request's Host header, which anyone can set.
  std::string public_url;
  // Requests per signed-in member of staff; null: no limit.
  core::RateLimiter* staff_rate = nullptr;
  // The agent portal is made of the same guard and pages, for travel agencies' people (identity's agency realm, its
  // own listener, cookie and frame); these say which of the two this is.
  bool agent_portal = false;
  const char* session_cookie = kStaffCookie;
  // Flights and fares to sell (the agent portal's booking pages); null where nothing is sold.
  const shopping::AvailabilityService* availability = nullptr;
  // Travel agencies' people (identity's agency realm), as the back office sees them: staff who manage agencies add
  // an agency's first administrator and can disable its users. Null in the agent portal.
  identity::StaffService* agency_people = nullptr;
  // The partner API's credentials and their usage (agencies.read to look, agencies.manage to add). Null in the agent
  // portal.
  partners::PartnerService* partners = nullptr;
  partners::PartnerMeter* partner_usage = nullptr;
  // Departure control at the airport (departure.control). Null in the agent portal.
  booking::DepartureControl* departures = nullptr;
  // Schedules as IATA SSIM files, out and in (schedules.read, schedules.write). Null in the agent portal.
  schedule::SsimService* ssim = nullptr;
  // Passengers of changed flights re-accommodated (run after each schedule change), and those left for staff.
  // Null in the agent portal.
  booking::ScheduleChangeService* schedule_changes = nullptr;
};

// A request from a signed-in member of staff (or, on the sign-in pages, from anyone).
struct StaffRequest {
  web::Visit visit;
  std::optional<identity::Session> session;
  std::string token;  // the session cookie's value
};

using PageHandler = http::Response (*)(const AdminContext&, StaffRequest&);

// Who may reach a route: anyone (the sign-in pages), a member of staff whose session is at the route's `step` of
// signing in or past all of them (nullopt: at any step, as signing out), or a ready session whose role grants
// `permission` (nullopt: any ready session).
enum class Audience { kAnyone, kSigningIn, kStaff };

struct RouteSpec {
  RouteSpec(std::string method_, std::string path_, Audience audience_, std::optional<core::Permission> permission_,
            PageHandler handler_, std::optional<identity::SessionStage> step_ = std::nullopt)
      : method(std::move(method_)), path(std::move(path_)), audience(audience_), permission(permission_),
        handler(handler_), step(step_) {}

  std::string method;
  std::string path;
  Audience audience = Audience::kStaff;
  std::optional<core::Permission> permission;
  PageHandler handler = nullptr;
  // kSigningIn: the one step this route serves before the session is ready. A session waiting for its second
  // factor must not reach enrolment or the password form: with a stolen password alone, those would let a thief
  // enrol their own authenticator and then give its code.
  std::optional<identity::SessionStage> step;
};

class AdminRoutes {
 public:
  void Add(RouteSpec spec) { specs_.push_back(std::move(spec)); }
  const std::vector<RouteSpec>& specs() const { return specs_; }
  // Registers every route on `router`, each behind its guard.
  void Install(http::Router& router, const AdminContext& context) const;

 private:
  std::vector<RouteSpec> specs_;
};

// Every back-office route (the sign-in steps, the home page, the staff screens).
AdminRoutes BackOfficeRoutes();
// Every agent-portal route: signing in, the account, the home page, the agency's users (its administrator's), its
// bookings, and its agency with the account, ledger and statements. The services scope each to the agency.
AdminRoutes AgentPortalRoutes();

}  // namespace jetway::admin
