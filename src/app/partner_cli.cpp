#include "app/partner_cli.hpp"

#include <fmt/ostream.h>

#include "agents/agency_service.hpp"
#include "partners/partner_service.hpp"

namespace jetway::app {

namespace {

void Override(int& quota, int given) {
  if (given >= 0) quota = given;
}

std::string ReadSecret(std::istream& in) {
  std::string secret;
  std::getline(in, secret);
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  return secret;
}

}  // namespace

int RunPartnerAdd(Databases& owner, const PartnerAddOptions& options, std::istream& in, std::ostream& out,
                  std::ostream& err) {
  core::SystemClock clock;
  core::SystemRandom random;
  const auto actor = core::Actor::System();
  partners::Partner draft;
  draft.auth_id = options.auth_id;
  draft.name = options.name.empty() ? options.auth_id : options.name;
  draft.airlines = partners::SplitWords(options.airlines);
  auto methods = options.methods.empty() ? core::Result<std::vector<std::string>>(partners::DefaultMethods())
                                         : partners::ExpandMethods(options.methods);
  if (!methods) {
    fmt::print(err, "jetway: {} ({})\n", methods.error().message, methods.error().code);
    return 2;
  }
  draft.methods = *methods;
  Override(draft.quotas.searches_per_minute, options.searches_per_minute);
  Override(draft.quotas.searches_per_day, options.searches_per_day);
  Override(draft.quotas.bookings_per_minute, options.bookings_per_minute);
  Override(draft.quotas.bookings_per_day, options.bookings_per_day);
  Override(draft.quotas.look_to_book, options.look_to_book);
  draft.webhook_url = options.webhook_url;
  if (!options.agency.empty()) {
    agents::AgencyService agencies(*owner.mgmt, *owner.data, clock);
    const auto all = agencies.List(actor);
    for (const auto& view : all ? *all : std::vector<agents::AgencyView>{})
      if (view.agency.code == options.agency) draft.agency_id = view.agency.id;
    if (draft.agency_id == 0) {
      fmt::print(err, "jetway: there is no agency with the code {} (AGENCY_NOT_FOUND)\n", options.agency);
      return 2;
    }
  }
  const auto secret = ReadSecret(in);
  partners::PartnerService service(*owner.mgmt, clock, random);
  auto added = service.Add(actor, draft, secret);
  if (!added) {
    fmt::print(err, "jetway: {} ({})\n", added.error().message, added.error().code);
    return 2;
  }
  const auto& p = added->partner;
  fmt::print(out, "added partner {} ({}), id {}, {} methods{}\n", p.auth_id, p.name, p.id, p.methods.size(),
             p.agency_id ? fmt::format(", booking for agency {}", options.agency) : "");
  fmt::print(out, "webhook secret: {}\n(its webhooks are signed with it; give it to the partner, it is not shown again)\n",
             added->webhook_secret);
  return 0;
}

int RunPartnerAccess(Databases& owner, PartnerAccess action, const std::string& auth_id, std::istream& in,
                     std::ostream& out, std::ostream& err) {
  core::SystemClock clock;
  core::SystemRandom random;
  const auto actor = core::Actor::System();
  partners::PartnerService service(*owner.mgmt, clock, random);
  std::int64_t id = 0;
  if (auto all = service.List(actor))
    for (const auto& p : *all)
      if (p.auth_id == auth_id) id = p.id;
  if (id == 0) {
    fmt::print(err, "jetway: there is no partner with the auth_id {} (PARTNER_NOT_FOUND)\n", auth_id);
    return 2;
  }
  core::Result<partners::Partner> done = std::unexpected(core::Error{});
  if (action == PartnerAccess::kNewSecret) {
    auto renewed = service.NewSecret(actor, id, ReadSecret(in));
    if (renewed) done = renewed->partner; else done = std::unexpected(renewed.error());
  } else {
    done = service.SetStatus(actor, id, action == PartnerAccess::kEnable ? partners::PartnerStatus::kActive
                                                                         : partners::PartnerStatus::kDisabled);
  }
  if (!done) {
    fmt::print(err, "jetway: {} ({})\n", done.error().message, done.error().code);
    return 2;
  }
  fmt::print(out, "partner {}: {}\n", auth_id,
             action == PartnerAccess::kNewSecret ? "new secret in force; the old one is refused"
                                                 : std::string(partners::ToString(done->status)));
  return 0;
}

}  // namespace jetway::app
