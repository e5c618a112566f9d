// A booking behind its signed link (routes.hpp's BookingPath): what every page of a booking opens first, for a GET
// (the link's token in the query) and for a POST (the form's, CSRF checked).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "booking/booking_service.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"

namespace jetway::ibe {

struct Loaded {
  std::string locator;
  booking::BookingView booking;
  std::string hold_token;  // from the link, passed on to the next link while the booking has no names
  core::Instant link_expires_at;  // the next links expire with this one: following links never renews them

  std::string Link(const IbeContext& ctx, std::string_view suffix = "") const {
    return BookingPath(ctx, locator, suffix, hold_token, link_expires_at);
  }
  // What the link proves to the booking service.
  booking::BookingProof Proof() const { return {hold_token, std::nullopt, true}; }
};

// The booking behind a signed link; else the page that refuses it (expired, not ours, gone).
std::variant<Loaded, http::Response> LoadBooking(const IbeContext& ctx, const Visit& visit, const std::string& token);

// A POST to one of a booking's pages: its form (CSRF checked) and the booking its signed link names.
struct BookingPost {
  Form form;
  std::string token;
  Loaded loaded;
};
std::variant<BookingPost, http::Response> ReadBookingPost(const IbeContext& ctx, const Visit& visit);

}  // namespace jetway::ibe
