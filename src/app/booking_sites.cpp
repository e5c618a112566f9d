#include "app/booking_sites.hpp"

namespace jetway::app {

namespace {

std::vector<const web::SiteSettings*> Settings(const std::deque<web::LiveSite>& looks) {
  std::vector<const web::SiteSettings*> sites;
  for (const auto& look : looks) sites.push_back(&look.Current().site);
  return sites;
}

}  // namespace

std::vector<web::SiteSettings> LoadSites(Databases& databases) {
  auto lease = databases.web->Acquire();
  auto sites = web::LoadSites(*lease);
  if (sites.empty()) {
    web::SiteSettings site;
    site.airline = "XX";
    site.name = "jetway";
    sites.push_back(site);
  }
  return sites;
}

BookingSites::BookingSites(const std::vector<web::SiteSettings>& sites, const SiteServices& s) {
  for (const auto& site : sites) {
    auto& look = looks_.emplace_back(site, s.assets);
    const web::PageContext pages{s.templates, s.locales, s.signer, look, s.stylesheet_url, s.script_url};
    auto& ibe = ibes_.emplace_back(
        ibe::IbeContext{pages, s.availability, s.bookings, s.airports, s.clock, s.booking_link_lifetime});
    ibe::AddIbeRoutes(routers_.emplace_back(), ibe);
  }
}

void BookingSites::AddRoutes(http::Router& router) const {
  router.SetFallback([this](const http::Request& request) -> const http::Router& { return RouterFor(request); });
}

std::vector<const web::LiveSite*> BookingSites::Looks() const {
  std::vector<const web::LiveSite*> looks;
  for (const auto& look : looks_) looks.push_back(&look);
  return looks;
}

bool BookingSites::Refresh(store::Connection& web) {
  bool changed = false;
  for (auto& look : looks_) changed = look.Refresh(web) || changed;
  return changed;
}

web::PageMemo::Stats BookingSites::ResultPages() const {
  web::PageMemo::Stats total;
  for (const auto& ibe : ibes_) {
    const auto stats = ibe.result_pages->stats();
    total.found += stats.found;
    total.kept += stats.kept;
  }
  return total;
}

std::size_t BookingSites::Default() const { return web::DefaultSite(Settings(looks_)); }

const http::Router& BookingSites::RouterFor(const http::Request& request) const {
  return routers_[web::SiteForHost(Settings(looks_), web::HostName(request.Header("Host").value_or("")))];
}

}  // namespace jetway::app
