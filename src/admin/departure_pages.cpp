// Departure control (departure.control): the airline's flights of a day; one flight's passenger list with desk
// check-in (with the travel document a border needs), re-seating, offloading, boarding by a scanned boarding
// pass (typed by the scanner or pasted, or a PNG image of it uploaded), closing the flight, and its manifest (PDF,
// CSV) and APIS list (CSV). booking::DepartureControl and the booking service decide; the pages translate and audit.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "barcode/png.hpp"
#include "booking/manifest_pdf.hpp"
#include "core/text.hpp"
#include "reports/table.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

// The flight the path names, read once by each page and action: FLIGHT_NOT_FOUND when it names none ("abc").
core::Result<std::int64_t> PathFlight(const AdminContext& ctx, const StaffRequest& r) {
  const auto id = PathId(r, "flight_id");
  if (!id || !ctx.departures)
    return core::Fail(core::ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", "no such flight");
  return *id;
}

core::Result<booking::FlightDeparture> Departure(const AdminContext& ctx, const StaffRequest& r) {
  const auto id = PathFlight(ctx, r);
  if (!id) return std::unexpected(id.error());
  return ctx.departures->Flight(r.visit.actor, ctx.Site().airline, *id);
}

http::Response GetDepartures(const AdminContext& ctx, StaffRequest& r) {
  const auto today = core::LocalDate{date::floor<date::days>(ctx.clock.Now())};
  const auto day = core::ParseIsoDate(r.visit.request.Query("date").value_or("")).value_or(today);
  if (!ctx.departures) return Refused(ctx, r, core::MakeError(core::ErrorKind::kNotFound, "NOT_FOUND", "not here"));
  auto flights = ctx.departures->FlightsOn(r.visit.actor, ctx.Site().airline, day);
  if (!flights) return Refused(ctx, r, flights.error());
  web::ViewList rows;
  for (const auto& f : *flights) {
    const auto* origin = ctx.airports.Find(f.origin);
    web::View row;
    row["id"] = web::Text(std::to_string(f.id));
    row["flight"] = web::Text(fmt::format("{}{}", f.airline, f.flight_number));
    row["route"] = web::Text(fmt::format("{}-{}", f.origin, f.destination));
    row["departs"] = web::Text(core::LocalClockOf(core::FormatLocal(f.departure_utc, origin ? origin->zone : nullptr)));
    row["status"] = web::Text(f.status);
    rows.push_back(std::move(row));
  }
  web::View view;
  view["date"] = web::Text(core::FormatIsoDate(day));
  view["flights"] = web::List(std::move(rows));
  view["has_flights"] = web::Flag(!flights->empty());
  return RenderAdmin(ctx, r, 200, "admin/departures", std::move(view), web::T(ctx, r.visit, "dcs_title"));
}

web::View PassengerRow(const AdminContext& ctx, const StaffRequest& r, const booking::FlightDeparture& f,
                       const booking::DeparturePassenger& p) {
  const auto& d = p.details;
  web::View row;
  row["name"] = web::Text(fmt::format("{}/{} {}", d.last_name, d.first_name, d.title));
  row["last_name"] = web::Text(d.last_name);
  if (!p.infant_of.empty()) row["infant_of"] = web::Text(p.infant_of);
  row["type"] = web::Text(std::string(core::ToString(d.pax_type)));
  row["locator"] = web::Text(p.locator);
  row["passenger"] = web::Text(std::to_string(p.passenger));
  row["segment"] = web::Text(std::to_string(p.segment));
  row["seat"] = web::Text(p.seat);
  row["sequence"] = web::Text(p.sequence ? fmt::format("{:03d}", p.sequence) : "");
  const auto status = p.Status();
  row["status"] = web::Text(status);
  row["status_text"] = web::Text(web::T(ctx, r.visit, "dcs_status_" + status));
  row["bags"] = web::Text(std::to_string(p.bags));
  std::string requests;
  for (const auto& code : p.ssrs) requests += (requests.empty() ? "" : " ") + code;
  row["ssrs"] = web::Text(requests);
  row["documents"] = web::Text(web::T(ctx, r.visit, d.document ? "dcs_yes" : "dcs_no"));
  const bool open = !f.closed;
  row["may_check_in"] = web::Flag(open && status == "NOT_CHECKED_IN" && p.coupon == ticketing::CouponStatus::kOpen &&
                                  d.pax_type != core::PaxType::kInfant);
  row["may_offload"] = web::Flag(open && status == "CHECKED_IN");
  row["may_seat"] = web::Flag(open && (status == "CHECKED_IN" || status == "NOT_CHECKED_IN") &&
                              d.pax_type != core::PaxType::kInfant);
  return row;
}

http::Response FlightPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view) {
  auto f = Departure(ctx, r);
  if (!f) return Refused(ctx, r, f.error());
  web::ViewList rows;
  for (const auto& p : f->passengers) rows.push_back(PassengerRow(ctx, r, *f, p));
  view["id"] = web::Text(std::to_string(f->flight.id));
  view["flight"] = web::Text(fmt::format("{}{}", f->flight.airline, f->flight.flight_number));
  view["date"] = web::Text(f->flight.departure_date);
  view["route"] = web::Text(fmt::format("{}-{}", f->flight.origin, f->flight.destination));
  view["departs"] = web::Text(core::LocalClockOf(f->departure_local));
  view["closed"] = web::Flag(f->closed);
  view["passengers"] = web::List(std::move(rows));
  for (const char* s : {"BOARDED", "CHECKED_IN", "NOT_CHECKED_IN", "NO_SHOW", "FLOWN"})
    view[std::string("count_") + s] = web::Text(std::to_string(f->Count(s)));
  view["count_booked"] = web::Text(std::to_string(f->passengers.size()));
  ShowDone(r, view);
  if (auto boarded = r.visit.request.Query("boarded")) view["boarded"] = web::Text(*boarded);
  return RenderAdmin(ctx, r, status, "admin/departure", std::move(view),
                     fmt::format("{} {}{}", web::T(ctx, r.visit, "dcs_title"), f->flight.airline,
                                 f->flight.flight_number));
}

http::Response GetFlight(const AdminContext& ctx, StaffRequest& r) { return FlightPage(ctx, r, 200, {}); }

http::Response FlightRefused(const AdminContext& ctx, StaffRequest& r, const core::Error& error) {
  if (error.kind == core::ErrorKind::kForbidden || error.kind == core::ErrorKind::kUnauthorized ||
      error.code == "FLIGHT_NOT_FOUND")
    return Refused(ctx, r, error);
  web::View view;
  ShowError(ctx, r, error, view);
  return FlightPage(ctx, r, FormStatus(error), std::move(view));
}

std::string FlightPath(const StaffRequest& r) { return "/departures/" + r.visit.request.params.at("flight_id"); }

// A pass as the scanner typed it, or the text of the symbol in an uploaded PNG.
core::Result<std::string> PassText(const web::Form& form) {
  const auto typed = Field(form, "bcbp");
  if (!typed.empty()) return typed;
  const auto image = web::FormValue(form, "image");
  if (image.empty())
    return core::Fail(core::ErrorKind::kInvalid, "BARCODE_REQUIRED",
                      "scan or paste the boarding pass's barcode, or upload a PNG image of it", "bcbp");
  auto decoded = barcode::DecodePng(image);
  if (!decoded)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_IMAGE", "the upload is not a PNG image that can be read",
                      "image");
  auto text = barcode::Read(*decoded);
  if (!text)
    return core::Fail(core::ErrorKind::kInvalid, "NO_BARCODE_FOUND",
                      "no PDF417 or Aztec barcode could be read in the image", "image");
  return *text;
}

http::Response PostBoard(const AdminContext& ctx, StaffRequest& r) {
  const auto flight = PathFlight(ctx, r);
  if (!flight) return FlightRefused(ctx, r, flight.error());
  const auto form = *web::ParseForm(r.visit.request);
  auto text = PassText(form);
  if (!text) return FlightRefused(ctx, r, text.error());
  auto boarded = ctx.departures->Board(r.visit.actor, ctx.Site().airline, *flight, *text);
  if (!boarded) return FlightRefused(ctx, r, boarded.error());
  ctx.staff.RecordAction(r.visit.actor, "departure.board", "booking " + boarded->locator, "",
                         fmt::format(R"({{"flight_id":{},"sequence":{}}})", *flight, boarded->sequence));
  return web::SeeOther(FlightPath(r) + "?boarded=" +
                       core::UrlEncode(fmt::format("{}{}", boarded->name,
                                                   boarded->seat.empty() ? "" : ", " + boarded->seat)));
}

http::Response PostOffload(const AdminContext& ctx, StaffRequest& r) {
  const auto flight = PathFlight(ctx, r);
  if (!flight) return FlightRefused(ctx, r, flight.error());
  const auto form = *web::ParseForm(r.visit.request);
  const auto locator = core::AsciiUpper(Field(form, "locator"));
  const int passenger = static_cast<int>(core::ParseInteger(Field(form, "passenger"), 1, 99).value_or(0));
  auto done = ctx.departures->Offload(r.visit.actor, ctx.Site().airline, *flight, locator, passenger);
  if (!done) return FlightRefused(ctx, r, done.error());
  ctx.staff.RecordAction(r.visit.actor, "departure.offload", "booking " + locator, "",
                         fmt::format(R"({{"flight_id":{},"passenger":{}}})", *flight, passenger));
  return web::SeeOther(FlightPath(r) + "?done=offloaded");
}

// Desk check-in of one booking's passengers on this flight: the documents a border needs, and seats.
http::Response PostCheckIn(const AdminContext& ctx, StaffRequest& r) {
  const auto flight = PathFlight(ctx, r);
  if (!flight) return FlightRefused(ctx, r, flight.error());
  const auto form = *web::ParseForm(r.visit.request);
  const auto locator = core::AsciiUpper(Field(form, "locator"));
  const int segment = static_cast<int>(core::ParseInteger(Field(form, "segment"), 1, booking::kMaxSegments).value_or(0));
  const booking::BookingProof proof{std::nullopt, Field(form, "last_name"), false};
  std::vector<booking::TravelData> documents;
  const auto number = core::AsciiUpper(Field(form, "document_number"));
  const int passenger = static_cast<int>(core::ParseInteger(Field(form, "passenger"), 1, 99).value_or(0));
  if (!number.empty())
    documents.push_back({passenger, core::AsciiUpper(Field(form, "nationality")),
                         booking::TravelDocument{core::AsciiUpper(Field(form, "document_type")), number,
                                                 core::AsciiUpper(Field(form, "document_country")),
                                                 core::ParseIsoDate(Field(form, "document_expiry"))}});
  if (!documents.empty())
    if (auto given = ctx.bookings.GiveTravelData(r.visit.actor, locator, proof, documents); !given)
      return FlightRefused(ctx, r, given.error());
  auto checked = ctx.bookings.CheckIn(r.visit.actor, locator, proof, segment);
  if (!checked) return FlightRefused(ctx, r, checked.error());
  ctx.staff.RecordAction(r.visit.actor, "departure.check_in", "booking " + locator, "",
                         fmt::format(R"({{"flight_id":{},"passes":{}}})", *flight, checked->passes.size()));
  return web::SeeOther(FlightPath(r) + "?done=checked_in");
}

// A passenger re-seated at the desk (after check-in too): the boarding pass printed again carries the new seat.
http::Response PostSeat(const AdminContext& ctx, StaffRequest& r) {
  const auto flight = PathFlight(ctx, r);
  if (!flight) return FlightRefused(ctx, r, flight.error());
  const auto form = *web::ParseForm(r.visit.request);
  const auto locator = core::AsciiUpper(Field(form, "locator"));
  const int segment = static_cast<int>(core::ParseInteger(Field(form, "segment"), 1, booking::kMaxSegments).value_or(0));
  const int passenger = static_cast<int>(core::ParseInteger(Field(form, "passenger"), 1, 99).value_or(0));
  const booking::BookingProof proof{std::nullopt, Field(form, "last_name"), false};
  auto seated = ctx.bookings.ChooseSeats(r.visit.actor, locator, proof, segment, {{passenger, Field(form, "seat")}});
  if (!seated) return FlightRefused(ctx, r, seated.error());
  ctx.staff.RecordAction(r.visit.actor, "departure.seat", "booking " + locator, "",
                         fmt::format(R"({{"flight_id":{},"passenger":{}}})", *flight, passenger));
  return web::SeeOther(FlightPath(r) + "?done=seated");
}

http::Response PostClose(const AdminContext& ctx, StaffRequest& r) {
  const auto flight = PathFlight(ctx, r);
  if (!flight) return FlightRefused(ctx, r, flight.error());
  const auto form = *web::ParseForm(r.visit.request);
  if (Field(form, "confirm") != "yes")
    return FlightRefused(ctx, r, core::MakeError(core::ErrorKind::kInvalid, "CLOSE_NOT_CONFIRMED",
                                                 "tick the box to confirm that boarding is complete", "confirm"));
  auto closing = ctx.departures->Close(r.visit.actor, ctx.Site().airline, *flight);
  if (!closing) return FlightRefused(ctx, r, closing.error());
  ctx.staff.RecordAction(r.visit.actor, "departure.close", "flight " + std::to_string(*flight), "",
                         fmt::format(R"({{"flown":{},"no_shows":{},"coupons_closed":{}}})", closing->flown,
                                     closing->no_shows, closing->coupons_closed));
  return web::SeeOther(FlightPath(r) + "?done=closed");
}

http::Response GetManifest(const AdminContext& ctx, StaffRequest& r, const std::string& kind) {
  auto f = Departure(ctx, r);
  if (!f) return Refused(ctx, r, f.error());
  const auto file = fmt::format("{}-{}{}-{}", kind == "apis" ? "apis" : "manifest", f->flight.airline,
                                f->flight.flight_number, f->flight.departure_date);
  if (kind == "pdf")
    return Download(booking::ManifestPdf(*f, ctx.Site().name, ctx.locales, r.visit.language), "application/pdf",
                    file + ".pdf");
  const auto table = kind == "apis" ? booking::ApisTable(f->Manifest(), f->Gate(), f->flight.departure_date)
                                    : booking::ManifestTable(f->Manifest());
  return Download(reports::ToCsv(table), "text/csv; charset=utf-8", file + ".csv");
}

}  // namespace

void AddDepartureRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/departures", Audience::kStaff, P::kDepartureControl, GetDepartures});
  routes.Add({"GET", "/departures/:flight_id", Audience::kStaff, P::kDepartureControl, GetFlight});
  routes.Add({"POST", "/departures/:flight_id/board", Audience::kStaff, P::kDepartureControl, PostBoard});
  routes.Add({"POST", "/departures/:flight_id/check-in", Audience::kStaff, P::kDepartureControl, PostCheckIn});
  routes.Add({"POST", "/departures/:flight_id/seat", Audience::kStaff, P::kDepartureControl, PostSeat});
  routes.Add({"POST", "/departures/:flight_id/offload", Audience::kStaff, P::kDepartureControl, PostOffload});
  routes.Add({"POST", "/departures/:flight_id/close", Audience::kStaff, P::kDepartureControl, PostClose});
  routes.Add({"GET", "/departures/:flight_id/manifest.pdf", Audience::kStaff, P::kDepartureControl,
              [](const AdminContext& ctx, StaffRequest& r) { return GetManifest(ctx, r, "pdf"); }});
  routes.Add({"GET", "/departures/:flight_id/manifest.csv", Audience::kStaff, P::kDepartureControl,
              [](const AdminContext& ctx, StaffRequest& r) { return GetManifest(ctx, r, "csv"); }});
  routes.Add({"GET", "/departures/:flight_id/apis.csv", Audience::kStaff, P::kDepartureControl,
              [](const AdminContext& ctx, StaffRequest& r) { return GetManifest(ctx, r, "apis"); }});
}

}  // namespace jetway::admin
