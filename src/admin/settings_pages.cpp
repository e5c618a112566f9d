// The airline's settings (reference.write): its name, colours, logo, languages and currencies, as the booking site
// and the back office show them. Saved to the web database and published at once on this node (web::LiveSite); the
// other nodes pick the change up within their refresh interval, without a restart.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "api/json_writer.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

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
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/settings", std::move(view), web::T(ctx, r.visit, "admin_settings_title"));
}

http::Response GetSettings(const AdminContext& ctx, StaffRequest& r) {
  return SettingsPage(ctx, r, 200, {}, FormOf(ctx.Site()));
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
    return SettingsPage(ctx, r, FormStatus(saved.error()), std::move(view), form);
  }
  ctx.staff.RecordAction(r.visit.actor, "settings.save", "airline " + ctx.Site().airline, before, Describe(ctx.Site()));
  return web::SeeOther("/settings?done=saved");
}

}  // namespace

void AddSettingsRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/settings", Audience::kStaff, core::Permission::kReferenceWrite, GetSettings});
  routes.Add({"POST", "/settings", Audience::kStaff, core::Permission::kReferenceWrite, PostSettings});
}

}  // namespace jetway::admin
