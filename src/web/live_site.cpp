#include "web/live_site.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/money.hpp"
#include "core/text.hpp"

namespace jetway::web {

using core::ErrorKind;
using core::Fail;

namespace {

bool SameLook(const SiteSettings& a, const SiteSettings& b) {
  return a.name == b.name && a.logo == b.logo && a.primary_color == b.primary_color &&
         a.accent_color == b.accent_color && a.default_language == b.default_language &&
         a.default_currency == b.default_currency && a.currencies == b.currencies && a.hosts == b.hosts;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

LiveSite::LiveSite(SiteSettings site, const AssetStore& assets) : assets_(assets) {
  std::lock_guard lock(publishing_);
  Publish(std::move(site));
}

void LiveSite::Publish(SiteSettings site) {
  themes_.push_back(MakeAsset("theme-" + core::AsciiLower(site.airline) + ".css", ThemeCss(site)));
  SiteLook look{std::move(site), themes_.back().url, {}};
  if (!look.site.logo.empty())
    if (const auto* logo = assets_.ByName(look.site.logo)) look.logo_url = logo->url;
  looks_.push_back(std::move(look));
  current_.store(&looks_.back(), std::memory_order_release);
}

bool LiveSite::Refresh(store::Connection& web) {
  const auto sites = LoadSites(web);
  const auto& airline = Current().site.airline;
  const auto found = std::find_if(sites.begin(), sites.end(), [&](const SiteSettings& s) { return s.airline == airline; });
  if (found == sites.end()) return false;
  std::lock_guard lock(publishing_);
  if (SameLook(*found, Current().site)) return false;
  Publish(*found);
  return true;
}

const Asset* LiveSite::Theme(std::string_view url_file) const {
  std::lock_guard lock(publishing_);
  for (const auto& theme : themes_)
    if (std::string_view(theme.url).substr(std::string_view("/static/").size()) == url_file) return &theme;
  return nullptr;
}

core::Result<void> SiteEditor::Save(const core::Actor& actor, const SiteChange& change) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kReferenceWrite)) return std::unexpected(*refused);
  if (core::Trim(change.name).empty() || change.name.size() > 60)
    return Fail(ErrorKind::kInvalid, "INVALID_NAME", "the airline's name is 1-60 characters", "name");
  for (const auto& [color, field] : {std::pair{&change.primary_color, "primary_color"}, {&change.accent_color, "accent_color"}})
    if (!IsHexColor(*color))
      return Fail(ErrorKind::kInvalid, "INVALID_COLOR", "a colour is written #rrggbb, e.g. #0b4f6c", field);
  if (!change.logo.empty()) {
    const auto* logo = assets_.ByName(change.logo);
    if (!logo || !(change.logo.ends_with(".svg") || change.logo.ends_with(".png")))
      return Fail(ErrorKind::kInvalid, "UNKNOWN_LOGO",
                  fmt::format("{} is not an image among the site's static files", change.logo), "logo");
  }
  if (!locales_.Find(change.default_language))
    return Fail(ErrorKind::kInvalid, "INVALID_LANGUAGE", "choose one of the site's languages", "default_language");
  if (change.currencies.empty() || change.currencies.size() > 10)
    return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", "offer 1-10 currencies", "currencies");
  for (const auto& c : change.currencies)
    if (!core::IsCurrencyCode(c))
      return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", fmt::format("{} is not an ISO currency code", c),
                  "currencies");
  if (std::find(change.currencies.begin(), change.currencies.end(), change.default_currency) ==
      change.currencies.end())
    return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", "the default currency must be one of those offered",
                "default_currency");
  const auto& airline = live_.Current().site.airline;
  {
    auto lease = web_.Acquire();
    store::Transaction tx(*lease);
    SaveSiteSetting(*lease, airline, "name", std::string(core::Trim(change.name)));
    SaveSiteSetting(*lease, airline, "primary_color", change.primary_color);
    SaveSiteSetting(*lease, airline, "accent_color", change.accent_color);
    SaveSiteSetting(*lease, airline, "logo", change.logo);
    SaveSiteSetting(*lease, airline, "default_language", change.default_language);
    SaveSiteSetting(*lease, airline, "default_currency", change.default_currency);
    SaveSiteSetting(*lease, airline, "currencies", Join(change.currencies));
    tx.Commit();
  }
  auto lease = web_.Acquire();
  live_.Refresh(*lease);
  return {};
}

}  // namespace jetway::web
