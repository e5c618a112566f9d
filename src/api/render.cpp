#include "api/render.hpp"

#include <algorithm>
#include <cctype>

#include "booking/docs.hpp"
#include "core/codes.hpp"

namespace jetway::api {

namespace {

std::int64_t Minutes(core::Instant from, core::Instant to) {
  return std::chrono::duration_cast<std::chrono::minutes>(to - from).count();
}

// The segment fields shared by search results and bookings; the caller closes the object.
void WriteSegmentFields(JsonWriter& w, const shopping::SegmentView& s) {
  w.Field("flight_id", s.flight_id)
      .Field("airline", s.airline)
      .Field("flight_number", s.flight_number)
      .Field("origin", s.origin)
      .Field("destination", s.destination)
      .Field("departure_local", s.departure_local)
      .Field("arrival_local", s.arrival_local)
      .Field("departure_utc", core::FormatUtc(s.departure_utc))
      .Field("arrival_utc", core::FormatUtc(s.arrival_utc))
      .Field("duration_minutes", Minutes(s.departure_utc, s.arrival_utc));
}

// The elements of a per_passenger_type array (an offer's price, a booking's breakdown).
void WritePaxTypePrices(JsonWriter& w, const std::vector<pricing::PaxTypePrice>& lines);

// A fare's conditions, as offers and booked segments state them.
void WriteConditions(JsonWriter& w, bool refundable, const std::optional<core::Money>& change_fee, int checked_bags);

}  // namespace

void WriteMoney(JsonWriter& w, const core::Money& money) {
  w.BeginObject().Field("amount", core::FormatAmountText(money).view()).Field("currency", money.currency).EndObject();
}

void WriteJourney(JsonWriter& w, const shopping::Journey& journey) {
  const auto& first = journey.segments.front();
  const auto& last = journey.segments.back();
  w.BeginObject().Key("segments").BeginArray();
  for (const auto& s : journey.segments) {
    w.BeginObject();
    WriteSegmentFields(w, s);
    w.EndObject();
  }
  w.EndArray()
      .Field("stops", static_cast<std::int64_t>(journey.segments.size()) - 1)
      .Field("duration_minutes", Minutes(first.departure_utc, last.arrival_utc))
      .Field("sold_out", journey.offers.empty())
      .Key("offers")
      .BeginArray();
  for (const auto& o : journey.offers) {
    w.BeginObject()
        .Field("booking_class", o.booking_class)
        .Field("cabin", o.cabin)
        .Field("brand", o.brand)
        .Field("seats_available", o.seats_available)
        .Key("price")
        .BeginObject()
        .Key("total");
    WriteMoney(w, o.price.total);
    w.Key("per_passenger_type").BeginArray();
    WritePaxTypePrices(w, o.price.per_pax_type);
    w.EndArray().EndObject();
    w.Key("conditions");
    WriteConditions(w, o.refundable, o.change_fee, o.checked_bags);
    w.EndObject();
  }
  w.EndArray().EndObject();
}

void WriteChangeQuote(JsonWriter& w, const booking::ChangeQuote& q) {
  w.BeginObject().Key("fee");
  WriteMoney(w, q.fee);
  w.Key("collected");
  WriteMoney(w, q.collect);
  w.Key("given_back");
  WriteMoney(w, q.give_back);
  w.Key("forfeited");
  WriteMoney(w, q.forfeited);
  w.EndObject();
}

void WriteScheduleChange(JsonWriter& w, const booking::ScheduleChange& c) {
  std::string outcome(booking::ToString(c.outcome)), kind = c.kind, answer = c.answer;
  for (auto* text : {&outcome, &kind, &answer})
    std::transform(text->begin(), text->end(), text->begin(), [](unsigned char ch) { return std::tolower(ch); });
  w.BeginObject()
      .Field("id", c.id)
      .Field("segment", c.segment)
      .Field("kind", kind)
      .Field("outcome", outcome)
      .Field("flight", c.flight)
      .Field("route", c.route)
      .Field("was_departure_local", c.was_departure)
      .Field("was_arrival_local", c.was_arrival);
  w.Key("now");
  if (c.now_flight.empty())
    w.Null();
  else
    w.BeginObject()
        .Field("flight", c.now_flight)
        .Field("departure_local", c.now_departure)
        .Field("arrival_local", c.now_arrival)
        .EndObject();
  w.Key("reason");
  if (c.reason.empty())
    w.Null();
  else
    w.String(c.reason);
  w.Key("answer");
  if (answer.empty())
    w.Null();
  else
    w.String(answer);
  w.Field("created_at", core::FormatUtc(c.created_at)).EndObject();
}

void WriteBooking(JsonWriter& w, const booking::BookingView& b, std::string_view hold_token) {
  w.BeginObject().Field("locator", b.locator);
  if (!hold_token.empty()) w.Field("hold_token", hold_token);
  w.Field("airline", b.airline)
      .Field("status", booking::ToString(b.status))
      .Field("channel", b.channel)
      .Key("passenger_counts")
      .BeginObject()
      .Field("adults", b.party.adults)
      .Field("children", b.party.children)
      .Field("infants", b.party.infants)
      .EndObject()
      .Key("total");
  WriteMoney(w, b.total);
  w.Key("amount_due");  // what paying a held booking costs: the total and its extras due
  WriteMoney(w, booking::AmountDue(b));
  w.Key("hold_expires_at");
  if (b.hold_expires_at)
    w.String(core::FormatUtc(*b.hold_expires_at));
  else
    w.Null();
  w.Key("contact");
  if (b.contact)
    w.BeginObject().Field("email", b.contact->email).Field("phone", b.contact->phone).EndObject();
  else
    w.Null();
  w.Field("created_at", core::FormatUtc(b.created_at)).Field("updated_at", core::FormatUtc(b.updated_at));
  w.Key("segments").BeginArray();
  for (const auto& s : b.segments) {
    w.BeginObject();
    WriteSegmentFields(w, s.flight);
    w.Field("seq", s.seq).Field("booking_class", s.booking_class).Field("cabin", s.cabin).Field("seats", s.seats);
    if (s.terms) {
      w.Field("brand", s.terms->brand).Key("conditions");
      WriteConditions(w, s.terms->refundable, s.terms->change_fee, s.terms->checked_bags);
    }
    w.EndObject();
  }
  w.EndArray().Key("per_passenger_type").BeginArray();
  WritePaxTypePrices(w, b.price_lines);
  w.EndArray().Key("passengers").BeginArray();
  for (const auto& p : b.passengers) {
    w.BeginObject()
        .Field("pax_type", core::ToString(p.pax_type))
        .Field("title", p.title)
        .Field("first_name", p.first_name)
        .Field("last_name", p.last_name);
    if (p.date_of_birth) w.Field("date_of_birth", core::FormatIsoDate(*p.date_of_birth));
    if (p.infant_of) w.Field("infant_of", *p.infant_of);
    if (!p.nationality.empty()) w.Field("nationality", p.nationality);
    if (p.document) {
      w.Key("document")
          .BeginObject()
          .Field("type", p.document->type)
          .Field("number", p.document->number)
          .Field("issuing_country", p.document->issuing_country);
      if (p.document->expiry) w.Field("expiry", core::FormatIsoDate(*p.document->expiry));
      w.EndObject();
    }
    if (!p.place_of_birth.empty()) w.Field("place_of_birth", p.place_of_birth);
    if (auto docs = booking::DocsElement(p, b.airline)) w.Field("docs", *docs);
    w.EndObject();
  }
  w.EndArray().Key("payments").BeginArray();
  for (const auto& p : b.payments) {
    w.BeginObject().Field("method", p.method).Key("amount");
    WriteMoney(w, p.amount);
    w.Field("status", p.status).Field("reference", p.reference).Field("created_at", core::FormatUtc(p.created_at));
    w.EndObject();
  }
  w.EndArray().Key("history").BeginArray();
  for (const auto& h : b.history)
    w.BeginObject()
        .Field("at", core::FormatUtc(h.at))
        .Field("channel", h.channel)
        .Field("action", h.action)
        .Field("detail", h.detail)
        .EndObject();
  w.EndArray().Key("tickets").BeginArray();
  for (const auto& t : b.tickets) {
    w.BeginObject().Field("number", t.number).Field("passenger", t.passenger);
    w.Key("conjunction_of");
    if (t.conjunction_of.empty())
      w.Null();
    else
      w.String(t.conjunction_of);
    w.Key("fare");
    WriteMoney(w, t.fare);
    w.Key("taxes");
    WriteMoney(w, t.taxes);
    w.Field("issued_at", core::FormatUtc(t.issued_at)).Key("coupons").BeginArray();
    for (const auto& c : t.coupons)
      w.BeginObject()
          .Field("coupon", c.number)
          .Field("segment", c.segment_seq)
          .Field("flight_id", c.flight_id)
          .Field("booking_class", c.booking_class)
          .Field("status", std::string(1, ticketing::Code(c.status)))
          .EndObject();
    w.EndArray().EndObject();
  }
  w.EndArray().Key("seats").BeginArray();
  for (const auto& s : b.seats) {
    w.BeginObject().Field("passenger", s.passenger).Field("segment", s.segment).Key("seat");
    if (s.seat.empty())
      w.Null();
    else
      w.String(s.seat);
    w.Field("checked_in", s.sequence > 0);
    if (s.sequence > 0) w.Field("sequence", s.sequence);
    w.EndObject();
  }
  w.EndArray().Key("emds").BeginArray();
  for (const auto& e : b.emds) {
    w.BeginObject()
        .Field("number", e.number)
        .Field("type", "EMD-A")
        .Field("passenger", e.passenger)
        .Field("segment", e.segment_seq)
        .Field("code", e.code)
        .Field("rfic", std::string(1, e.rfic))
        .Field("rfisc", e.rfisc);
    if (!e.seat.empty()) w.Field("seat", e.seat);
    w.Key("amount");
    WriteMoney(w, e.amount);
    w.Field("status", std::string(1, ticketing::Code(e.status))).Field("issued_at", core::FormatUtc(e.issued_at));
    w.EndObject();
  }
  w.EndArray().Key("extras_due").BeginArray();
  for (const auto& d : b.extras_due) {
    w.BeginObject()
        .Field("passenger", d.extra.passenger)
        .Field("segment", d.extra.segment)
        .Field("code", d.extra.code);
    if (!d.extra.seat.empty()) w.Field("seat", d.extra.seat);
    w.Key("price");
    WriteMoney(w, d.price);
    w.EndObject();
  }
  w.EndArray().Key("ssrs").BeginArray();
  for (const auto& r : b.ssrs)
    w.BeginObject()
        .Field("passenger", r.passenger)
        .Field("segment", r.segment)
        .Field("code", r.code)
        .Field("text", r.text)
        .Field("element", booking::SsrElement(r, b.airline))
        .EndObject();
  w.EndArray().EndObject();
}

void WriteSeatMap(JsonWriter& w, const booking::FlightSeats& seats) {
  w.BeginObject().Field("segment", seats.segment.seq).Field("flight_id", seats.segment.flight.flight_id)
      .Field("flight_number", seats.segment.flight.flight_number).Field("cabin", seats.segment.cabin)
      .Key("rows").BeginArray();
  int row = 0;
  for (const auto& s : seats.map.seats) {
    if (s.row != row) {
      if (row) w.EndArray().EndObject();
      row = s.row;
      w.BeginObject().Field("row", row).Key("seats").BeginArray();
    }
    const auto name = s.Name();
    const auto ours = seats.ours.find(name);
    const char* status = s.blocked                   ? "blocked"
                         : ours != seats.ours.end()  ? "yours"
                         : seats.taken.count(name)   ? "taken"
                                                     : "free";
    w.BeginObject().Field("seat", name).Field("cabin", s.cabin)
        .Field("position", s.position == seating::Position::kWindow  ? "window"
                           : s.position == seating::Position::kAisle ? "aisle"
                                                                     : "middle")
        .Field("exit", s.exit).Field("paid", s.paid).Field("status", status);
    if (ours != seats.ours.end()) w.Field("passenger", ours->second);
    w.EndObject();
  }
  if (row) w.EndArray().EndObject();
  w.EndArray().EndObject();
}

void WriteAirport(JsonWriter& w, const reference::Airport& a) {
  w.BeginObject()
      .Field("code", a.code)
      .Field("icao", a.icao)
      .Field("name", a.name)
      .Field("city", a.city)
      .Field("country", a.country)
      .Field("time_zone", a.time_zone)
      .EndObject();
}

void WriteInventory(JsonWriter& w, const schedule::FlightInventory& inv) {
  const auto& f = inv.flight;
  w.BeginObject()
      .Field("flight_id", f.id)
      .Field("flight_number", core::FlightNumber{f.airline, f.flight_number}.ToString())
      .Field("departure_date", f.departure_date)
      .Field("origin", f.origin)
      .Field("destination", f.destination)
      .Field("departure_utc", core::FormatUtc(f.departure_utc))
      .Field("status", f.status)
      .Key("cabins")
      .BeginArray();
  for (const auto& cabin : inv.cabins) {
    const auto available = inventory::NestedAvailability(cabin);
    int sold = 0, held = 0;
    for (const auto& c : cabin.classes) {
      sold += c.sold;
      held += c.held;
    }
    w.BeginObject()
        .Field("cabin", cabin.cabin)
        .Field("capacity", cabin.capacity)
        .Field("overbooking_pct", cabin.overbooking_pct)
        .Field("limit", cabin.Limit())
        .Field("sold", sold)
        .Field("held", held)
        .Key("classes")
        .BeginArray();
    for (std::size_t i = 0; i < cabin.classes.size(); ++i) {
      const auto& c = cabin.classes[i];
      w.BeginObject()
          .Field("booking_class", c.booking_class)
          .Field("nest_rank", c.nest_rank)
          .Field("authorized", c.authorized)
          .Field("sold", c.sold)
          .Field("held", c.held)
          .Field("closed", c.closed)
          .Field("available", available[i])
          .EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
}

namespace {

void WritePaxTypePrices(JsonWriter& w, const std::vector<pricing::PaxTypePrice>& lines) {
  for (const auto& p : lines) {
    w.BeginObject().Field("pax_type", core::ToString(p.pax_type)).Field("count", p.count).Key("fare");
    WriteMoney(w, p.fare_each);
    w.Key("taxes");
    WriteMoney(w, p.taxes_each);
    w.EndObject();
  }
}

void WriteConditions(JsonWriter& w, bool refundable, const std::optional<core::Money>& change_fee, int checked_bags) {
  w.BeginObject().Field("refundable", refundable).Field("changeable", change_fee.has_value()).Key("change_fee");
  if (change_fee)
    WriteMoney(w, *change_fee);
  else
    w.Null();
  w.Field("checked_bags", checked_bags).EndObject();
}

}  // namespace

}  // namespace jetway::api
