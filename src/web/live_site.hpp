// The airline's look while serving: its site settings (name, colours, logo, languages, currencies) and the theme
// stylesheet made from them. Read by every request without locking; Refresh re-reads the settings (the back office
// edits them, on any node) and publishes a new look when they changed. Older looks and their theme stylesheets are
// kept (pages already sent link the old theme URL, and a request may still hold the old look), so a reference from
// Current() stays valid for the LiveSite's life; settings change seldom, so this costs next to nothing.
#pragma once

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "store/store.hpp"
#include "web/assets.hpp"
#include "web/locales.hpp"
#include "web/site.hpp"

namespace jetway::web {

struct SiteLook {
  SiteSettings site;
  std::string theme_url;  // the theme stylesheet made from the colours (/static/theme-x9.<hash>.css)
  std::string logo_url;   // empty: the name only
};

class LiveSite {
 public:
  // `assets` (the static files, among them the logo) must outlive the LiveSite.
  LiveSite(SiteSettings site, const AssetStore& assets);
  LiveSite(const LiveSite&) = delete;
  LiveSite& operator=(const LiveSite&) = delete;

  const SiteLook& Current() const { return *current_.load(std::memory_order_acquire); }
  // Reads this airline's settings again; true when they changed and a new look is published.
  bool Refresh(store::Connection& web);
  // A theme stylesheet, current or older, by the file name in its URL; nullptr when unknown.
  const Asset* Theme(std::string_view url_file) const;

 private:
  void Publish(SiteSettings site);  // with publishing_ held

  const AssetStore& assets_;
  mutable std::mutex publishing_;
  std::deque<SiteLook> looks_;  // never shrinks; elements never move
  std::deque<Asset> themes_;
  std::atomic<const SiteLook*> current_{nullptr};
};

// What the back office's settings screen may set.
struct SiteChange {
  std::string name;
  std::string primary_color;
  std::string accent_color;
  std::string logo;
  std::string default_language;
  std::string default_currency;
  std::vector<std::string> currencies;
};

// Staff changing the airline's look (reference.write): the change is checked (a name, #rrggbb colours, a logo that
// is one of the static files, a language the site has, ISO currencies with the default among them), written to the
// web database, and published on this node at once (the others within their refresh interval).
// INVALID_NAME, INVALID_COLOR, UNKNOWN_LOGO, INVALID_LANGUAGE, INVALID_CURRENCY.
class SiteEditor {
 public:
  SiteEditor(store::ConnectionPool& web, LiveSite& live, const AssetStore& assets, const Locales& locales)
      : web_(web), live_(live), assets_(assets), locales_(locales) {}
  core::Result<void> Save(const core::Actor& actor, const SiteChange& change);

 private:
  store::ConnectionPool& web_;
  LiveSite& live_;
  const AssetStore& assets_;
  const Locales& locales_;
};

}  // namespace jetway::web
