// The page groups, each adding its own routes; AddIbeRoutes (ibe.hpp) adds them all.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "http/http.hpp"
#include "ibe/ibe.hpp"

namespace jetway::ibe {

void AddSearchRoutes(http::Router& router, const IbeContext& ctx);
void AddBookingRoutes(http::Router& router, const IbeContext& ctx);
void AddCheckInRoutes(http::Router& router, const IbeContext& ctx);
void AddExtrasRoutes(http::Router& router, const IbeContext& ctx);
void AddManageRoutes(http::Router& router, const IbeContext& ctx);

// "/booking/ABC234<suffix>?t=<signed token>": the links to a booking's own pages, valid until `expires_at`; a new
// link (made by a hold, a payment or finding the booking by name) for the context's link lifetime. A booking
// without names needs its hold's token in the link (the service asks for it).
std::string BookingPath(const IbeContext& ctx, std::string_view locator, std::string_view suffix = "",
                        std::string_view hold_token = "", std::optional<core::Instant> expires_at = std::nullopt);

}  // namespace jetway::ibe
