// The partner API's partners (agencies.read to look): the list with today's calls, a partner's details and its
// calls per day and method over the last weeks; adding one (agencies.manage), whose secret and webhook secret are
// shown once; changing one, disabling and enabling it, and giving it a new secret or webhook secret (shown once). PartnerService checks permissions and rules and audits; the pages parse and render.
#include <fmt/core.h>

#include <map>
#include <optional>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

using P = core::Permission;

constexpr int kUsageDays = 30;  // how far back a partner's page shows its calls

core::Error NoPartner() {
  return core::MakeError(core::ErrorKind::kNotFound, "PARTNER_NOT_FOUND", "there is no such partner");
}

std::string AgencyName(const AdminContext& ctx, const StaffRequest& r, std::int64_t agency_id) {
  if (agency_id == 0) return "";
  auto agency = ctx.agencies.Find(r.visit.actor, agency_id);
  return agency ? fmt::format("{} ({})", agency->agency.name, agency->agency.code) : std::to_string(agency_id);
}

std::string AgencyCode(const AdminContext& ctx, const StaffRequest& r, std::int64_t agency_id) {
  if (agency_id == 0) return "";
  auto agency = ctx.agencies.Find(r.visit.actor, agency_id);
  return agency ? agency->agency.code : "";
}

// The quota fields of the edit form, in the order of partners::Quotas.
constexpr const char* kQuotaFields[] = {"searches_per_minute", "searches_per_day", "bookings_per_minute",
                                        "bookings_per_day", "look_to_book"};

int* QuotaOf(partners::Quotas& q, std::string_view field) {
  if (field == "searches_per_minute") return &q.searches_per_minute;
  if (field == "searches_per_day") return &q.searches_per_day;
  if (field == "bookings_per_minute") return &q.bookings_per_minute;
  if (field == "bookings_per_day") return &q.bookings_per_day;
  return &q.look_to_book;
}

web::View PartnerView(const AdminContext& ctx, const StaffRequest& r, const partners::Partner& p) {
  web::View v;
  v["partner_id"] = web::Text(std::to_string(p.id));
  v["auth_id"] = web::Text(p.auth_id);
  v["name"] = web::Text(p.name);
  v["status"] = web::Text(std::string(partners::ToString(p.status)));
  v["agency"] = web::Text(AgencyName(ctx, r, p.agency_id));
  v["airlines"] = web::Text(p.airlines.empty() ? web::T(ctx, r.visit, "admin_partner_all_airlines")
                                               : partners::JoinWords(p.airlines));
  v["methods"] = web::Text(partners::JoinWords(p.methods));
  v["method_count"] = web::Text(std::to_string(p.methods.size()));
  v["quotas"] = web::Text(fmt::format("{}/min, {}/day; {}/min, {}/day; {}", p.quotas.searches_per_minute,
                                      p.quotas.searches_per_day, p.quotas.bookings_per_minute,
                                      p.quotas.bookings_per_day, p.quotas.look_to_book));
  v["webhook_url"] = web::Text(p.webhook_url);
  return v;
}

http::Response PartnersPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                            const web::Form& form) {
  auto list = ctx.partners->List(r.visit.actor);
  if (!list) return Refused(ctx, r, list.error());
  web::ViewList rows;
  for (const auto& p : *list) {
    auto row = PartnerView(ctx, r, p);
    std::int64_t calls = 0;
    if (auto usage = ctx.partner_usage->Usage(r.visit.actor, p.id, Today(ctx), Today(ctx)))
      for (const auto& u : *usage) calls += u.calls;
    row["calls_today"] = web::Text(std::to_string(calls));
    rows.push_back(std::move(row));
  }
  view["partners"] = web::List(std::move(rows));
  view["may_manage"] = web::Flag(r.visit.actor.May(P::kAgenciesManage));
  for (const char* name : {"auth_id", "name", "agency", "airlines", "methods", "webhook_url"})
    view["form_" + std::string(name)] = web::Text(Field(form, name));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/partners", std::move(view), web::T(ctx, r.visit, "admin_partners_title"));
}

http::Response GetPartners(const AdminContext& ctx, StaffRequest& r) { return PartnersPage(ctx, r, 200, {}, {}); }

http::Response AddRefused(const AdminContext& ctx, StaffRequest& r, const core::Error& error, const web::Form& form) {
  if (error.kind == core::ErrorKind::kForbidden) return Refused(ctx, r, error);
  web::View view;
  ShowError(ctx, r, error, view);
  return PartnersPage(ctx, r, FormStatus(error), std::move(view), form);
}

// The form's agency by its code, as the actor sees the agencies.
core::Result<std::int64_t> AgencyByCode(const AdminContext& ctx, const StaffRequest& r, const std::string& code) {
  if (code.empty()) return 0;
  auto all = ctx.agencies.List(r.visit.actor);
  if (!all) return std::unexpected(all.error());
  for (const auto& view : *all)
    if (view.agency.code == core::AsciiUpper(code)) return view.agency.id;
  return core::Fail(core::ErrorKind::kNotFound, "AGENCY_NOT_FOUND", fmt::format("there is no agency {}", code),
                    "agency");
}

http::Response PostPartner(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  partners::Partner draft;
  draft.auth_id = Field(form, "auth_id");
  draft.name = Field(form, "name");
  draft.airlines = partners::SplitWords(Field(form, "airlines"));
  draft.webhook_url = Field(form, "webhook_url");
  auto methods = Field(form, "methods").empty() ? core::Result<std::vector<std::string>>(partners::DefaultMethods())
                                                : partners::ExpandMethods(Field(form, "methods"));
  if (!methods) return AddRefused(ctx, r, methods.error(), form);
  draft.methods = *methods;
  auto agency = AgencyByCode(ctx, r, Field(form, "agency"));
  if (!agency) return AddRefused(ctx, r, agency.error(), form);
  draft.agency_id = *agency;
  auto added = ctx.partners->Add(r.visit.actor, draft, std::nullopt);
  if (!added) return AddRefused(ctx, r, added.error(), form);
  web::View view = PartnerView(ctx, r, added->partner);
  view["secret"] = web::Text(added->secret);
  view["webhook_secret"] = web::Text(added->webhook_secret);
  view["has_secret"] = web::Flag(true);
  view["has_webhook_secret"] = web::Flag(true);
  return RenderAdmin(ctx, r, 201, "admin/partner_created", std::move(view),
                     web::T(ctx, r.visit, "admin_partner_created"));
}

// The partner's page: its details and calls, and (agencies.manage) the forms that change it, holding `form`'s
// values after a refused change.
http::Response PartnerPage(const AdminContext& ctx, StaffRequest& r, std::int64_t id, int status,
                           const core::Error* error, const web::Form* form) {
  auto partner = ctx.partners->Find(r.visit.actor, id);
  if (!partner) return Refused(ctx, r, partner.error());
  const auto today = Today(ctx);
  auto usage = ctx.partner_usage->Usage(r.visit.actor, id, core::AddDays(today, 1 - kUsageDays), today);
  if (!usage) return Refused(ctx, r, usage.error());
  web::View view = PartnerView(ctx, r, *partner);
  if (error) ShowError(ctx, r, *error, view);
  web::ViewList rows;
  for (const auto& u : *usage) {
    web::View row;
    row["day"] = web::Text(u.day);
    row["method"] = web::Text(u.method);
    row["calls"] = web::Text(std::to_string(u.calls));
    row["errors"] = web::Text(std::to_string(u.errors));
    row["refused"] = web::Text(std::to_string(u.refused));
    rows.push_back(std::move(row));
  }
  view["usage"] = web::List(std::move(rows));
  view["usage_days"] = web::Text(std::to_string(kUsageDays));
  view["may_manage"] = web::Flag(r.visit.actor.May(P::kAgenciesManage));
  view["active"] = web::Flag(partner->status == partners::PartnerStatus::kActive);
  auto quotas = partner->quotas;
  view["form_name"] = web::Text(form ? Field(*form, "name") : partner->name);
  view["form_agency"] = web::Text(form ? Field(*form, "agency") : AgencyCode(ctx, r, partner->agency_id));
  view["form_airlines"] = web::Text(form ? Field(*form, "airlines") : partners::JoinWords(partner->airlines));
  view["form_methods"] = web::Text(form ? Field(*form, "methods") : partners::JoinWords(partner->methods));
  view["form_webhook_url"] = web::Text(form ? Field(*form, "webhook_url") : partner->webhook_url);
  for (const char* field : kQuotaFields)
    view["form_" + std::string(field)] = web::Text(form ? Field(*form, field) : std::to_string(*QuotaOf(quotas, field)));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/partner", std::move(view), partner->name);
}

http::Response GetPartner(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "partner_id");
  if (!id) return Refused(ctx, r, NoPartner());
  return PartnerPage(ctx, r, *id, 200, nullptr, nullptr);
}

http::Response ChangeRefused(const AdminContext& ctx, StaffRequest& r, std::int64_t id, const core::Error& error,
                             const web::Form& form) {
  if (error.kind == core::ErrorKind::kForbidden || error.code == "PARTNER_NOT_FOUND") return Refused(ctx, r, error);
  return PartnerPage(ctx, r, id, FormStatus(error), &error, &form);
}

core::Result<partners::Quotas> ReadQuotas(const web::Form& form) {
  partners::Quotas quotas;
  for (const char* field : kQuotaFields) {
    const auto value = core::ParseInteger(Field(form, field), 0, 100'000'000);
    if (!value)
      return core::Fail(core::ErrorKind::kInvalid, "INVALID_QUOTA",
                        fmt::format("{} must be a whole number from 0 to 100000000", field), field);
    *QuotaOf(quotas, field) = static_cast<int>(*value);
  }
  return quotas;
}

http::Response PostPartnerChange(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "partner_id");
  if (!id) return Refused(ctx, r, NoPartner());
  const auto form = *web::ParseForm(r.visit.request);
  partners::Partner changes;
  changes.name = Field(form, "name");
  changes.airlines = partners::SplitWords(Field(form, "airlines"));
  changes.webhook_url = Field(form, "webhook_url");
  auto methods = partners::ExpandMethods(Field(form, "methods"));
  if (!methods) return ChangeRefused(ctx, r, *id, methods.error(), form);
  changes.methods = *methods;
  auto quotas = ReadQuotas(form);
  if (!quotas) return ChangeRefused(ctx, r, *id, quotas.error(), form);
  changes.quotas = *quotas;
  auto agency = AgencyByCode(ctx, r, Field(form, "agency"));
  if (!agency) return ChangeRefused(ctx, r, *id, agency.error(), form);
  changes.agency_id = *agency;
  auto changed = ctx.partners->Change(r.visit.actor, *id, changes);
  if (!changed) return ChangeRefused(ctx, r, *id, changed.error(), form);
  return web::SeeOther(fmt::format("/partners/{}?done=saved", *id));
}

http::Response PostPartnerStatus(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "partner_id");
  if (!id) return Refused(ctx, r, NoPartner());
  const auto form = *web::ParseForm(r.visit.request);
  const auto status = partners::ParsePartnerStatus(Field(form, "status"));
  if (!status)
    return ChangeRefused(ctx, r, *id,
                         core::MakeError(core::ErrorKind::kInvalid, "INVALID_STATUS", "status must be active or disabled",
                                         "status"),
                         form);
  auto changed = ctx.partners->SetStatus(r.visit.actor, *id, *status);
  if (!changed) return ChangeRefused(ctx, r, *id, changed.error(), form);
  return web::SeeOther(fmt::format("/partners/{}?done={}", *id, partners::ToString(*status)));
}

// A new secret or webhook secret, shown once as a new partner's are.
http::Response SecretsShown(const AdminContext& ctx, StaffRequest& r, const partners::AddedPartner& renewed) {
  web::View view = PartnerView(ctx, r, renewed.partner);
  view["secret"] = web::Text(renewed.secret);
  view["webhook_secret"] = web::Text(renewed.webhook_secret);
  view["has_secret"] = web::Flag(!renewed.secret.empty());
  view["has_webhook_secret"] = web::Flag(!renewed.webhook_secret.empty());
  view["renewed"] = web::Flag(true);
  return RenderAdmin(ctx, r, 200, "admin/partner_created", std::move(view),
                     web::T(ctx, r.visit, "admin_partner_secret_renewed"));
}

http::Response PostPartnerSecret(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "partner_id");
  if (!id) return Refused(ctx, r, NoPartner());
  auto renewed = ctx.partners->NewSecret(r.visit.actor, *id, std::nullopt);
  if (!renewed) return ChangeRefused(ctx, r, *id, renewed.error(), {});
  return SecretsShown(ctx, r, *renewed);
}

http::Response PostPartnerWebhookSecret(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "partner_id");
  if (!id) return Refused(ctx, r, NoPartner());
  auto renewed = ctx.partners->NewWebhookSecret(r.visit.actor, *id);
  if (!renewed) return ChangeRefused(ctx, r, *id, renewed.error(), {});
  return SecretsShown(ctx, r, *renewed);
}

}  // namespace

void AddPartnerRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/partners", Audience::kStaff, P::kAgenciesRead, GetPartners});
  routes.Add({"POST", "/partners", Audience::kStaff, P::kAgenciesManage, PostPartner});
  routes.Add({"GET", "/partners/:partner_id", Audience::kStaff, P::kAgenciesRead, GetPartner});
  routes.Add({"POST", "/partners/:partner_id", Audience::kStaff, P::kAgenciesManage, PostPartnerChange});
  routes.Add({"POST", "/partners/:partner_id/status", Audience::kStaff, P::kAgenciesManage, PostPartnerStatus});
  routes.Add({"POST", "/partners/:partner_id/secret", Audience::kStaff, P::kAgenciesManage, PostPartnerSecret});
  routes.Add({"POST", "/partners/:partner_id/webhook-secret", Audience::kStaff, P::kAgenciesManage,
              PostPartnerWebhookSecret});
}

}  // namespace jetway::admin
