// The travel agencies (agencies.read to look): the list with each account's credit limit, balance and what is
// available; adding an agency and changing its details or suspending it (agencies.manage); its credit limit,
// deposits and adjustments (agencies.funds) and its ledger. AgencyService checks permissions and rules and audits;
// the pages parse and render.
#include <fmt/core.h>

#include <chrono>
#include <variant>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "agents/statement_pdf.hpp"
#include "core/text.hpp"

namespace jetway::admin {

std::optional<std::int64_t> AgencyId(const StaffRequest& r) { return PathId(r, "agency_id"); }

core::Error BadAgencyId() {
  return core::MakeError(core::ErrorKind::kNotFound, "AGENCY_NOT_FOUND", "there is no such agency");
}

core::Result<agents::AgencyView> AgencyOf(const AdminContext& ctx, const StaffRequest& r) {
  const auto id = AgencyId(r);
  if (!id) return std::unexpected(BadAgencyId());
  return ctx.agencies.Find(r.visit.actor, *id);
}

namespace {

using P = core::Permission;

// How far back the agency page's ledger reaches.
constexpr std::chrono::days kLedgerDays{92};

std::string Shown(std::int64_t minor, const std::string& currency) {
  return fmt::format("{} {}", currency, core::FormatAmount({minor, currency}));
}

agents::Agency AgencyFrom(const web::Form& form) {
  agents::Agency a;
  a.code = Field(form, "code");
  a.name = Field(form, "name");
  a.contact_name = Field(form, "contact_name");
  a.email = Field(form, "email");
  a.phone = Field(form, "phone");
  a.address_line1 = Field(form, "address_line1");
  a.address_line2 = Field(form, "address_line2");
  a.postcode = Field(form, "postcode");
  a.city = Field(form, "city");
  a.country = Field(form, "country");
  a.currency = Field(form, "currency");
  a.airlines = agents::SplitAirlines(Field(form, "airlines"));
  a.status = agents::ParseAgencyStatus(Field(form, "status")).value_or(agents::AgencyStatus::kActive);
  a.settlement = agents::ParseSettlement(Field(form, "settlement")).value_or(agents::Settlement::kNet);
  return a;
}

web::Form FormOf(const agents::Agency& a) {
  web::Form form;
  for (auto& [name, value] : agents::AgencyFields(a)) form.emplace(name, std::move(value));
  return form;
}

constexpr const char* kDetailFields[] = {"code",          "name",     "contact_name", "email", "phone",
                                         "address_line1", "address_line2", "postcode", "city",  "country",
                                         "currency",      "airlines"};

void ShowDetails(web::View& view, const web::Form& form) {
  for (const char* name : kDetailFields) view[name] = web::Text(web::FormValue(form, name));
  const auto settlement = web::FormValue(form, "settlement");
  view["settlement_net"] = web::Flag(settlement != "statement");
  view["settlement_statement"] = web::Flag(settlement == "statement");
  view["suspended"] = web::Flag(web::FormValue(form, "status") == "suspended");
}

http::Response ListPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view, const web::Form& form) {
  auto agencies = ctx.agencies.List(r.visit.actor);
  if (!agencies) return Refused(ctx, r, agencies.error());
  web::ViewList rows;
  for (const auto& [agency, account] : *agencies) {
    web::View row;
    row["id"] = web::Text(std::to_string(agency.id));
    row["code"] = web::Text(agency.code);
    row["name"] = web::Text(agency.name);
    row["suspended"] = web::Flag(agency.status == agents::AgencyStatus::kSuspended);
    row["credit_limit"] = web::Text(Shown(account.credit_limit, account.currency));
    row["balance"] = web::Text(Shown(account.balance, account.currency));
    row["available"] = web::Text(Shown(account.Available().minor, account.currency));
    rows.push_back(std::move(row));
  }
  view["agencies"] = web::List(std::move(rows));
  view["may_manage"] = web::Flag(r.visit.actor.May(P::kAgenciesManage));
  ShowDetails(view, form);
  return RenderAdmin(ctx, r, status, "admin/agencies", std::move(view), web::T(ctx, r.visit, "admin_agencies_title"));
}

http::Response GetAgencies(const AdminContext& ctx, StaffRequest& r) { return ListPage(ctx, r, 200, {}, {}); }

http::Response PostAgencies(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto created = ctx.agencies.Create(r.visit.actor, AgencyFrom(form));
  if (!created) {
    if (created.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, created.error());
    web::View view;
    ShowError(ctx, r, created.error(), view);
    return ListPage(ctx, r, FormStatus(created.error()), std::move(view), form);
  }
  return web::SeeOther(fmt::format("/agencies/{}?done=created", created->agency.id));
}

web::ViewList LedgerRows(const std::vector<agents::LedgerEntry>& entries, const std::string& currency) {
  web::ViewList rows;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {  // newest first
    web::View row;
    row["at"] = web::Text(core::FormatUtc(it->at));
    row["kind"] = web::Text(std::string(agents::ToString(it->kind)));
    row["amount"] = web::Text(Shown(it->amount.minor, it->amount.currency));
    row["balance_after"] = web::Text(Shown(it->balance_after, currency));
    row["locator"] = web::Text(it->locator);
    row["reference"] = web::Text(it->reference);
    row["actor"] = web::Text(it->actor);
    row["note"] = web::Text(it->note);
    rows.push_back(std::move(row));
  }
  return rows;
}

// How many months back the agency page offers statements for.
constexpr int kStatementMonths = 12;

// This month's statement (so far) and the eleven before it.
web::ViewList StatementLinks(std::int64_t agency_id, core::Instant now) {
  web::ViewList links;
  auto month = agents::MonthOf(now);
  for (int i = 0; i < kStatementMonths; ++i) {
    web::View link;
    link["month"] = web::Text(month.Label());
    link["pdf"] = web::Text(fmt::format("/agencies/{}/statement.pdf?month={}", agency_id, month.Label()));
    link["csv"] = web::Text(fmt::format("/agencies/{}/statement.csv?month={}", agency_id, month.Label()));
    links.push_back(std::move(link));
    month = month.month == 1 ? agents::StatementMonth{month.year - 1, 12} : agents::StatementMonth{month.year, month.month - 1};
  }
  return links;
}

// The agency's page; `form` is what a failed details form sent (empty: the agency as stored), `funds` what a failed
// money form sent.
http::Response AgencyPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                          const std::optional<web::Form>& form, const web::Form& funds) {
  const auto id = AgencyId(r);
  if (!id) return Refused(ctx, r, BadAgencyId());
  auto found = ctx.agencies.Find(r.visit.actor, *id);
  if (!found) return Refused(ctx, r, found.error());
  const auto& [agency, account] = *found;
  const auto now = ctx.clock.Now();
  auto ledger = ctx.agencies.Ledger(r.visit.actor, *id, now - kLedgerDays, now + std::chrono::seconds{1});
  if (!ledger) return Refused(ctx, r, ledger.error());
  view["id"] = web::Text(std::to_string(agency.id));
  view["agency_name"] = web::Text(agency.name);
  view["agency_code"] = web::Text(agency.code);
  view["account_currency"] = web::Text(account.currency);
  view["credit_limit"] = web::Text(Shown(account.credit_limit, account.currency));
  view["credit_limit_value"] = web::Text(core::FormatAmount({account.credit_limit, account.currency}));
  view["balance"] = web::Text(Shown(account.balance, account.currency));
  view["available"] = web::Text(Shown(account.Available().minor, account.currency));
  view["ledger"] = web::List(LedgerRows(*ledger, account.currency));
  view["ledger_days"] = web::Text(std::to_string(kLedgerDays.count()));
  view["may_manage"] = web::Flag(r.visit.actor.May(P::kAgenciesManage));
  view["may_fund"] = web::Flag(r.visit.actor.May(P::kAgencyFunds));
  ShowDetails(view, form ? *form : FormOf(agency));
  for (const char* name : {"amount", "reference", "note"}) view["funds_" + std::string(name)] = web::Text(web::FormValue(funds, name));
  view["funds_adjustment"] = web::Flag(web::FormValue(funds, "kind") == "adjustment");
  view["statements"] = web::List(StatementLinks(agency.id, now));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/agency", std::move(view),
                     fmt::format("{} · {}", agency.name, web::T(ctx, r.visit, "admin_agencies_title")));
}

http::Response GetAgency(const AdminContext& ctx, StaffRequest& r) {
  return AgencyPage(ctx, r, 200, {}, std::nullopt, {});
}

// A failed form: its page again with the error beside the form and what was typed kept.
http::Response Failed(const AdminContext& ctx, StaffRequest& r, const core::Error& error,
                      const std::optional<web::Form>& details, const web::Form& funds) {
  if (error.kind == core::ErrorKind::kForbidden || error.kind == core::ErrorKind::kNotFound)
    return Refused(ctx, r, error);
  web::View view;
  ShowError(ctx, r, error, view);
  return AgencyPage(ctx, r, FormStatus(error), std::move(view), details, funds);
}

http::Response PostAgency(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r);
  if (!id) return Refused(ctx, r, BadAgencyId());
  const auto form = *web::ParseForm(r.visit.request);
  auto updated = ctx.agencies.Update(r.visit.actor, *id, AgencyFrom(form));
  if (!updated) return Failed(ctx, r, updated.error(), form, {});
  return web::SeeOther(fmt::format("/agencies/{}?done=saved", *id));
}

http::Response PostCreditLimit(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r);
  if (!id) return Refused(ctx, r, BadAgencyId());
  const auto form = *web::ParseForm(r.visit.request);
  auto found = ctx.agencies.Find(r.visit.actor, *id);
  if (!found) return Refused(ctx, r, found.error());
  const auto currency = found->account.currency;
  const auto limit = core::ParseAmount(Field(form, "credit_limit"), currency);
  if (!limit)
    return Failed(ctx, r,
                  core::MakeError(core::ErrorKind::kInvalid, "INVALID_AMOUNT",
                                  fmt::format("write the credit limit as an amount in {}, such as 5000.00", currency),
                                  "credit_limit"),
                  std::nullopt, {});
  auto set = ctx.agencies.SetCreditLimit(r.visit.actor, *id, *limit);
  if (!set) return Failed(ctx, r, set.error(), std::nullopt, {});
  return web::SeeOther(fmt::format("/agencies/{}?done=credit_limit", *id));
}

http::Response PostFunds(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r);
  if (!id) return Refused(ctx, r, BadAgencyId());
  const auto form = *web::ParseForm(r.visit.request);
  auto found = ctx.agencies.Find(r.visit.actor, *id);
  if (!found) return Refused(ctx, r, found.error());
  const auto currency = found->account.currency;
  const auto kind = agents::ParseLedgerKind(Field(form, "kind")).value_or(agents::LedgerKind::kBooking);
  const auto amount = core::ParseAmount(Field(form, "amount"), currency);
  if (!amount)
    return Failed(ctx, r,
                  core::MakeError(core::ErrorKind::kInvalid, "INVALID_AMOUNT",
                                  fmt::format("write the amount in {}, such as 1500.00 (an adjustment may be negative)",
                                              currency),
                                  "amount"),
                  std::nullopt, form);
  auto recorded =
      ctx.agencies.RecordFunds(r.visit.actor, *id, kind, *amount, Field(form, "reference"), Field(form, "note"));
  if (!recorded) return Failed(ctx, r, recorded.error(), std::nullopt, form);
  return web::SeeOther(fmt::format("/agencies/{}?done={}", *id, agents::ToString(kind)));
}

// The statement's texts in the reader's language.
agents::StatementTexts StatementTexts(const AdminContext& ctx, const StaffRequest& r) {
  const auto t = [&](const char* key) { return web::T(ctx, r.visit, key); };
  agents::StatementTexts texts{t("statement_title"), t("statement_month"), t("admin_agency_currency"),
                               t("admin_agency_credit_limit"), t("statement_opening"), t("statement_closing"),
                               t("statement_date"), t("admin_agency_kind"), t("admin_agency_booking"),
                               t("admin_agency_reference"), t("admin_agency_amount"), t("admin_agency_balance"),
                               t("statement_totals"), t("statement_none"), t("statement_page"), {}, {},
                               t("statement_commission_deducted"), t("statement_commission_to_pay_out")};
  for (auto kind : {agents::LedgerKind::kDeposit, agents::LedgerKind::kBooking, agents::LedgerKind::kRefund,
                    agents::LedgerKind::kAdjustment}) {
    const auto name = std::string(agents::ToString(kind));
    texts.kinds[kind] = t(("statement_kind_" + name).c_str());
    texts.totals_of[kind] = t(("statement_total_" + name).c_str());
  }
  return texts;
}

// The month's statement for the download routes, or the page that says why not.
std::variant<agents::Statement, http::Response> StatementFor(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r);
  if (!id) return Refused(ctx, r, BadAgencyId());
  auto month = agents::ParseStatementMonth(r.visit.request.Query("month").value_or(""));
  if (!month) return Refused(ctx, r, month.error());
  auto statement = ctx.agencies.MonthlyStatement(r.visit.actor, *id, *month);
  if (!statement) return Refused(ctx, r, statement.error());
  return std::move(*statement);
}

std::string StatementFile(const agents::Statement& s, const char* extension) {
  return fmt::format("statement-{}-{}.{}", s.agency.code, s.month.Label(), extension);
}

http::Response GetStatementCsv(const AdminContext& ctx, StaffRequest& r) {
  auto found = StatementFor(ctx, r);
  if (auto* refused = std::get_if<http::Response>(&found)) return std::move(*refused);
  const auto& statement = std::get<agents::Statement>(found);
  return Download(agents::StatementCsv(statement), "text/csv; charset=utf-8", StatementFile(statement, "csv"));
}

http::Response GetStatementPdf(const AdminContext& ctx, StaffRequest& r) {
  auto found = StatementFor(ctx, r);
  if (auto* refused = std::get_if<http::Response>(&found)) return std::move(*refused);
  const auto& statement = std::get<agents::Statement>(found);
  return Download(agents::StatementPdf(statement, StatementTexts(ctx, r), ctx.issuer), "application/pdf",
                  StatementFile(statement, "pdf"));
}

}  // namespace

void AddAgencyRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/agencies", Audience::kStaff, P::kAgenciesRead, GetAgencies});
  routes.Add({"POST", "/agencies", Audience::kStaff, P::kAgenciesManage, PostAgencies});
  routes.Add({"GET", "/agencies/:agency_id", Audience::kStaff, P::kAgenciesRead, GetAgency});
  routes.Add({"POST", "/agencies/:agency_id", Audience::kStaff, P::kAgenciesManage, PostAgency});
  routes.Add({"POST", "/agencies/:agency_id/credit-limit", Audience::kStaff, P::kAgencyFunds, PostCreditLimit});
  routes.Add({"POST", "/agencies/:agency_id/funds", Audience::kStaff, P::kAgencyFunds, PostFunds});
  routes.Add({"GET", "/agencies/:agency_id/statement.csv", Audience::kStaff, P::kAgenciesRead, GetStatementCsv});
  routes.Add({"GET", "/agencies/:agency_id/statement.pdf", Audience::kStaff, P::kAgenciesRead, GetStatementPdf});
  AddCommissionRoutes(routes);
}

}  // namespace jetway::admin
