// The airline's settings (reference.write): its name, colours, logo, languages and currencies, as the booking site
// and the back office show them. Saved to the web database and published at once on this node (web::LiveSite); the
// other nodes pick the change up within their refresh interval, without a restart.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "booking/check_in.hpp"
#include "api/json_writer.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

// The passenger rules a form offers, by their stored names (reference::FormatPassengerRules).
constexpr const char* kRuleNames[] = {"nationality",      "document",      "document_expiry",
                                      "document_country", "date_of_birth", "place_of_birth"};

std::vector<std::string> List(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text + ",") {
    if (c == ',' || c == ' ') {
      if (!item.empty()) items.push_back(core::AsciiUpper(item));
      item.clear();
    } else {
      item += c;
    }
  }
  return items;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

web::Form FormOf(const web::SiteSettings& s) {
  return {{"name", s.name},
          {"primary_color", s.primary_color},
          {"accent_color", s.accent_color},
          {"logo", s.logo},
          {"default_language", s.default_language},
          {"default_currency", s.default_currency},
          {"currencies", Joined(s.currencies)}};
}

http::Response SettingsPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                            const web::Form& form) {
  for (const char* name : {"name", "primary_color", "accent_color", "default_currency", "currencies"})
    view[name] = web::Text(web::FormValue(form, name));
  web::ViewList logos;
  web::View none;
  none["value"] = web::Text("");
  none["name"] = web::Text(web::T(ctx, r.visit, "admin_no_logo"));
  none["selected"] = web::Flag(web::FormValue(form, "logo").empty());
  logos.push_back(std::move(none));
  for (const auto& asset : ctx.assets.assets()) {
    if (!asset.name.ends_with(".svg") && !asset.name.ends_with(".png")) continue;
    web::View option;
    option["value"] = web::Text(asset.name);
    option["name"] = web::Text(asset.name);
    option["selected"] = web::Flag(web::FormValue(form, "logo") == asset.name);
    logos.push_back(std::move(option));
  }
  view["logos"] = web::List(std::move(logos));
  web::ViewList languages;
  for (const auto& language : ctx.locales.languages()) {
    web::View option;
    option["value"] = web::Text(language.code);
    option["name"] = web::Text(language.name);
    option["selected"] = web::Flag(web::FormValue(form, "default_language") == language.code);
    languages.push_back(std::move(option));
  }
  view["languages_offered"] = web::List(std::move(languages));
  view["airline"] = web::Text(ctx.Site().airline);
  for (const char* name : {"hold_minutes", "sales_cutoff_minutes", "country", "logo_url"})
    view[name] = web::Text(web::FormValue(form, name));
  web::ViewList rules;
  for (const char* rule : kRuleNames) {
    web::View item;
    item["name"] = web::Text(rule);
    item["label"] = web::Text(web::T(ctx, r.visit, fmt::format("admin_rule_{}", rule)));
    item["checked"] = web::Flag(!web::FormValue(form, fmt::format("rule_{}", rule)).empty());
    rules.push_back(std::move(item));
  }
  view["passenger_rules"] = web::List(std::move(rules));
  view["default_cutoff"] = web::Text(std::to_string(reference::kDefaultSalesCutoffMinutes));
  const booking::CheckInWindow standard;
  view["default_check_in"] = web::Text(fmt::format("{} h / {} min", standard.opens_before.count() / 60,
                                                   standard.closes_before.count()));
  web::ViewList windows;
  if (auto times = ctx.reference.CheckInTimesOf(r.visit.actor, ctx.Site().airline))
    for (const auto& [airport, t] : *times) {
      web::View row;
      row["airport"] = web::Text(airport);
      row["opens_hours"] = web::Text(fmt::format("{:g}", t.opens_minutes / 60.0));
      row["closes_minutes"] = web::Text(std::to_string(t.closes_minutes));
      windows.push_back(std::move(row));
    }
  view["has_check_in_windows"] = web::Flag(!windows.empty());
  view["check_in_windows"] = web::List(std::move(windows));
  for (const char* name : {"ci_airport", "ci_opens_hours", "ci_closes_minutes"})
    view[name] = web::Text(web::FormValue(form, name));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/settings", std::move(view), web::T(ctx, r.visit, "admin_settings_title"));
}

// The look from the live site, the sales policy and the profile from the airline's row (empty fields: the defaults).
web::Form CurrentForm(const AdminContext& ctx, StaffRequest& r) {
  auto form = FormOf(ctx.Site());
  if (auto airline = ctx.reference.FindAirline(r.visit.actor, ctx.Site().airline)) {
    if (airline->hold_minutes) form["hold_minutes"] = std::to_string(*airline->hold_minutes);
    if (airline->sales_cutoff_minutes) form["sales_cutoff_minutes"] = std::to_string(*airline->sales_cutoff_minutes);
    form["country"] = airline->country;
    form["logo_url"] = airline->logo_url;
    for (const char* rule : kRuleNames)
      if (reference::HasPassengerRule(airline->passenger_rules, rule)) form.emplace(fmt::format("rule_{}", rule), "1");
  }
  return form;
}

http::Response GetSettings(const AdminContext& ctx, StaffRequest& r) {
  return SettingsPage(ctx, r, 200, {}, CurrentForm(ctx, r));
}

// A minutes field: nullopt when empty (the default), -1 (refused by the rules) when not a number.
std::optional<int> Minutes(const web::Form& form, const char* name) {
  const auto text = std::string(core::Trim(web::FormValue(form, name)));
  if (text.empty()) return std::nullopt;
  return static_cast<int>(core::ParseInteger(text, -1, 1'000'000).value_or(-1));
}

http::Response PostSales(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto& airline = ctx.Site().airline;
  auto before = ctx.reference.FindAirline(r.visit.actor, airline);
  const auto hold = Minutes(form, "hold_minutes"), cutoff = Minutes(form, "sales_cutoff_minutes");
  auto saved = ctx.reference.SaveSalesPolicy(r.visit.actor, airline, hold, cutoff);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    auto shown = CurrentForm(ctx, r);
    for (const char* name : {"hold_minutes", "sales_cutoff_minutes"}) shown[name] = web::FormValue(form, name);
    return SettingsPage(ctx, r, FormStatus(saved.error()), std::move(view), shown);
  }
  const auto describe = [](std::optional<int> hold_minutes, std::optional<int> cutoff_minutes) {
    const auto number = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string("null"); };
    return fmt::format(R"({{"hold_minutes":{},"sales_cutoff_minutes":{}}})", number(hold_minutes),
                       number(cutoff_minutes));
  };
  ctx.staff.RecordAction(r.visit.actor, "settings.sales_policy", "airline " + airline,
                         before ? describe(before->hold_minutes, before->sales_cutoff_minutes) : "",
                         describe(hold, cutoff));
  return web::SeeOther("/settings?done=sales");
}

// Web check-in times at one airport: opens (hours) and closes (minutes) before departure; both empty: the default.
http::Response PostCheckInTimes(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto& airline = ctx.Site().airline;
  const auto airport = core::AsciiUpper(std::string(core::Trim(web::FormValue(form, "ci_airport"))));
  const auto opens = std::string(core::Trim(web::FormValue(form, "ci_opens_hours")));
  const auto closes = Minutes(form, "ci_closes_minutes");
  std::optional<reference::CheckInTimes> times;
  if (!opens.empty() || closes) {
    const double hours = std::atof(opens.c_str());
    times = reference::CheckInTimes{opens.empty() ? -1 : static_cast<int>(hours * 60 + 0.5), closes.value_or(-1)};
  }
  auto saved = ctx.reference.SaveCheckInTimes(r.visit.actor, airline, airport, times);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    auto shown = CurrentForm(ctx, r);
    for (const char* name : {"ci_airport", "ci_opens_hours", "ci_closes_minutes"}) shown[name] = web::FormValue(form, name);
    return SettingsPage(ctx, r, FormStatus(saved.error()), std::move(view), shown);
  }
  ctx.staff.RecordAction(r.visit.actor, "settings.check_in_times", "airport " + airport, "",
                         times ? fmt::format(R"({{"opens_minutes":{},"closes_minutes":{}}})", times->opens_minutes,
                                             times->closes_minutes)
                               : std::string("null"));
  return web::SeeOther("/settings?done=check_in");
}

// The airline's profile: where it is from, its logo (partners show it) and what it requires of every passenger.
http::Response PostProfile(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto& airline = ctx.Site().airline;
  auto before = ctx.reference.FindAirline(r.visit.actor, airline);
  std::string words;
  for (const char* rule : kRuleNames)
    if (!web::FormValue(form, fmt::format("rule_{}", rule)).empty()) {
      words += ' ';
      words += rule;
    }
  const auto rules = reference::ParsePassengerRules(words).value_or(core::PassengerRules{});
  const auto country = core::AsciiUpper(core::Trim(web::FormValue(form, "country")));
  const auto logo = std::string(core::Trim(web::FormValue(form, "logo_url")));
  auto saved = ctx.reference.SaveAirlineProfile(r.visit.actor, airline, country, logo, rules);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    auto shown = CurrentForm(ctx, r);
    for (const auto& [name, value] : form)
      if (name == "country" || name == "logo_url" || name.starts_with("rule_")) shown[name] = value;
    for (const char* rule : kRuleNames)
      if (web::FormValue(form, fmt::format("rule_{}", rule)).empty()) shown.erase(fmt::format("rule_{}", rule));
    return SettingsPage(ctx, r, FormStatus(saved.error()), std::move(view), shown);
  }
  const auto describe = [](const std::string& c, const std::string& l, const core::PassengerRules& p) {
    api::JsonWriter w;
    w.BeginObject().Field("country", c).Field("logo_url", l).Field("passenger_rules", reference::FormatPassengerRules(p))
        .EndObject();
    return w.Take();
  };
  ctx.staff.RecordAction(r.visit.actor, "settings.airline_profile", "airline " + airline,
                         before ? describe(before->country, before->logo_url, before->passenger_rules) : "",
                         describe(country, logo, rules));
  return web::SeeOther("/settings?done=profile");
}

std::string Describe(const web::SiteSettings& s) {
  api::JsonWriter w;
  w.BeginObject().Field("name", s.name).Field("primary_color", s.primary_color).Field("accent_color", s.accent_color)
      .Field("logo", s.logo).Field("default_language", s.default_language)
      .Field("default_currency", s.default_currency).Field("currencies", Joined(s.currencies)).EndObject();
  return w.Take();
}

http::Response PostSettings(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto before = Describe(ctx.Site());
  web::SiteChange change{std::string(core::Trim(web::FormValue(form, "name"))),
                         core::AsciiLower(std::string(core::Trim(web::FormValue(form, "primary_color")))),
                         core::AsciiLower(std::string(core::Trim(web::FormValue(form, "accent_color")))),
                         web::FormValue(form, "logo"),
                         web::FormValue(form, "default_language"),
                         core::AsciiUpper(std::string(core::Trim(web::FormValue(form, "default_currency")))),
                         List(web::FormValue(form, "currencies"))};
  auto saved = ctx.site_editor.Save(r.visit.actor, change);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    auto shown = CurrentForm(ctx, r);
    for (const auto& [key, value] : form) shown[key] = value;
    return SettingsPage(ctx, r, FormStatus(saved.error()), std::move(view), shown);
  }
  ctx.staff.RecordAction(r.visit.actor, "settings.save", "airline " + ctx.Site().airline, before, Describe(ctx.Site()));
  return web::SeeOther("/settings?done=saved");
}

}  // namespace

void AddSettingsRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/settings", Audience::kStaff, core::Permission::kReferenceWrite, GetSettings});
  routes.Add({"POST", "/settings", Audience::kStaff, core::Permission::kReferenceWrite, PostSettings});
  routes.Add({"POST", "/settings/sales", Audience::kStaff, core::Permission::kReferenceWrite, PostSales});
  routes.Add({"POST", "/settings/check-in", Audience::kStaff, core::Permission::kReferenceWrite, PostCheckInTimes});
  routes.Add({"POST", "/settings/profile", Audience::kStaff, core::Permission::kReferenceWrite, PostProfile});
}

}  // namespace jetway::admin
