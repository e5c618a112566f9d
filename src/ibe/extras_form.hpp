// The extras a booking-site page offers (checked bags, a meal, a paid seat per passenger and flight) as form rows,
// and what a posted form chose: shared by the payment page (bought with the booking) and the extras page (bought
// for a paid one), so both offer and read the same fields.
#pragma once

#include <vector>

#include "booking/booking_service.hpp"
#include "ibe/booking_link.hpp"
#include "ibe/page.hpp"
#include "web/page.hpp"

namespace jetway::ibe {

// Rows for `named` (the booking with its passengers: on the payment page, those the form gives) on flights still to
// fly, each field named `bags_{segment}_{passenger}`, `meal_…`, `seat_…`, selected as `form` has them. The view's
// prices (`bag_price`, `meal_price`, `seat_price`) and `has_extras` go into `view`.
web::ViewList ExtraRows(const IbeContext& ctx, const Visit& visit, const Loaded& l, const booking::BookingView& named,
                        const std::vector<booking::ExtraOffer>& offers, const Form& form, web::View& view);

// The extras `form` chose for `named`.
std::vector<booking::Extra> ChosenExtras(const booking::BookingView& named, const Form& form);

}  // namespace jetway::ibe
