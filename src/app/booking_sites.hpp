// The passengers' booking sites of a deployment: one per hosted airline with site settings, each with its own look
// (web::LiveSite), its own pages over the shared services, and its own flights only. A request is served by the
// site whose host it names (its settings' `hosts`), else by the default site (web::DefaultSite), whose look the back
// office and the agent portal wear too. Sites are read at start-up; their settings are refreshed while serving.
#pragma once

#include <deque>
#include <vector>

#include "app/databases.hpp"
#include "http/http.hpp"
#include "ibe/ibe.hpp"
#include "store/store.hpp"
#include "web/assets.hpp"
#include "web/live_site.hpp"
#include "web/page.hpp"
#include "web/page_memo.hpp"
#include "web/site.hpp"

namespace jetway::app {

// Every airline's booking site in the web database; one made up ("jetway", XX) when it has none.
std::vector<web::SiteSettings> LoadSites(Databases& databases);

// What every site's pages share: how pages are made, and the services they call.
struct SiteServices {
  const web::Templates& templates;
  const web::Locales& locales;
  const web::Signer& signer;
  const web::AssetStore& assets;
  std::string stylesheet_url;
  std::string script_url;
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
  std::chrono::seconds booking_link_lifetime;
};

class BookingSites {
 public:
  // `sites` not empty (LoadSites' answer).
  BookingSites(const std::vector<web::SiteSettings>& sites, const SiteServices& services);
  BookingSites(const BookingSites&) = delete;
  BookingSites& operator=(const BookingSites&) = delete;

  // The sites' pages, each request to the site its Host names: the router's answer for every path it does not know.
  void AddRoutes(http::Router& router) const;
  // Every site's theme stylesheets, for the static route.
  std::vector<const web::LiveSite*> Looks() const;
  // The default site's look and pages (the back office's and the agent portal's frame).
  web::LiveSite& DefaultLook() { return looks_[Default()]; }
  const web::PageContext& DefaultPages() const { return ibes_[Default()]; }
  // Reads every site's settings again; true when one changed.
  bool Refresh(store::Connection& web);
  // The results pages kept for the next visitor, over all sites.
  web::PageMemo::Stats ResultPages() const;

 private:
  std::size_t Default() const;
  const http::Router& RouterFor(const http::Request& request) const;

  std::deque<web::LiveSite> looks_;
  std::deque<ibe::IbeContext> ibes_;
  std::deque<http::Router> routers_;
};

}  // namespace jetway::app
