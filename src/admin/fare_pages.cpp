// Fares (fares.read to look, fares.write to change): a route's fares with their brands and conditions, one fare filed
// or changed with its change history, the departure taxes and the currency rates. FareAdminService checks
// permissions and the rules of a fare and keeps each fare's history; the pages parse forms and audit.
#include <fmt/core.h>

#include <algorithm>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "booking/extras.hpp"
#include "core/text.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

std::string Upper(const web::Form& form, const char* name) { return core::AsciiUpper(Field(form, name)); }

// An amount typed in a currency; a negative amount (refused by the rules, naming the field) when unreadable.
core::Money AmountOf(const std::string& text, const std::string& currency) {
  if (auto money = core::ParseAmount(text, core::IsCurrencyCode(currency) ? currency : "EUR"))
    return core::Money{money->minor, currency};
  return core::Money{-1, currency};
}

pricing::FiledFare FareOf(const web::Form& form, const std::string& airline) {
  pricing::FiledFare f;
  f.airline = airline;
  f.origin = Upper(form, "origin");
  f.destination = Upper(form, "destination");
  f.both_directions = !web::FormValue(form, "both_directions").empty();
  f.fare.booking_class = Upper(form, "class");
  f.fare.pax_type = core::ParsePaxType(Field(form, "pax_type")).value_or(core::PaxType::kAdult);
  f.fare.brand = Field(form, "brand");
  const auto currency = Upper(form, "currency");
  f.fare.amount = AmountOf(Field(form, "amount"), currency);
  f.fare.refundable = !web::FormValue(form, "refundable").empty();
  if (const auto fee = Field(form, "change_fee"); !fee.empty()) f.fare.change_fee = AmountOf(fee, currency);
  f.fare.checked_bags = static_cast<int>(core::ParseInteger(Field(form, "checked_bags"), -1, 99).value_or(-1));
  f.valid_from = core::ParseIsoDate(Field(form, "valid_from")).value_or(core::LocalDate{});
  f.valid_to = core::ParseIsoDate(Field(form, "valid_to")).value_or(core::LocalDate{});
  return f;
}

web::Form FormOf(const pricing::FiledFare& f) {
  web::Form form{{"origin", f.origin},
                 {"destination", f.destination},
                 {"class", f.fare.booking_class},
                 {"pax_type", std::string(core::ToString(f.fare.pax_type))},
                 {"brand", f.fare.brand},
                 {"amount", core::FormatAmount(f.fare.amount)},
                 {"currency", f.fare.amount.currency},
                 {"change_fee", f.fare.change_fee ? core::FormatAmount(*f.fare.change_fee) : ""},
                 {"checked_bags", std::to_string(f.fare.checked_bags)},
                 {"valid_from", core::FormatIsoDate(f.valid_from)},
                 {"valid_to", core::FormatIsoDate(f.valid_to)}};
  if (f.both_directions) form["both_directions"] = "1";
  if (f.fare.refundable) form["refundable"] = "1";
  return form;
}

// The fare form's fields as typed (or as stored), with the passenger types to choose from.
void FareFields(const web::Form& form, web::View& view) {
  for (const char* name : {"origin", "destination", "class", "brand", "amount", "currency", "change_fee",
                           "checked_bags", "valid_from", "valid_to"})
    view[name] = web::Text(web::FormValue(form, name));
  view["both_directions"] = web::Flag(!web::FormValue(form, "both_directions").empty());
  view["refundable"] = web::Flag(!web::FormValue(form, "refundable").empty());
  web::ViewList types;
  for (auto type : {core::PaxType::kAdult, core::PaxType::kChild, core::PaxType::kInfant}) {
    web::View option;
    option["value"] = web::Text(std::string(core::ToString(type)));
    option["selected"] = web::Flag(web::FormValue(form, "pax_type") == core::ToString(type));
    types.push_back(std::move(option));
  }
  view["pax_types"] = web::List(std::move(types));
}

web::View FareRow(const StaffRequest& r, const pricing::StoredFare& s) {
  const auto& f = s.filed;
  web::View row;
  row["id"] = web::Text(std::to_string(s.id));
  row["route"] = web::Text(fmt::format("{}{}{}", f.origin, f.both_directions ? "⇄" : "→", f.destination));
  row["class"] = web::Text(f.fare.booking_class);
  row["pax_type"] = web::Text(std::string(core::ToString(f.fare.pax_type)));
  row["brand"] = web::Text(f.fare.brand);
  row["amount"] = web::Text(web::FormatPrice(f.fare.amount, r.visit.language));
  row["refundable"] = web::Flag(f.fare.refundable);
  row["change_fee"] = web::Text(f.fare.change_fee ? web::FormatPrice(*f.fare.change_fee, r.visit.language) : "–");
  row["bags"] = web::Text(std::to_string(f.fare.checked_bags));
  row["valid"] = web::Text(fmt::format("{} – {}", core::FormatIsoDate(f.valid_from), core::FormatIsoDate(f.valid_to)));
  return row;
}

http::Response FaresPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view, web::Form form) {
  const auto& request = r.visit.request;
  if (form.empty()) {
    form = {{"origin", core::AsciiUpper(request.Query("origin").value_or(""))},
            {"destination", core::AsciiUpper(request.Query("destination").value_or(""))},
            {"both_directions", "1"}, {"pax_type", "ADT"}, {"checked_bags", "0"}, {"currency", "EUR"}};
  }
  const auto origin = web::FormValue(form, "origin"), destination = web::FormValue(form, "destination");
  if (!origin.empty() || !destination.empty()) {
    auto fares = ctx.fares.Fares(r.visit.actor, ctx.Site().airline, origin, destination);
    if (!fares && fares.error().kind != core::ErrorKind::kInvalid) return Refused(ctx, r, fares.error());
    if (!fares && !view.get("error")) {
      ShowError(ctx, r, fares.error(), view);
      status = 422;
    }
    if (fares) {
      web::ViewList rows, brands;
      for (const auto& f : *fares) rows.push_back(FareRow(r, f));
      for (const auto& b : pricing::Brands(*fares)) {
        const auto& currency = std::find_if(fares->begin(), fares->end(), [&](const pricing::StoredFare& f) {
                                 return f.filed.fare.brand == b.brand;
                               })->filed.fare.amount.currency;
        web::View brand;
        brand["brand"] = web::Text(b.brand);
        brand["fares"] = web::Text(std::to_string(b.fares));
        brand["refundable"] = web::Flag(b.refundable);
        brand["change_fee"] = web::Text(b.change_fee ? core::FormatAmount(*b.change_fee) : "");
        brand["bags"] = web::Text(std::to_string(b.checked_bags));
        brand["mixed"] = web::Flag(!b.uniform);
        brand["currency"] = web::Text(currency);
        brands.push_back(std::move(brand));
      }
      view["brands"] = web::List(std::move(brands));
      view["count"] = web::Text(std::to_string(rows.size()));
      view["fares"] = web::List(std::move(rows));
      view["shown"] = web::Flag(true);
    }
  }
  view["route_origin"] = web::Text(origin);
  view["route_destination"] = web::Text(destination);
  FareFields(form, view);
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kFaresWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/fares", std::move(view), web::T(ctx, r.visit, "admin_fares_title"));
}

http::Response GetFares(const AdminContext& ctx, StaffRequest& r) { return FaresPage(ctx, r, 200, {}, {}); }

http::Response PostBrand(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  pricing::BrandConditions conditions{Field(form, "brand"), !web::FormValue(form, "refundable").empty(),
                                      std::nullopt,
                                      static_cast<int>(core::ParseInteger(Field(form, "checked_bags"), -1, 99).value_or(-1))};
  if (const auto fee = Field(form, "change_fee"); !fee.empty())
    conditions.change_fee_minor = AmountOf(fee, Upper(form, "currency")).minor;
  const auto origin = Upper(form, "origin"), destination = Upper(form, "destination");
  auto changed = ctx.fares.ChangeBrand(r.visit.actor, ctx.Site().airline, origin, destination, conditions);
  if (!changed) {
    if (changed.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, changed.error());
    web::View view;
    ShowError(ctx, r, changed.error(), view);
    return FaresPage(ctx, r, FormStatus(changed.error()), std::move(view),
                     {{"origin", origin}, {"destination", destination}, {"both_directions", "1"}, {"pax_type", "ADT"}});
  }
  ctx.staff.RecordAction(r.visit.actor, "fare.brand_conditions", fmt::format("brand {} on {}-{}", conditions.brand,
                                                                             origin, destination),
                         "", fmt::format(R"({{"refundable":{},"change_fee_minor":{},"checked_bags":{},"fares":{}}})",
                                         conditions.refundable,
                                         conditions.change_fee_minor ? std::to_string(*conditions.change_fee_minor)
                                                                     : "null",
                                         conditions.checked_bags, *changed));
  return web::SeeOther(fmt::format("/fares?origin={}&destination={}&done=brand", origin, destination));
}

http::Response PostFare(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto filed = ctx.fares.File(r.visit.actor, FareOf(form, ctx.Site().airline));
  if (!filed) {
    if (filed.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, filed.error());
    web::View view;
    ShowError(ctx, r, filed.error(), view);
    return FaresPage(ctx, r, FormStatus(filed.error()), std::move(view), form);
  }
  ctx.staff.RecordAction(r.visit.actor, "fare.file", fmt::format("fare {}", filed->id), "",
                         pricing::DescribeFare(filed->filed));
  return web::SeeOther(fmt::format("/fares/{}?done=filed", filed->id));
}

std::int64_t FareId(const StaffRequest& r) { return PathId(r, "fare_id").value_or(0); }

http::Response FarePage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                        const std::optional<web::Form>& typed) {
  auto fare = ctx.fares.Fare(r.visit.actor, FareId(r));
  if (!fare) return Refused(ctx, r, fare.error());
  auto history = ctx.fares.History(r.visit.actor, fare->id);
  if (!history) return Refused(ctx, r, history.error());
  view["id"] = web::Text(std::to_string(fare->id));
  view["summary"] = web::List({FareRow(r, *fare)});
  web::ViewList changes;
  for (const auto& h : *history) {
    web::View change;
    change["at"] = web::Text(core::FormatUtc(h.at));
    change["who"] = web::Text(h.actor);
    change["action"] = web::Text(h.action);
    change["before"] = web::Text(h.before);
    change["after"] = web::Text(h.after);
    changes.push_back(std::move(change));
  }
  view["history"] = web::List(std::move(changes));
  FareFields(typed ? *typed : FormOf(fare->filed), view);
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kFaresWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/fare", std::move(view),
                     fmt::format("{} {}", web::T(ctx, r.visit, "admin_fare"), fare->id));
}

http::Response GetFare(const AdminContext& ctx, StaffRequest& r) { return FarePage(ctx, r, 200, {}, std::nullopt); }

http::Response PostFareChange(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto before = ctx.fares.Fare(r.visit.actor, FareId(r));
  auto changed = ctx.fares.Change(r.visit.actor, FareId(r), FareOf(form, ctx.Site().airline));
  if (!changed) {
    if (changed.error().kind == core::ErrorKind::kForbidden || changed.error().kind == core::ErrorKind::kNotFound)
      return Refused(ctx, r, changed.error());
    web::View view;
    ShowError(ctx, r, changed.error(), view);
    return FarePage(ctx, r, FormStatus(changed.error()), std::move(view), form);
  }
  ctx.staff.RecordAction(r.visit.actor, "fare.change", fmt::format("fare {}", changed->id),
                         before ? pricing::DescribeFare(before->filed) : "", pricing::DescribeFare(changed->filed));
  return web::SeeOther(fmt::format("/fares/{}?done=changed", changed->id));
}

http::Response TaxesPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view, const web::Form& form) {
  auto taxes = ctx.fares.Taxes(r.visit.actor);
  if (!taxes) return Refused(ctx, r, taxes.error());
  auto rates = ctx.fares.Rates(r.visit.actor);
  if (!rates) return Refused(ctx, r, rates.error());
  web::ViewList tax_rows, rate_rows;
  for (const auto& t : *taxes) {
    web::View row;
    row["airport"] = web::Text(t.tax.airport);
    row["code"] = web::Text(t.tax.code);
    row["name"] = web::Text(t.tax.name);
    row["amount"] = web::Text(web::FormatPrice(t.tax.amount, r.visit.language));
    row["infants"] = web::Flag(t.tax.applies_to_infants);
    tax_rows.push_back(std::move(row));
  }
  for (const auto& rate : *rates) {
    web::View row;
    row["from"] = web::Text(rate.from);
    row["to"] = web::Text(rate.to);
    row["rate"] = web::Text(fmt::format("{}.{:06}", rate.rate_micros / 1'000'000, rate.rate_micros % 1'000'000));
    rate_rows.push_back(std::move(row));
  }
  view["taxes"] = web::List(std::move(tax_rows));
  view["rates"] = web::List(std::move(rate_rows));
  for (const char* name : {"airport", "code", "name", "amount", "currency", "from", "to", "rate"})
    view[name] = web::Text(web::FormValue(form, name));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kFaresWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/taxes", std::move(view), web::T(ctx, r.visit, "admin_taxes_title"));
}

http::Response GetTaxes(const AdminContext& ctx, StaffRequest& r) { return TaxesPage(ctx, r, 200, {}, {}); }

http::Response PostTax(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  pricing::FiledTax tax{Upper(form, "airport"), Upper(form, "code"), Field(form, "name"),
                        AmountOf(Field(form, "amount"), Upper(form, "currency")),
                        !web::FormValue(form, "infants").empty()};
  auto filed = ctx.fares.FileTax(r.visit.actor, tax);
  if (!filed) {
    if (filed.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, filed.error());
    web::View view;
    ShowError(ctx, r, filed.error(), view);
    return TaxesPage(ctx, r, FormStatus(filed.error()), std::move(view), form);
  }
  ctx.staff.RecordAction(r.visit.actor, "tax.file", fmt::format("tax {} at {}", tax.code, tax.airport), "",
                         fmt::format(R"({{"airport":"{}","code":"{}","name":{},"amount":"{}","currency":"{}"}})",
                                     tax.airport, tax.code, core::JsonQuote(tax.name), core::FormatAmount(tax.amount),
                                     tax.amount.currency));
  return web::SeeOther("/taxes?done=tax");
}

// "7.46" as micro-units of the target currency per one of the source; 0 (refused by the rules) when unreadable.
std::int64_t RateMicros(const std::string& text) {
  if (text.empty() || text.find_first_not_of(".0123456789") != std::string::npos) return 0;
  const auto dot = text.find('.');
  const auto whole = core::ParseInteger(text.substr(0, dot), 0, 1'000'000).value_or(-1);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole < 0 || fraction.size() > 6 || fraction.find('.') != std::string::npos) return 0;
  fraction.resize(6, '0');
  return whole * 1'000'000 + core::ParseInteger(fraction, 0, 999'999).value_or(0);
}

http::Response PostRate(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  pricing::Rate rate{Upper(form, "from"), Upper(form, "to"), RateMicros(Field(form, "rate"))};
  auto set = ctx.fares.SetRate(r.visit.actor, rate);
  if (!set) {
    if (set.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, set.error());
    web::View view;
    ShowError(ctx, r, set.error(), view);
    return TaxesPage(ctx, r, FormStatus(set.error()), std::move(view), form);
  }
  ctx.staff.RecordAction(r.visit.actor, "rate.set", fmt::format("rate {}-{}", rate.from, rate.to), "",
                         fmt::format(R"({{"rate_micros":{}}})", rate.rate_micros));
  return web::SeeOther("/taxes?done=rate");
}

// The extras the airline sells (booking/extras.hpp's kinds) and their prices; an empty amount stops selling one.
http::Response ExtrasPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view) {
  auto prices = ctx.reference.ExtraPricesOf(r.visit.actor, ctx.Site().airline);
  if (!prices) return Refused(ctx, r, prices.error());
  web::ViewList rows;
  for (const auto& kind : booking::ExtraKinds()) {
    web::View row;
    row["code"] = web::Text(kind.code);
    row["name"] = web::Text(web::T(ctx, r.visit, "extras_kind_" + kind.code));
    row["rfic"] = web::Text(fmt::format("{}/{}", kind.rfic, kind.rfisc));
    for (const auto& [code, price] : *prices)
      if (code == kind.code) {
        row["amount"] = web::Text(core::FormatAmount(price));
        row["currency"] = web::Text(price.currency);
      }
    rows.push_back(std::move(row));
  }
  view["extras"] = web::List(std::move(rows));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kFaresWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/extras", std::move(view), web::T(ctx, r.visit, "extras_title"));
}

http::Response GetExtras(const AdminContext& ctx, StaffRequest& r) { return ExtrasPage(ctx, r, 200, {}); }

http::Response PostExtra(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto code = Field(form, "code");
  if (!booking::FindExtra(code))
    return Refused(ctx, r, core::MakeError(core::ErrorKind::kInvalid, "UNKNOWN_EXTRA", "no such extra", "code"));
  const auto amount = Field(form, "amount");
  const auto currency = core::AsciiUpper(Field(form, "currency"));
  std::optional<core::Money> price;
  if (!amount.empty()) {
    auto parsed = core::ParseAmount(amount, currency);
    price = parsed ? *parsed : core::Money{0, currency};
  }
  auto saved = ctx.reference.SaveExtraPrice(r.visit.actor, ctx.Site().airline, code, price);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    return ExtrasPage(ctx, r, FormStatus(saved.error()), std::move(view));
  }
  ctx.staff.RecordAction(r.visit.actor, "extras.price", "extra " + code, "",
                         price ? fmt::format(R"({{"amount":"{}","currency":"{}"}})", core::FormatAmount(*price),
                                             price->currency)
                               : std::string("null"));
  return web::SeeOther("/extras?done=" + code);
}

}  // namespace

void AddFareRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/fares", Audience::kStaff, P::kFaresRead, GetFares});
  routes.Add({"POST", "/fares", Audience::kStaff, P::kFaresWrite, PostFare});
  routes.Add({"GET", "/fares/:fare_id", Audience::kStaff, P::kFaresRead, GetFare});
  routes.Add({"POST", "/fares/:fare_id", Audience::kStaff, P::kFaresWrite, PostFareChange});
  routes.Add({"POST", "/brands", Audience::kStaff, P::kFaresWrite, PostBrand});
  routes.Add({"GET", "/taxes", Audience::kStaff, P::kFaresRead, GetTaxes});
  routes.Add({"POST", "/taxes", Audience::kStaff, P::kFaresWrite, PostTax});
  routes.Add({"POST", "/rates", Audience::kStaff, P::kFaresWrite, PostRate});
  routes.Add({"GET", "/extras", Audience::kStaff, P::kFaresRead, GetExtras});
  routes.Add({"POST", "/extras", Audience::kStaff, P::kFaresWrite, PostExtra});
}

}  // namespace jetway::admin
