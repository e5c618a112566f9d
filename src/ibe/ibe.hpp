// The passenger booking engine (IBE): server-rendered pages that search, choose, book, pay and manage, calling the
// same services as the JSON API. Plain HTML forms that work without JavaScript; script only enhances. Every POST
// carries a CSRF token; every choice of flight and price comes back signed; every page is escaped by the templates.
#pragma once

#include <chrono>

#include <string>
#include <vector>

#include "booking/booking_service.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "reference/reference_service.hpp"
#include "shopping/availability_service.hpp"
#include "web/locales.hpp"
#include "web/signer.hpp"
#include "web/site.hpp"
#include "web/templates.hpp"

namespace jetway::ibe {

// Everything the pages need; references outlive the router and are thread-safe.
struct IbeContext {
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
  const web::Templates& templates;
  const web::Locales& locales;
  const web::Signer& signer;
  web::SiteSettings site;  // the airline whose site this is
  std::string stylesheet_url;
  std::string theme_url;   // the airline's colours
  std::string script_url;  // empty: no enhancement script
  std::string logo_url;    // empty: the name only
  std::chrono::seconds booking_link_lifetime{24 * 3600};  // how long a link to a booking's pages opens it
};

void AddIbeRoutes(http::Router& router, const IbeContext& context);

}  // namespace jetway::ibe
