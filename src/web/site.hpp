// Each airline's web site settings (name, logo, colours, default language and currency), kept in the web
// database's site_settings and edited in the back office; and the site key that signs what the pages hand out.
// Loaded at start-up: a change takes effect when the app servers restart.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace jetway::web {

struct SiteSettings {
  std::string airline;                    // IATA airline code, "X9"
  std::string name;                       // "Kattegat Air"
  std::string logo;                       // a file in web/static ("logo-x9.svg"); empty for none
  std::string primary_color = "#0b4f6c";  // #rrggbb only, so a setting cannot inject CSS
  std::string accent_color = "#f2a541";
  std::string default_language = "en";
  std::string default_currency;         // empty: the airline's base currency
  std::vector<std::string> currencies;  // offered in the currency menu
  // The host names the airline's booking site answers on ("book.fjordfly.no"), lower case. None: the deployment's
  // default site (DefaultSite), which answers every host no site names.
  std::vector<std::string> hosts;
};

// The host a request names (its Host header: lower-cased, without the port; "[::1]" kept whole).
std::string HostName(std::string_view host_header);
// The deployment's default site: the first (in airline order) that names no hosts, else the first. Its look is also
// the back office's and the agent portal's.
std::size_t DefaultSite(const std::vector<const SiteSettings*>& sites);
// The index of the site whose hosts include `host`, else the default site's.
std::size_t SiteForHost(const std::vector<const SiteSettings*>& sites, std::string_view host);
// A list of host names as staff write it ("book.fjordfly.no, q9.localhost"): each lower-cased and checked (letters,
// digits, '-' and '.', at most 253 characters); nullopt when one is not a host name.
std::optional<std::vector<std::string>> ParseHosts(std::string_view text);

// Every airline with at least one setting, ordered by airline code; settings that are missing or malformed keep
// their defaults (a malformed colour is ignored rather than put into the stylesheet).
std::vector<SiteSettings> LoadSites(store::Connection& web);
void SaveSiteSetting(store::Connection& web, const std::string& airline, const std::string& key,
                     const std::string& value);

// The stylesheet with the airline's colours as CSS custom properties (site.css uses them).
std::string ThemeCss(const SiteSettings& site);
bool IsHexColor(const std::string& text);

// The site key: created once by `migrate` (as the owner), read by every app server.
void EnsureSiteKey(store::Connection& web);
std::optional<std::string> LoadSiteKey(store::Connection& web);

}  // namespace jetway::web
