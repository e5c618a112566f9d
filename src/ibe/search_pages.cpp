// The home page (the search form), the results page (flights per direction with their fare brands and a strip of
// the lowest price ±3 days), and choosing: the POST that turns the signed choices into a seat hold.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "core/codes.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "web/format.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"
#include "ibe/selection.hpp"
#include "web/assets.hpp"

namespace jetway::ibe {

namespace {

constexpr int kStripDays = 3;
// A results page's holes (ctx.result_pages): what differs per visit on a page otherwise the same for everyone.
constexpr std::size_t kCsrfHole = 0;
constexpr std::size_t kNonceHole = 1;
constexpr std::size_t kMaxAirportText = 64;

using Errors = std::map<std::string, std::string>;

struct SearchForm {
  std::map<std::string, std::string> values;
  Errors errors;
  shopping::SearchRequest request;
  bool round_trip = false;
};

std::string Value(const http::Request& request, const char* name, const char* fallback = "") {
  auto v = request.Query(name);
  return v ? std::string(core::Trim(*v)) : fallback;
}

// A code ("cph"), a city ("Copenhagen") or an airport name: the one airport it means, or an error naming the field.
std::optional<std::string> ResolveAirport(const IbeContext& ctx, const Visit& visit, const std::string& text,
                                          const std::string& field, Errors& errors) {
  if (text.empty()) {
    errors[field] = T(ctx, visit, "error_" + field + "_required");
    return std::nullopt;
  }
  if (text.size() > kMaxAirportText) {
    errors[field] = T(ctx, visit, "error_UNKNOWN_AIRPORT");
    return std::nullopt;
  }
  const auto upper = core::AsciiUpper(text);
  if (core::IsAirportCode(upper) && ctx.airports.Find(upper)) return upper;
  // "Copenhagen (CPH)", as the suggestion list shows it.
  if (auto open = text.rfind('('); open != std::string::npos && text.back() == ')') {
    const auto code = core::AsciiUpper(text.substr(open + 1, text.size() - open - 2));
    if (core::IsAirportCode(code) && ctx.airports.Find(code)) return code;
  }
  const auto matches = ctx.airports.Search(text, 6);
  if (matches.size() == 1) return matches.front()->code;
  for (const auto* a : matches)
    if (core::AsciiLower(a->city) == core::AsciiLower(text) || core::AsciiLower(a->name) == core::AsciiLower(text))
      return a->code;
  if (matches.empty()) {
    errors[field] = T(ctx, visit, "error_UNKNOWN_AIRPORT");
    return std::nullopt;
  }
  std::string names;
  for (const auto* a : matches) names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", a->city, a->code);
  errors[field] = fmt::format("{} {}", T(ctx, visit, "error_AMBIGUOUS_AIRPORT"), names);
  return std::nullopt;
}

std::optional<int> Count(const IbeContext& ctx, const Visit& visit, SearchForm& form, const char* name, int fallback,
                         int min) {
  const auto text = Value(visit.request, name, "");
  form.values[name] = text.empty() ? std::to_string(fallback) : text;
  if (text.empty()) return fallback;
  auto n = core::ParseInteger(text, min, pricing::kMaxSeatsPerBooking);
  if (!n) {
    form.errors[name] = T(ctx, visit, "error_passenger_count");
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

SearchForm ReadSearch(const IbeContext& ctx, const Visit& visit) {
  SearchForm form;
  const auto& req = visit.request;
  for (const char* name : {"origin", "destination", "date", "return_date"}) form.values[name] = Value(req, name);
  form.round_trip = Value(req, "trip", "return") != "oneway";
  form.values["currency"] = core::AsciiUpper(Value(req, "currency", ctx.Site().default_currency.c_str()));
  auto origin = ResolveAirport(ctx, visit, form.values["origin"], "origin", form.errors);
  auto destination = ResolveAirport(ctx, visit, form.values["destination"], "destination", form.errors);
  auto date = core::ParseIsoDate(form.values["date"]);
  if (!date) form.errors["date"] = T(ctx, visit, "error_date_required");
  std::optional<core::LocalDate> return_date;
  if (form.round_trip) {
    return_date = core::ParseIsoDate(form.values["return_date"]);
    if (!return_date) form.errors["return_date"] = T(ctx, visit, "error_return_date_required");
  }
  auto adults = Count(ctx, visit, form, "adults", 1, 1);
  auto children = Count(ctx, visit, form, "children", 0, 0);
  auto infants = Count(ctx, visit, form, "infants", 0, 0);
  // The party's rules are pricing's; a count that did not parse has its own error already and counts as none here.
  if (adults)
    for (const auto& problem : pricing::PartyProblems({*adults, children.value_or(0), infants.value_or(0)}))
      form.errors.emplace(problem.field, T(ctx, visit,
                                           problem.field == "infants"    ? "error_INFANTS_EXCEED_ADULTS"
                                           : problem.field == "children" ? "error_TOO_MANY_SEATS"
                                                                         : "error_passenger_count"));
  if (!form.errors.empty()) return form;
  form.request.origin = *origin;
  form.request.destination = *destination;
  form.request.date = *date;
  form.request.return_date = return_date;
  form.request.party = {*adults, *children, *infants};
  if (!form.values["currency"].empty()) form.request.currency = form.values["currency"];
  form.request.airlines = {ctx.Site().airline};  // each airline's site sells its own flights
  return form;
}

web::View FormView(const IbeContext& ctx, const SearchForm& form) {
  web::View view;
  web::View values;
  for (const auto& [k, v] : form.values) values[k] = web::Text(v);
  view["values"] = std::move(values);
  web::View errors;
  for (const auto& [k, v] : form.errors) errors[k] = web::Text(v);
  view["errors"] = std::move(errors);
  view["has_errors"] = web::Flag(!form.errors.empty());
  view["round_trip"] = web::Flag(form.round_trip);
  web::ViewList currencies;
  currencies.reserve(ctx.Site().currencies.size());
  const auto chosen = form.values.count("currency") ? form.values.at("currency") : "";
  for (const auto& code : ctx.Site().currencies) {
    web::View c;
    c["code"] = web::Text(code);
    c["selected"] = web::Flag(code == chosen);
    currencies.push_back(std::move(c));
  }
  view["currencies"] = web::List(std::move(currencies));
  return view;
}

http::Response Home(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  SearchForm form;
  form.round_trip = true;
  form.values = {{"adults", "1"}, {"children", "0"}, {"infants", "0"}, {"currency", ctx.Site().default_currency}};
  return RenderPage(ctx, visit, 200, "pages/home", FormView(ctx, form), "");
}

web::View JourneyView(const IbeContext& ctx, const Visit& visit, const shopping::Journey& journey, Direction direction,
                      const pricing::PartyMix& party, core::Instant expires) {
  const auto& first = journey.segments.front();
  const auto& last = journey.segments.back();
  web::View view;
  view["departure"] = web::Text(core::LocalClockOf(first.departure_local));
  view["arrival"] = web::Text(core::LocalClockOf(last.arrival_local));
  view["next_day"] = web::Flag(core::LocalDayOf(last.arrival_local) != core::LocalDayOf(first.departure_local));
  view["origin"] = web::Text(first.origin);
  view["destination"] = web::Text(last.destination);
  view["duration"] = web::Text(Duration(first.departure_utc, last.arrival_utc));
  view["nonstop"] = web::Flag(journey.segments.size() == 1);
  std::string numbers;
  web::ViewList segments;
  segments.reserve(journey.segments.size());
  for (const auto& s : journey.segments) {
    numbers += (numbers.empty() ? "" : ", ") + s.flight_number;
    web::View seg;
    seg["flight_number"] = web::Text(s.flight_number);
    seg["origin"] = web::Text(s.origin);
    seg["destination"] = web::Text(s.destination);
    seg["departure"] = web::Text(core::LocalClockOf(s.departure_local));
    seg["arrival"] = web::Text(core::LocalClockOf(s.arrival_local));
    segments.push_back(std::move(seg));
  }
  if (journey.segments.size() > 1) view["via"] = web::Text(journey.segments.front().destination);
  view["flight_numbers"] = web::Text(numbers);
  view["segments"] = web::List(std::move(segments));
  web::ViewList offers;
  const auto cheapest = shopping::CheapestPerBrand(journey.offers);
  offers.reserve(cheapest.size());
  for (const auto* chosen : cheapest) {
    const auto& offer = *chosen;
    Selection selection{direction, {}, offer.booking_class, offer.price.total, party, expires};
    for (const auto& s : journey.segments) selection.flight_ids.push_back(s.flight_id);
    web::View o;
    o["token"] = web::Text(EncodeSelection(ctx.signer, selection));
    o["brand"] = web::Text(offer.brand);
    o["price"] = web::Text(FormatPrice(offer.price.total, visit.language));
    o["amount"] = web::Text(std::to_string(offer.price.total.minor));
    o["currency"] = web::Text(offer.price.total.currency);
    o["bags_text"] = web::Text(web::Plural(ctx.locales, visit.language, "results_bags", offer.checked_bags));
    o["refundable"] = web::Flag(offer.refundable);
    o["changeable"] = web::Flag(offer.change_fee.has_value());
    if (offer.change_fee) o["change_fee"] = web::Text(FormatPrice(*offer.change_fee, visit.language));
    o["few_left"] = web::Flag(offer.seats_available < 5);
    o["seats_text"] = web::Text(web::Plural(ctx.locales, visit.language, "results_seats_left", offer.seats_available));
    offers.push_back(std::move(o));
  }
  view["sold_out"] = web::Flag(journey.offers.empty());
  view["offers"] = web::List(std::move(offers));
  return view;
}

web::View DirectionView(const IbeContext& ctx, const Visit& visit, const SearchForm& form,
                        const shopping::JourneyList& journeys, const std::vector<shopping::DayPrice>& days,
                        Direction direction, core::Instant expires) {
  const bool outbound = direction == Direction::kOutbound;
  const auto& r = form.request;
  web::View view;
  view["name"] = web::Text(outbound ? "out" : "ret");
  view["heading"] = web::Text(fmt::format("{} {} → {}", T(ctx, visit, outbound ? "results_outbound" : "results_return"),
                                          outbound ? r.origin : r.destination, outbound ? r.destination : r.origin));
  const auto day = outbound ? r.date : *r.return_date;
  view["date"] = web::Text(web::FormatDate(ctx.locales, visit.language, day));
  view["date_iso"] = web::Text(core::FormatIsoDate(day));
  web::ViewList strip;
  strip.reserve(2 * kStripDays + 1);
  for (const auto& day : days) {
    web::View d;
    const auto iso = core::FormatIsoDate(day.date);
    d["date"] = web::Text(web::FormatDate(ctx.locales, visit.language, day.date));
    d["date_iso"] = web::Text(iso);
    d["current"] = web::Flag(day.date == (outbound ? r.date : *r.return_date));
    d["price"] = web::Text(day.lowest ? FormatPrice(*day.lowest, visit.language) : T(ctx, visit, "results_no_flights"));
    d["available"] = web::Flag(day.lowest.has_value());
    // Moving the outbound past the return (or the return before the outbound) is not offered.
    const bool allowed = outbound ? (!r.return_date || day.date <= *r.return_date) : day.date >= r.date;
    if (allowed) d["url"] = web::Text(UrlWith(visit.request, {{outbound ? "date" : "return_date", iso}}));
    strip.push_back(std::move(d));
  }
  view["strip"] = web::List(std::move(strip));
  web::ViewList list;
  list.reserve(journeys.size());
  for (const auto& journey : journeys) list.push_back(JourneyView(ctx, visit, journey, direction, r.party, expires));
  view["none"] = web::Flag(journeys.empty());
  view["journeys"] = web::List(std::move(list));
  return view;
}

// Everything a results page shows, as one text: the site's look, the language, the request (its path and query),
// the minute its choices expire in, each direction's priced day and the journeys on sale from it, and the strips'
// prices. Two visits with the same key are shown the same page but for its holes (CSRF token, form nonce).
std::string ResultsKey(const IbeContext& ctx, const Visit& visit, const shopping::SearchResult& result,
                       const std::array<std::vector<shopping::DayPrice>, 2>& strips, core::Instant expires) {
  auto key = fmt::format("{}|{}|{}|{}", static_cast<const void*>(&ctx.live.Current()), visit.language.code,
                         core::ToEpoch(expires), visit.request.path);
  auto out = std::back_inserter(key);
  for (const auto& [name, value] : visit.request.query)
    fmt::format_to(out, "|{}:{}={}:{}", name.size(), name, value.size(), value);
  for (const auto* journeys : {&result.outbound, &result.inbound}) {
    fmt::format_to(out, "|{}:", static_cast<const void*>(journeys->day().get()));
    for (auto position : journeys->positions()) fmt::format_to(out, "{},", position);
  }
  for (const auto& strip : strips) {
    key += '|';
    for (const auto& day : strip) {
      fmt::format_to(out, "{}=", date::sys_days(day.date).time_since_epoch().count());
      if (day.lowest) fmt::format_to(out, "{}{}", day.lowest->minor, day.lowest->currency);
      key += ';';
    }
  }
  return key;
}

// The page's priced days: while the snapshot holds them, the page may be kept; a day it dropped ends the page.
web::PageMemo::Dependencies ResultsDependencies(const shopping::SearchResult& result) {
  web::PageMemo::Dependencies dependencies;
  for (const auto* journeys : {&result.outbound, &result.inbound})
    if (journeys->day()) dependencies.emplace_back(journeys->day());
  return dependencies;
}

// Whether a page is worth keeping: one asked for with the search form's own fields only (a link's tracking parameters,
// which the page's links carry on, make every such URL a page of its own that nobody asks for again), of days the
// snapshot holds (a day held by this search alone, as without a snapshot, is gone once it is answered).
bool Keepable(const http::Request& request, const shopping::SearchResult& result) {
  static constexpr std::array<std::string_view, 10> kFields{
      "adults", "children", "currency", "date", "destination", "infants", "lang", "origin", "return_date", "trip"};
  for (const auto& [name, value] : request.query)
    if (std::find(kFields.begin(), kFields.end(), name) == kFields.end()) return false;
  for (const auto* journeys : {&result.outbound, &result.inbound})
    if (journeys->day() && journeys->day().use_count() < 2) return false;
  return true;
}

// The page with `csrf` and `nonce` in its holes: the visit's own values, or the memo's markers for a page kept.
std::string ResultsHtml(const IbeContext& ctx, const Visit& visit, const SearchForm& form,
                        const shopping::SearchResult& result,
                        const std::array<std::vector<shopping::DayPrice>, 2>& strips, core::Instant expires,
                        const std::string& csrf, const std::string& nonce) {
  web::View view = FormView(ctx, form);
  view["nonce"] = web::Text(nonce);
  web::ViewList directions;
  directions.reserve(2);
  directions.push_back(
      DirectionView(ctx, visit, form, result.outbound, strips[0], Direction::kOutbound, expires));
  if (form.request.return_date)
    directions.push_back(DirectionView(ctx, visit, form, result.inbound, strips[1], Direction::kReturn, expires));
  view["directions"] = web::List(std::move(directions));
  const auto& p = form.request.party;
  view["party"] =
      web::Text(web::Plural(ctx.locales, visit.language, "pax_adults", p.adults) +
                (p.children ? ", " + web::Plural(ctx.locales, visit.language, "pax_children", p.children) : "") +
                (p.infants ? ", " + web::Plural(ctx.locales, visit.language, "pax_infants", p.infants) : ""));
  view["bookable"] = web::Flag(!result.outbound.empty() && (!form.request.return_date || !result.inbound.empty()));
  Visit holes = visit;
  holes.csrf_token = csrf;
  return web::RenderHtml(ctx, holes, 200, "pages/results", std::move(view),
                         fmt::format("{} → {}", form.request.origin, form.request.destination));
}

http::Response Results(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto form = ReadSearch(ctx, visit);
  if (!form.errors.empty())
    return RenderPage(ctx, visit, 422, "pages/home", FormView(ctx, form), T(ctx, visit, "search_fix_title"));
  auto result = ctx.availability.Search(form.request);
  if (!result) {
    const auto field = result.error().field.empty() ? "origin" : result.error().field;
    form.errors[field] = ErrorText(ctx, visit, result.error());
    return RenderPage(ctx, visit, 422, "pages/home", FormView(ctx, form), T(ctx, visit, "search_fix_title"));
  }
  // The choices expire on a whole minute, so that the pages of one search on the same data within a minute are one.
  const core::Instant expires = std::chrono::floor<std::chrono::minutes>(ctx.clock.Now()) + kSelectionLifetime;
  std::array<std::vector<shopping::DayPrice>, 2> strips;
  strips[0] = ctx.availability.PriceCalendar(form.request, false, kStripDays);
  if (form.request.return_date) strips[1] = ctx.availability.PriceCalendar(form.request, true, kStripDays);
  auto html = [&](const std::string& csrf, const std::string& nonce) {
    return ResultsHtml(ctx, visit, form, *result, strips, expires, csrf, nonce);
  };
  if (!Keepable(visit.request, *result))
    return web::PageResponse(ctx, visit, 200, html(visit.csrf_token, web::NewToken()));
  auto key = ResultsKey(ctx, visit, *result, strips, expires);
  auto page = ctx.result_pages->Find(key);
  if (!page)
    page = ctx.result_pages->Keep(std::move(key), ResultsDependencies(*result),
                                  html(ctx.result_pages->Marker(kCsrfHole), ctx.result_pages->Marker(kNonceHole)));
  std::vector<std::string> holes(2);
  holes[kCsrfHole] = visit.csrf_token;
  holes[kNonceHole] = web::NewToken();
  return web::PageResponse(ctx, visit, 200, page->Fill(holes));
}

http::Response Select(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto form = ParseForm(request);
  if (!form) return MessagePage(ctx, visit, 400, "MALFORMED_FORM", T(ctx, visit, "error_MALFORMED_FORM"));
  if (!CsrfOk(ctx, request, *form)) return CsrfRefused(ctx, visit);
  const auto now = ctx.clock.Now();
  const auto out_token = FormValue(*form, "out");
  const auto ret_token = FormValue(*form, "ret");
  const bool round_trip = FormValue(*form, "round_trip") == "1";
  if (out_token.empty() || (round_trip && ret_token.empty()))
    return MessagePage(ctx, visit, 422, "CHOOSE_FLIGHT", T(ctx, visit, "error_CHOOSE_FLIGHT"));
  std::vector<Selection> chosen;
  for (const auto* token : {&out_token, &ret_token}) {
    if (token->empty()) continue;
    auto selection = DecodeSelection(ctx.signer, *token, now);
    if (!selection)
      return MessagePage(ctx, visit, selection.error().kind == core::ErrorKind::kConflict ? 409 : 400,
                         selection.error().code, ErrorText(ctx, visit, selection.error()));
    chosen.push_back(std::move(*selection));
  }
  const auto& first = chosen.front();
  const bool consistent =
      first.direction == Direction::kOutbound &&
      (chosen.size() == 1 ||
       (chosen[1].direction == Direction::kReturn && chosen[1].party.adults == first.party.adults &&
        chosen[1].party.children == first.party.children && chosen[1].party.infants == first.party.infants &&
        chosen[1].price.currency == first.price.currency));
  if (!consistent) return MessagePage(ctx, visit, 400, "TAMPERED_SELECTION", T(ctx, visit, "error_TAMPERED_SELECTION"));
  booking::HoldRequest hold;
  std::int64_t shown_total = 0;
  for (const auto& s : chosen) {
    for (auto id : s.flight_ids) hold.segments.push_back({id, s.booking_class});
    shown_total += s.price.minor;
  }
  hold.party = first.party;
  hold.currency = first.price.currency;
  hold.sellable_airlines = {ctx.Site().airline};  // a choice signed on one airline's site is not sold on another's
  const auto nonce = FormValue(*form, "nonce");
  if (!nonce.empty() && nonce.size() <= 64) hold.idempotency_key = "ibe-hold-" + nonce;
  // The same form posted twice (a double click, a reload) holds once.
  hold.fingerprint = web::ContentHash(out_token + "|" + ret_token);
  auto outcome = ctx.bookings.Hold(visit.actor, hold);
  if (!outcome) {
    const auto& error = outcome.error();
    const int status = error.kind == core::ErrorKind::kConflict          ? 409
                       : error.kind == core::ErrorKind::kTooManyRequests ? 429
                                                                         : 422;
    auto refused = MessagePage(ctx, visit, status, error.code, ErrorText(ctx, visit, error));
    http::AddRetryAfter(refused, error);
    return refused;
  }
  const auto& booking = outcome->booking;
  std::string location = BookingPath(ctx, booking.locator, "/passengers", outcome->hold_token);
  if (booking.total.minor != shown_total) location += "&price_changed=1";
  return SeeOther(location);
}

}  // namespace

void AddSearchRoutes(http::Router& router, const IbeContext& ctx) {
  router.Add("GET", "/", [&ctx](const http::Request& r) { return Home(ctx, r); });
  router.Add("GET", "/search", [&ctx](const http::Request& r) { return Results(ctx, r); });
  router.Add("POST", "/select", [&ctx](const http::Request& r) { return Select(ctx, r); });
}

}  // namespace jetway::ibe
