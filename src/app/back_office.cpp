#include "app/back_office.hpp"

#include <fmt/core.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "web/static_routes.hpp"

namespace jetway::app {

namespace {

const AdminConfig& SettingsOf(const Config& config, Desk desk) {
  return desk == Desk::kAgentPortal ? config.agent : config.admin;
}

}  // namespace

identity::IdentityPolicy StaffPolicy(const Config& config, Desk desk, const web::SiteSettings& site) {
  const AdminConfig& settings = SettingsOf(config, desk);
  identity::IdentityPolicy policy;
  policy.hash_cost = config.password_hash;
  policy.session_idle = std::chrono::minutes{settings.session_idle_minutes};
  policy.session_absolute = std::chrono::hours{settings.session_hours};
  policy.require_totp = settings.require_totp;
  policy.context_words = {"jetway", site.name, site.airline};
  return policy;
}

namespace {

web::PageContext OfficePages(const web::PageContext& pages, Desk desk) {
  web::PageContext office = pages;
  const bool portal = desk == Desk::kAgentPortal;
  office.channel = portal ? core::Channel::kAgent : core::Channel::kOffice;
  office.visit_cookie = portal ? "jw_agent_visit" : "jw_office_visit";
  office.layout = portal ? "agent/layout" : "admin/layout";
  office.script_url.clear();
  return office;
}

std::string PublicUrl(const Config& config, const AdminConfig& settings) {
  if (!settings.public_url.empty()) return settings.public_url;
  // A listener that speaks only HTTPS must not be linked to as http://: the e-mailed link would go nowhere.
  return ListenerUrl(settings.listen_address, settings.listen_port, !config.tls_certificate.empty());
}

admin::AdminRoutes RoutesOf(Desk desk) {
  return desk == Desk::kAgentPortal ? admin::AgentPortalRoutes() : admin::BackOfficeRoutes();
}

}  // namespace

identity::CommonPasswords LoadCommonPasswords(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("cannot read the common-passwords list {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return identity::CommonPasswords(text.str());
}

void PrintRoutes(std::ostream& out, Desk desk) {
  const auto routes = RoutesOf(desk);
  for (const auto& route : routes.specs()) {
    const char* audience = route.audience == admin::Audience::kAnyone      ? "anyone"
                           : route.audience == admin::Audience::kSigningIn ? "signing_in"
                                                                           : "staff";
    out << fmt::format(R"({{"method":"{}","path":"{}","audience":"{}","permission":{}}})", route.method, route.path,
                       audience,
                       route.permission ? fmt::format("\"{}\"", core::ToString(*route.permission)) : "null")
        << "\n";
  }
}

namespace {

std::optional<core::RateLimiter> StaffRate(const AdminConfig& admin) {
  if (admin.requests_per_second_per_staff <= 0) return std::nullopt;
  return std::optional<core::RateLimiter>(std::in_place,
                                          core::RatePolicy{static_cast<double>(admin.requests_per_second_per_staff),
                                                           admin.request_burst_per_staff});
}

}  // namespace

BackOffice::BackOffice(const Config& config, Databases& databases, const web::PageContext& pages,
                       web::LiveSite& live, const web::AssetStore& assets, const reference::AirportDirectory& airports,
                       booking::PaymentGateway& gateway, const core::Clock& clock, core::Random& random, Desk desk)
    : common_(LoadCommonPasswords(config.common_passwords)),
      staff_(*databases.mgmt, *databases.data, clock, random, common_, StaffPolicy(config, desk, pages.Site()),
             desk == Desk::kAgentPortal ? identity::AgencyRealm() : identity::StaffRealm()),
      agency_people_(*databases.mgmt, *databases.data, clock, random, common_,
                     StaffPolicy(config, Desk::kAgentPortal, pages.Site()), identity::AgencyRealm()),
      network_(*databases.data),
      bookings_(*databases.data, airports, clock, random, gateway, std::chrono::seconds{config.hold_seconds},
                config.limits),
      departures_(*databases.data, airports, clock),
      inventory_(*databases.data, clock),
      reports_(*databases.data),
      schedules_(*databases.data, airports, clock),
      ssim_(*databases.data, airports, clock),
      schedule_changes_(*databases.data, airports, clock, random),
      reference_(*databases.data),
      fares_(*databases.data, clock),
      site_editor_(*databases.web, live, assets, pages.locales),
      monitoring_(*databases.mgmt, clock),
      incidents_(*databases.mgmt, clock),
      agencies_(*databases.mgmt, *databases.data, clock),
      partners_(*databases.mgmt, clock, random),
      partner_usage_(*databases.mgmt, clock),
      availability_(*databases.data, airports, clock),
      staff_rate_(StaffRate(SettingsOf(config, desk))),
      partner_catalog_(*databases.data, airports, clock),
      partner_api_{partners_, partner_usage_, partner_catalog_, availability_, bookings_, agencies_, fares_, schedules_,
                   airports, clock, &inventory_, &departures_, &ssim_},
      context_{OfficePages(pages, desk), assets, staff_, network_, bookings_, inventory_, reports_, schedules_,
               reference_, fares_, site_editor_, monitoring_, incidents_, agencies_, airports, clock,
               SettingsOf(config, desk).secure_cookies, pages.Site().name, PublicUrl(config, SettingsOf(config, desk)),
               staff_rate_ ? &*staff_rate_ : nullptr, desk == Desk::kAgentPortal,
               desk == Desk::kAgentPortal ? admin::kAgentCookie : admin::kStaffCookie, &availability_,
               desk == Desk::kAgentPortal ? nullptr : &agency_people_,
               desk == Desk::kAgentPortal ? nullptr : &partners_, desk == Desk::kAgentPortal ? nullptr : &partner_usage_,
               desk == Desk::kAgentPortal ? nullptr : &departures_, desk == Desk::kAgentPortal ? nullptr : &ssim_,
               desk == Desk::kAgentPortal ? nullptr : &schedule_changes_},
      routes_(RoutesOf(desk)) {
  routes_.Install(router_, context_);
  web::AddStaticRoutes(router_, assets, {&live});
  if (desk == Desk::kBackOffice) aerocrs::AddPartnerApiRoutes(router_, partner_api_);
}

}  // namespace jetway::app
