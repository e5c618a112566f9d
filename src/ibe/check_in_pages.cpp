// A confirmed booking's seats, special assistance and meals, and web check-in on the booking site: the seat map of each flight with a choice per
// passenger, check-in (with the travel documents a border needs, and the passengers' declaration), and the boarding
// passes as a page (an Aztec symbol per pass, for phones) and a PDF (PDF417, for paper). Reached by the signed
// booking link; the rules are the booking service's.
#include <fmt/core.h>

#include <algorithm>
#include <span>
#include <variant>

#include "barcode/barcode.hpp"
#include "booking/boarding_card.hpp"
#include "booking/boarding_pass_pdf.hpp"
#include "booking/check_in.hpp"
#include "core/text.hpp"
#include "ibe/booking_link.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"

namespace jetway::ibe {

namespace {

using booking::BookedSegment;
using booking::BookingView;

const BookedSegment* SegmentOf(const BookingView& b, std::string_view value) {
  const auto seq = core::ParseInteger(std::string(core::Trim(value)), 1, booking::kMaxSegments);
  if (!seq) return nullptr;
  for (const auto& s : b.segments)
    if (s.seq == *seq) return &s;
  return nullptr;
}

// A GET of one flight's page of a booking (`segment` in the query): the booking behind the link and that flight.
struct BookingFlight {
  Loaded loaded;
  std::string token;
  int seq = 0;
  const BookedSegment& Segment() const { return *SegmentOf(loaded.booking, std::to_string(seq)); }
};

std::variant<BookingFlight, http::Response> LoadFlight(const IbeContext& ctx, const Visit& visit) {
  const auto token = visit.request.Query("t").value_or("");
  auto loaded = LoadBooking(ctx, visit, token);
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  const auto* segment = SegmentOf(std::get<Loaded>(loaded).booking, visit.request.Query("segment").value_or(""));
  if (!segment) return MessagePage(ctx, visit, 404, "SEGMENT_NOT_FOUND", T(ctx, visit, "error_SEGMENT_NOT_FOUND"));
  return BookingFlight{std::move(std::get<Loaded>(loaded)), token, segment->seq};
}

std::string Name(const booking::Passenger& p) { return fmt::format("{} {} {}", p.title, p.first_name, p.last_name); }

web::View FlightView(const IbeContext& ctx, const Visit& visit, const BookedSegment& s) {
  web::View v;
  v["segment"] = web::Text(std::to_string(s.seq));
  v["flight_number"] = web::Text(s.flight.flight_number);
  v["origin"] = web::Text(ctx.airports.CityOf(s.flight.origin) + " (" + s.flight.origin + ")");
  v["destination"] = web::Text(ctx.airports.CityOf(s.flight.destination) + " (" + s.flight.destination + ")");
  v["date"] = web::Text(web::FormatLocalDay(ctx.locales, visit.language, s.flight.departure_local));
  v["departs"] = web::Text(core::LocalClockOf(s.flight.departure_local));
  return v;
}

std::string SeatLabel(const IbeContext& ctx, const Visit& visit, const seating::Seat& seat) {
  const char* position = seat.position == seating::Position::kWindow  ? "seat_window"
                         : seat.position == seating::Position::kAisle ? "seat_aisle"
                                                                      : "seat_middle";
  auto label = fmt::format("{} · {}", seat.Name(), T(ctx, visit, position));
  if (seat.exit) label += " · " + T(ctx, visit, "seat_exit");
  return label;
}

// The map as a table of rows, an aisle drawn between blocks; each seat says what it is in words as well as colour.
web::View SeatMapView(const IbeContext& ctx, const Visit& visit, const booking::FlightSeats& seats) {
  web::ViewList rows;
  int row = 0;
  int block = 0;
  web::ViewList cells;
  const auto flush = [&] {
    if (!row) return;
    web::View r;
    r["row"] = web::Text(std::to_string(row));
    r["cells"] = web::List(std::move(cells));
    rows.push_back(std::move(r));
    cells.clear();
  };
  for (const auto& s : seats.map.seats) {
    if (s.row != row) {
      flush();
      row = s.row;
      block = 0;
    }
    if (s.block != block) {
      web::View aisle;
      aisle["aisle"] = web::Flag(true);
      cells.push_back(std::move(aisle));
      block = s.block;
    }
    const auto name = s.Name();
    const auto ours = seats.ours.find(name);
    const char* state = s.blocked                  ? "blocked"
                        : ours != seats.ours.end() ? "yours"
                        : seats.taken.count(name)  ? "taken"
                        : s.cabin != seats.segment.cabin ? "other-cabin"
                        : s.paid                   ? "paid"
                                                   : "free";
    web::View c;
    c["seat"] = web::Text(name);
    c["state"] = web::Text(state);
    c["state_text"] = web::Text(T(ctx, visit, std::string("seat_state_") + state));
    c["exit"] = web::Flag(s.exit);
    cells.push_back(std::move(c));
  }
  flush();
  web::View v;
  v["rows"] = web::List(std::move(rows));
  return v;
}

// One choice per seated passenger: their seat now, or any free seat their rules allow (paid seats are sold, not
// chosen here). `automatic`: the first option leaves the seat to check-in.
web::ViewList SeatSelects(const IbeContext& ctx, const Visit& visit, const BookingView& b,
                          const booking::FlightSeats& seats, const Form& form, bool automatic) {
  web::ViewList selects;
  for (int p = 1; p <= static_cast<int>(b.passengers.size()); ++p) {
    const auto& pax = b.passengers[static_cast<std::size_t>(p - 1)];
    if (pax.pax_type == core::PaxType::kInfant) continue;
    const auto* held = b.SeatOf(p, seats.segment.seq);
    const auto field = fmt::format("p{}_seat", p);
    const auto wanted = form.count(field) ? std::string(FormValue(form, field.c_str())) : held ? held->seat : "";
    web::ViewList options;
    if (automatic) {
      web::View o;
      o["value"] = web::Text("");
      o["label"] = web::Text(T(ctx, visit, "seat_automatic"));
      o["selected"] = web::Flag(wanted.empty());
      options.push_back(std::move(o));
    }
    const auto sitter = booking::SitterOf(b, p);
    for (const auto& s : seats.map.seats) {
      const auto name = s.Name();
      const bool mine = held && held->seat == name;
      if (!mine && !seating::CheckSeat(seats.map, seats.segment.cabin, name, sitter, seats.taken, false)) continue;
      if (!mine && seats.ours.count(name)) continue;  // a fellow passenger's: swapped by choosing theirs for them
      web::View o;
      o["value"] = web::Text(name);
      o["label"] = web::Text(SeatLabel(ctx, visit, s));
      o["selected"] = web::Flag(wanted == name);
      options.push_back(std::move(o));
    }
    web::View select;
    select["index"] = web::Text(std::to_string(p));
    select["name"] = web::Text(Name(pax));
    select["options"] = web::List(std::move(options));
    selects.push_back(std::move(select));
  }
  return selects;
}

std::vector<booking::SeatChoice> ReadSeats(const BookingView& b, const Form& form) {
  std::vector<booking::SeatChoice> choices;
  for (int p = 1; p <= static_cast<int>(b.passengers.size()); ++p) {
    const auto seat = std::string(core::Trim(FormValue(form, fmt::format("p{}_seat", p).c_str())));
    if (!seat.empty()) choices.push_back({p, seat});
  }
  return choices;
}

// --- seats --------------------------------------------------------------------------------------------------

http::Response SeatsPage(const IbeContext& ctx, const Visit& visit, const Loaded& l, const std::string& token,
                         const BookedSegment& s, const Form& form, const std::string& error, int status) {
  auto seats = ctx.bookings.SeatsOf(visit.actor, l.locator, l.Proof(), s.seq);
  if (!seats) return MessagePage(ctx, visit, 409, seats.error().code, ErrorText(ctx, visit, seats.error()));
  web::View view = FlightView(ctx, visit, s);
  view["locator"] = web::Text(l.locator);
  view["token"] = web::Text(token);
  view["booking_url"] = web::Text(l.Link(ctx));
  view["has_map"] = web::Flag(!seats->map.Empty());
  view["map"] = SeatMapView(ctx, visit, *seats);
  view["selects"] = web::List(SeatSelects(ctx, visit, l.booking, *seats, form, false));
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderPage(ctx, visit, status, "pages/seats", std::move(view),
                    fmt::format("{} {}", T(ctx, visit, "seats_title"), s.flight.flight_number));
}

http::Response GetSeats(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto found = LoadFlight(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& f = std::get<BookingFlight>(found);
  return SeatsPage(ctx, visit, f.loaded, f.token, f.Segment(), {}, "", 200);
}

http::Response PostSeats(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  const auto* s = SegmentOf(l.booking, FormValue(form, "segment"));
  if (!s) return MessagePage(ctx, visit, 404, "SEGMENT_NOT_FOUND", T(ctx, visit, "error_SEGMENT_NOT_FOUND"));
  auto chosen = ctx.bookings.ChooseSeats(visit.actor, l.locator, l.Proof(), s->seq, ReadSeats(l.booking, form));
  if (!chosen)
    return SeatsPage(ctx, visit, l, token, *s, form, ErrorText(ctx, visit, chosen.error()),
                     http::StatusOf(chosen.error().kind));
  return SeeOther(l.Link(ctx) + "&seats=" + std::to_string(s->seq));
}

// --- check-in -----------------------------------------------------------------------------------------------

// Those who still need a travel document on file for this flight: a form's fields for each.
web::ViewList DocumentRows(const IbeContext& ctx, const Visit& visit, const BookingView& b, const BookedSegment& s,
                           const Form& form) {
  web::ViewList rows;
  if (!booking::NeedsDocuments(s, ctx.airports)) return rows;
  for (int p = 1; p <= static_cast<int>(b.passengers.size()); ++p) {
    const auto& pax = b.passengers[static_cast<std::size_t>(p - 1)];
    if (pax.document && !pax.document->number.empty()) continue;
    web::View row;
    row["index"] = web::Text(std::to_string(p));
    row["name"] = web::Text(Name(pax));
    for (const char* field : {"nationality", "document_type", "document_number", "document_issuing_country",
                              "document_expiry"})
      row[std::string("v_") + field] = web::Text(FormValue(form, fmt::format("p{}_{}", p, field).c_str()));
    if (FormValue(form, fmt::format("p{}_nationality", p).c_str()).empty() && !pax.nationality.empty())
      row["v_nationality"] = web::Text(pax.nationality);
    row["passport"] = web::Flag(FormValue(form, fmt::format("p{}_document_type", p).c_str()) != "I");
    rows.push_back(std::move(row));
  }
  (void)visit;
  return rows;
}

std::vector<booking::TravelData> ReadDocuments(const BookingView& b, const Form& form) {
  std::vector<booking::TravelData> given;
  for (int p = 1; p <= static_cast<int>(b.passengers.size()); ++p) {
    const auto value = [&](const char* field) {
      return std::string(core::Trim(FormValue(form, fmt::format("p{}_{}", p, field).c_str())));
    };
    const auto number = value("document_number");
    if (number.empty()) continue;
    booking::TravelDocument d{core::AsciiUpper(value("document_type")), core::AsciiUpper(number),
                              core::AsciiUpper(value("document_issuing_country")),
                              core::ParseIsoDate(value("document_expiry"))};
    given.push_back({p, core::AsciiUpper(value("nationality")), std::move(d)});
  }
  return given;
}

http::Response CheckInPage(const IbeContext& ctx, const Visit& visit, const Loaded& l, const std::string& token,
                           const BookedSegment& s, const Form& form, const std::string& error, int status) {
  web::View view = FlightView(ctx, visit, s);
  view["locator"] = web::Text(l.locator);
  view["token"] = web::Text(token);
  view["booking_url"] = web::Text(l.Link(ctx));
  const auto window = booking::CheckWindow(ctx.bookings.CheckInWindowAt(s.flight.airline, s.flight.origin),
                                           s.flight.departure_utc, ctx.clock.Now());
  view["open"] = web::Flag(window.has_value());
  if (!window) view["closed_text"] = web::Text(ErrorText(ctx, visit, window.error()));
  if (auto seats = ctx.bookings.SeatsOf(visit.actor, l.locator, l.Proof(), s.seq); seats && !seats->map.Empty()) {
    view["selects"] = web::List(SeatSelects(ctx, visit, l.booking, *seats, form, true));
    view["has_selects"] = web::Flag(true);
  }
  view["documents"] = web::List(DocumentRows(ctx, visit, l.booking, s, form));
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderPage(ctx, visit, status, "pages/check_in", std::move(view),
                    fmt::format("{} {}", T(ctx, visit, "check_in_title"), s.flight.flight_number));
}

http::Response GetCheckIn(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto found = LoadFlight(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& f = std::get<BookingFlight>(found);
  if (!booking::BoardingPassesOf(f.loaded.booking, f.seq, ctx.airports).empty())
    return SeeOther(f.loaded.Link(ctx, "/boarding-pass") + "&segment=" + std::to_string(f.seq));
  return CheckInPage(ctx, visit, f.loaded, f.token, f.Segment(), {}, "", 200);
}

http::Response PostCheckIn(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  const auto* s = SegmentOf(l.booking, FormValue(form, "segment"));
  if (!s) return MessagePage(ctx, visit, 404, "SEGMENT_NOT_FOUND", T(ctx, visit, "error_SEGMENT_NOT_FOUND"));
  if (FormValue(form, "declaration") != "yes")
    return CheckInPage(ctx, visit, l, token, *s, form, T(ctx, visit, "error_CHECK_IN_DECLARATION"), 422);
  const auto refused = [&](const core::Error& e) {
    return CheckInPage(ctx, visit, l, token, *s, form, ErrorText(ctx, visit, e), http::StatusOf(e.kind));
  };
  if (const auto documents = ReadDocuments(l.booking, form); !documents.empty())
    if (auto given = ctx.bookings.GiveTravelData(visit.actor, l.locator, l.Proof(), documents); !given)
      return refused(given.error());
  auto checked = ctx.bookings.CheckIn(visit.actor, l.locator, l.Proof(), s->seq, ReadSeats(l.booking, form));
  if (!checked) return refused(checked.error());
  return SeeOther(l.Link(ctx, "/boarding-pass") + "&segment=" + std::to_string(s->seq));
}

// --- special assistance and meals ------------------------------------------------------------------------------

constexpr const char* kWheelchairs[] = {"WCHR", "WCHS", "WCHC"};
constexpr const char* kMeals[] = {"VGML", "VLML", "KSML", "MOML", "DBML", "GFML", "CHML", "BBML"};

// What a passenger asked for in one group, on any flight ("" none).
std::string Asked(const BookingView& b, int passenger, std::span<const char* const> codes) {
  for (const auto& r : b.ssrs)
    if (r.passenger == passenger && std::find(codes.begin(), codes.end(), r.code) != codes.end()) return r.code;
  return "";
}

web::ViewList Options(const IbeContext& ctx, const Visit& visit, std::span<const char* const> codes,
                      const std::string& chosen, core::PaxType type) {
  web::ViewList options;
  web::View none;
  none["value"] = web::Text("");
  none["label"] = web::Text(T(ctx, visit, "ssr_none"));
  none["selected"] = web::Flag(chosen.empty());
  options.push_back(std::move(none));
  for (const char* code : codes) {
    if (!booking::CheckSsr({1, 1, code, ""}, type, {})) continue;  // offered only what this passenger may ask for
    web::View o;
    o["value"] = web::Text(code);
    o["label"] = web::Text(T(ctx, visit, std::string("ssr_") + code));
    o["selected"] = web::Flag(chosen == code);
    options.push_back(std::move(o));
  }
  return options;
}

http::Response RequestsPage(const IbeContext& ctx, const Visit& visit, const Loaded& l, const std::string& token,
                            const std::string& error, int status) {
  web::View view;
  view["locator"] = web::Text(l.locator);
  view["token"] = web::Text(token);
  view["booking_url"] = web::Text(l.Link(ctx));
  web::ViewList rows;
  for (int p = 1; p <= static_cast<int>(l.booking.passengers.size()); ++p) {
    const auto& pax = l.booking.passengers[static_cast<std::size_t>(p - 1)];
    web::View row;
    row["index"] = web::Text(std::to_string(p));
    row["name"] = web::Text(Name(pax));
    row["wheelchairs"] = web::List(Options(ctx, visit, kWheelchairs, Asked(l.booking, p, kWheelchairs), pax.pax_type));
    row["meals"] = web::List(Options(ctx, visit, kMeals, Asked(l.booking, p, kMeals), pax.pax_type));
    row["has_wheelchairs"] = web::Flag(pax.pax_type != core::PaxType::kInfant);
    rows.push_back(std::move(row));
  }
  view["passengers"] = web::List(std::move(rows));
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderPage(ctx, visit, status, "pages/requests", std::move(view), T(ctx, visit, "ssr_title"));
}

http::Response GetRequests(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  const auto token = request.Query("t").value_or("");
  auto loaded = LoadBooking(ctx, visit, token);
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  return RequestsPage(ctx, visit, std::get<Loaded>(loaded), token, "", 200);
}

// Each passenger's wheelchair and meal as the form says, on every flight: what changed is withdrawn, then asked for.
http::Response PostRequests(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  std::vector<booking::Ssr> asked;
  for (int p = 1; p <= static_cast<int>(l.booking.passengers.size()); ++p)
    for (const auto& [field, codes] : {std::pair{"wheelchair", std::span<const char* const>(kWheelchairs)},
                                       std::pair{"meal", std::span<const char* const>(kMeals)}}) {
      const auto wanted = std::string(FormValue(form, fmt::format("p{}_{}", p, field).c_str()));
      const auto before = Asked(l.booking, p, codes);
      if (wanted == before) continue;
      if (!before.empty())
        if (auto gone = ctx.bookings.WithdrawSsr(visit.actor, l.locator, l.Proof(), {p, 0, before, ""}); !gone)
          return RequestsPage(ctx, visit, l, token, ErrorText(ctx, visit, gone.error()), http::StatusOf(gone.error().kind));
      if (!wanted.empty()) asked.push_back({p, 0, wanted, ""});
    }
  if (!asked.empty())
    if (auto done = ctx.bookings.RequestSsrs(visit.actor, l.locator, l.Proof(), asked); !done)
      return RequestsPage(ctx, visit, l, token, ErrorText(ctx, visit, done.error()), http::StatusOf(done.error().kind));
  return SeeOther(l.Link(ctx) + "&requests=1");
}

// --- boarding passes ----------------------------------------------------------------------------------------

http::Response GetBoardingPass(const IbeContext& ctx, const http::Request& request, bool pdf) {
  const auto visit = BeginVisit(ctx, request);
  auto found = LoadFlight(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& f = std::get<BookingFlight>(found);
  const auto& l = f.loaded;
  const auto* s = &f.Segment();
  const auto passes = booking::BoardingPassesOf(l.booking, s->seq, ctx.airports);
  if (passes.empty()) return MessagePage(ctx, visit, 409, "NOT_CHECKED_IN", T(ctx, visit, "error_NOT_CHECKED_IN"));
  const auto cards = booking::BoardingCardsOf(l.booking, passes, ctx.airports, ctx.locales, visit.language);
  if (pdf) {
    http::Response response;
    response.content_type = "application/pdf";
    response.body = booking::BoardingPassPdf(cards, ctx.Site().name, ctx.locales, visit.language);
    response.headers.emplace_back("Content-Disposition",
                                  fmt::format("attachment; filename=\"boarding-pass-{}-{}.pdf\"", l.locator, s->seq));
    response.headers.emplace_back("Cache-Control", "private, no-store");
    return response;
  }
  web::ViewList list;
  for (const auto& c : cards) {
    web::View v;
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string*>{"name", &c.name}, {"infant", &c.infant},
          {"flight_number", &c.flight_number}, {"date", &c.date}, {"departs", &c.departs}, {"boarding", &c.boarding},
          {"gate_closes", &c.gate_closes}, {"origin", &c.origin}, {"origin_city", &c.origin_city},
          {"destination", &c.destination}, {"destination_city", &c.destination_city}, {"seat", &c.seat},
          {"sequence", &c.sequence}, {"cabin", &c.cabin}, {"eticket", &c.eticket}, {"bcbp", &c.bcbp}})
      if (!value->empty()) v[key] = web::Text(*value);
    // The Aztec symbol phones show at the gate; drawn as SVG rectangles, so it needs no image and no script.
    v["symbol"] = web::Text(barcode::Svg(barcode::Encode(barcode::Symbology::kAztec, c.bcbp),
                                         barcode::Symbology::kAztec, 4, 4));
    list.push_back(std::move(v));
  }
  web::View view = FlightView(ctx, visit, *s);
  view["locator"] = web::Text(l.locator);
  view["cards"] = web::List(std::move(list));
  view["booking_url"] = web::Text(l.Link(ctx));
  view["pdf_url"] = web::Text(l.Link(ctx, "/boarding-pass.pdf") + "&segment=" + std::to_string(s->seq));
  return RenderPage(ctx, visit, 200, "pages/boarding_pass", std::move(view),
                    fmt::format("{} {}", T(ctx, visit, "bp_title"), s->flight.flight_number));
}

}  // namespace

void AddCheckInRoutes(http::Router& router, const IbeContext& ctx) {
  router.Add("GET", "/booking/:locator/seats", [&ctx](const http::Request& r) { return GetSeats(ctx, r); });
  router.Add("POST", "/booking/:locator/seats", [&ctx](const http::Request& r) { return PostSeats(ctx, r); });
  router.Add("GET", "/booking/:locator/check-in", [&ctx](const http::Request& r) { return GetCheckIn(ctx, r); });
  router.Add("POST", "/booking/:locator/check-in", [&ctx](const http::Request& r) { return PostCheckIn(ctx, r); });
  router.Add("GET", "/booking/:locator/requests", [&ctx](const http::Request& r) { return GetRequests(ctx, r); });
  router.Add("POST", "/booking/:locator/requests", [&ctx](const http::Request& r) { return PostRequests(ctx, r); });
  router.Add("GET", "/booking/:locator/boarding-pass",
             [&ctx](const http::Request& r) { return GetBoardingPass(ctx, r, false); });
  router.Add("GET", "/booking/:locator/boarding-pass.pdf",
             [&ctx](const http::Request& r) { return GetBoardingPass(ctx, r, true); });
}

}  // namespace jetway::ibe
