// The passenger booking engine (IBE): server-rendered pages that search, choose, book, pay and manage, calling the
// same services as the JSON API. Plain HTML forms that work without JavaScript; script only enhances. Every POST
// carries a CSRF token; every choice of flight and price comes back signed; every page is escaped by the templates.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "booking/booking_service.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "reference/reference_service.hpp"
#include "shopping/availability_service.hpp"
#include "web/page.hpp"
#include "web/page_memo.hpp"

namespace jetway::ibe {

// Everything the pages need: how pages are made (web::PageContext: templates, texts, signer, the airline's site)
// and the services they call. References outlive the router and are thread-safe.
struct IbeContext : web::PageContext {
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
  std::chrono::seconds booking_link_lifetime{24 * 3600};  // how long a link to a booking's pages opens it
  // Results pages as rendered, for whoever makes the same search on the same data (holes: CSRF token, nonce).
  std::shared_ptr<web::PageMemo> result_pages = std::make_shared<web::PageMemo>(2);
};

void AddIbeRoutes(http::Router& router, const IbeContext& context);

}  // namespace jetway::ibe
