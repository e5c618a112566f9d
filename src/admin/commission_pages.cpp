// An agency's commission rules: listed for whoever may read the agency (staff, and in the agent portal its
// administrator), added and removed by staff who manage agencies. Each rule is a percentage of the fare or a fixed
// amount per passenger and segment, for an airline, optionally a route (either direction) and a booking class, over
// a travel period; the service validates and audits.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

using P = core::Permission;

std::optional<std::string> Optional(const web::Form& form, const char* name) {
  auto text = core::AsciiUpper(Field(form, name));
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

core::Error RuleRefused(const char* field, const std::string& message) {
  return core::MakeError(core::ErrorKind::kInvalid, "INVALID_COMMISSION", message, field);
}

// The form as a rule: the rate as a percentage ("7.5") or an amount in the agency's currency ("50.00").
core::Result<agents::CommissionRule> RuleFrom(const web::Form& form, const std::string& currency) {
  agents::CommissionRule rule;
  rule.airline = core::AsciiUpper(Field(form, "airline"));
  rule.origin = Optional(form, "origin");
  rule.destination = Optional(form, "destination");
  rule.booking_class = Optional(form, "booking_class");
  const auto from = core::ParseIsoDate(Field(form, "valid_from")), to = core::ParseIsoDate(Field(form, "valid_to"));
  if (!from) return std::unexpected(RuleRefused("valid_from", "give the first day of travel the rule is for"));
  if (!to) return std::unexpected(RuleRefused("valid_to", "give the last day of travel the rule is for"));
  rule.valid_from = *from;
  rule.valid_to = *to;
  if (Field(form, "kind") == "fixed") {
    rule.per_passenger = core::ParseAmount(Field(form, "rate"), currency);
    if (!rule.per_passenger)
      return std::unexpected(RuleRefused("rate", fmt::format("write the amount in {}, such as 50.00", currency)));
  } else {
    // A percentage with at most two decimals, as basis points: "7.5" -> 750.
    const auto percent = core::ParseAmount(Field(form, "rate"), "EUR");
    if (!percent) return std::unexpected(RuleRefused("rate", "write the percentage of the fare, such as 7.5"));
    rule.basis_points = static_cast<int>(std::min<std::int64_t>(percent->minor, INT32_MAX));
  }
  return rule;
}

web::ViewList RuleRows(const std::vector<agents::CommissionRule>& rules) {
  web::ViewList rows;
  for (const auto& rule : rules) {
    web::View row;
    row["rule_id"] = web::Text(std::to_string(rule.id));
    row["airline"] = web::Text(rule.airline);
    row["route"] = web::Text(rule.origin ? fmt::format("{}–{}", *rule.origin, rule.destination.value_or("")) : "");
    row["class"] = web::Text(rule.booking_class.value_or(""));
    row["period"] = web::Text(fmt::format("{} – {}", core::FormatIsoDate(rule.valid_from),
                                          core::FormatIsoDate(rule.valid_to)));
    row["rate"] = web::Text(rule.basis_points
                                ? fmt::format("{} %", core::FormatAmount({*rule.basis_points, "EUR"}))
                                : fmt::format("{} {}", rule.per_passenger->currency,
                                              core::FormatAmount(*rule.per_passenger)));
    rows.push_back(std::move(row));
  }
  return rows;
}

http::Response CommissionsPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                               const web::Form& form) {
  auto found = AgencyOf(ctx, r);
  if (!found) return Refused(ctx, r, found.error());
  const auto id = found->agency.id;
  auto rules = ctx.agencies.Commissions(r.visit.actor, id);
  if (!rules) return Refused(ctx, r, rules.error());
  view["id"] = web::Text(std::to_string(id));
  view["agency_name"] = web::Text(found->agency.name);
  view["currency"] = web::Text(found->agency.currency);
  view["settlement"] = web::Text(std::string(agents::ToString(found->agency.settlement)));
  view["rules"] = web::List(RuleRows(*rules));
  view["may_manage"] = web::Flag(r.visit.actor.May(P::kAgenciesManage));
  for (const char* name : {"airline", "origin", "destination", "booking_class", "valid_from", "valid_to", "rate"})
    view["form_" + std::string(name)] = web::Text(Field(form, name));
  view["form_fixed"] = web::Flag(Field(form, "kind") == "fixed");
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/commissions", std::move(view),
                     fmt::format("{} · {}", found->agency.name, web::T(ctx, r.visit, "admin_commissions_title")));
}

http::Response GetCommissions(const AdminContext& ctx, StaffRequest& r) {
  return CommissionsPage(ctx, r, 200, {}, {});
}

http::Response FormRefused(const AdminContext& ctx, StaffRequest& r, const core::Error& error,
                           const web::Form& form) {
  if (error.kind == core::ErrorKind::kForbidden || error.kind == core::ErrorKind::kNotFound)
    return Refused(ctx, r, error);
  web::View view;
  ShowError(ctx, r, error, view);
  return CommissionsPage(ctx, r, FormStatus(error), std::move(view), form);
}

http::Response PostCommission(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto found = AgencyOf(ctx, r);
  if (!found) return Refused(ctx, r, found.error());
  auto rule = RuleFrom(form, found->agency.currency);
  if (!rule) return FormRefused(ctx, r, rule.error(), form);
  auto added = ctx.agencies.AddCommission(r.visit.actor, found->agency.id, *rule);
  if (!added) return FormRefused(ctx, r, added.error(), form);
  return web::SeeOther(fmt::format("/agencies/{}/commissions?done=added", found->agency.id));
}

http::Response PostRemoveCommission(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r), rule = PathId(r, "rule_id");
  if (!id || !rule)
    return Refused(ctx, r, core::MakeError(core::ErrorKind::kNotFound, "COMMISSION_NOT_FOUND", "no such rule"));
  auto removed = ctx.agencies.RemoveCommission(r.visit.actor, *id, *rule);
  if (!removed) return Refused(ctx, r, removed.error());
  return web::SeeOther(fmt::format("/agencies/{}/commissions?done=removed", *id));
}

}  // namespace

void AddCommissionRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/agencies/:agency_id/commissions", Audience::kStaff, P::kAgenciesRead, GetCommissions});
  routes.Add({"POST", "/agencies/:agency_id/commissions", Audience::kStaff, P::kAgenciesManage, PostCommission});
  routes.Add({"POST", "/agencies/:agency_id/commissions/:rule_id/remove", Audience::kStaff, P::kAgenciesManage,
              PostRemoveCommission});
}

}  // namespace jetway::admin
