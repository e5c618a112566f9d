#include "app/staff_cli.hpp"

#include <fmt/ostream.h>

#include "agents/agency_service.hpp"
#include "app/back_office.hpp"
#include "app/booking_sites.hpp"
#include "identity/audit_log.hpp"
#include "identity/staff_service.hpp"

namespace jetway::app {

namespace {

std::optional<std::int64_t> AgencyByCode(Databases& owner, const core::Clock& clock, const std::string& code) {
  agents::AgencyService agencies(*owner.mgmt, *owner.data, clock);
  const auto all = agencies.List(core::Actor::System());
  for (const auto& view : all ? *all : std::vector<agents::AgencyView>{})
    if (view.agency.code == code) return view.agency.id;
  return std::nullopt;
}

// The look the back office and the agent portal wear: the deployment's default site, whose names their password
// rules keep out of passwords.
web::SiteSettings DefaultSiteOf(Databases& owner) {
  const auto sites = LoadSites(owner);
  std::vector<const web::SiteSettings*> all;
  for (const auto& site : sites) all.push_back(&site);
  return sites[web::DefaultSite(all)];
}

}  // namespace

int RunUserAdd(const Config& config, Databases& owner, const UserAddOptions& options, std::istream& in,
               std::ostream& out, std::ostream& err) {
  const auto common = LoadCommonPasswords(config.common_passwords);
  core::SystemClock clock;
  core::SystemRandom random;
  // The command line is the operator at the machine: "system" in the audit log, acting for the agency if one is named.
  auto actor = core::Actor::System();
  if (!options.agency.empty()) {
    const auto agency = AgencyByCode(owner, clock, options.agency);
    if (!agency) {
      fmt::print(err, "jetway: there is no agency with the code {} (AGENCY_NOT_FOUND)\n", options.agency);
      return 2;
    }
    actor.agency_id = *agency;
  }
  // The desk's own rules: its hash cost (else the server's first sign-in would hash again) and the names it keeps
  // out of passwords.
  const auto desk = options.agency.empty() ? Desk::kBackOffice : Desk::kAgentPortal;
  identity::StaffService staff(*owner.mgmt, *owner.data, clock, random, common,
                               StaffPolicy(config, desk, DefaultSiteOf(owner)),
                               options.agency.empty() ? identity::StaffRealm() : identity::AgencyRealm());
  std::optional<std::string> password;
  if (options.password_from_stdin) {
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    password = line;
  }
  const auto name = options.name.empty() ? options.email.substr(0, options.email.find('@')) : options.name;
  const auto added = staff.AddUser(actor, options.email, name, options.role, password);
  if (!added) {
    fmt::print(err, "jetway: {} ({})\n", added.error().message, added.error().code);
    return 2;
  }
  fmt::print(out, "added {} ({}) as {}, user {}\n", added->user.email, added->user.display_name, added->user.role,
             added->user.id);
  if (added->one_time_password)
    fmt::print(out, "one-time password: {}\n(it must be changed at the first sign-in)\n", *added->one_time_password);
  return 0;
}

int RunAuditVerify(Databases& owner, std::ostream& out) {
  auto lease = owner.mgmt->Acquire();
  const auto verdict = identity::VerifyAudit(*lease);
  if (!verdict.broken) {
    fmt::print(out, "audit log intact: {} rows\n", verdict.rows);
    return 0;
  }
  fmt::print(out, "audit log broken at row {}: {}\n", verdict.broken->seq, verdict.broken->reason);
  return 1;
}

}  // namespace jetway::app
