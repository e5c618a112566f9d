#include "booking/confirmation_mail.hpp"

#include <fmt/core.h>

#include "booking/receipt_pdf.hpp"
#include "core/codes.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "ticketing/ticket.hpp"
#include "web/format.hpp"

namespace jetway::booking {

namespace {

using web::Text;

}  // namespace

std::string TermsLine(const FareTerms& terms, const web::Locales& locales, const web::Language& lang) {
  return fmt::format("{} · {} · {} · {}", terms.brand, web::Plural(locales, lang, "results_bags", terms.checked_bags),
                     terms.change_fee ? fmt::format("{} {} {}", locales.Text(lang, "results_changes_fee"),
                                                    core::FormatAmount(*terms.change_fee), terms.change_fee->currency)
                                      : locales.Text(lang, "results_no_changes"),
                     locales.Text(lang, terms.refundable ? "results_refundable" : "results_not_refundable"));
}

mail::Composed ComposeConfirmationMail(const booking::BookingView& booking, const std::string& airline_name,
                                    const reference::AirportDirectory& airports, const web::Templates& templates,
                                    const web::Locales& locales, std::string_view language) {
  const web::Language* lang = locales.Find(language);
  if (!lang) lang = &locales.Base();
  web::View view;
  view["airline_name"] = Text(airline_name);
  view["locator"] = Text(booking.locator);
  web::ViewList segments;
  for (const auto& s : booking.segments) {
    web::View seg;
    seg["flight_number"] = Text(s.flight.flight_number);
    seg["origin"] = Text(s.flight.origin);
    seg["origin_city"] = Text(airports.CityOf(s.flight.origin));
    seg["destination"] = Text(s.flight.destination);
    seg["destination_city"] = Text(airports.CityOf(s.flight.destination));
    seg["departure_date"] = Text(web::FormatLocalDay(locales, *lang, s.flight.departure_local));
    seg["departure_time"] = Text(core::LocalClockOf(s.flight.departure_local));
    // The arrival's date only when it differs (an overnight flight).
    const bool overnight = core::LocalDayOf(s.flight.arrival_local) != core::LocalDayOf(s.flight.departure_local);
    seg["arrival_time"] =
        Text(core::LocalClockOf(s.flight.arrival_local) +
             (overnight ? " (" + web::FormatLocalDay(locales, *lang, s.flight.arrival_local) + ")" : ""));
    seg["cabin"] = Text(s.cabin);
    seg["booking_class"] = Text(s.booking_class);
    if (s.terms) seg["terms"] = Text(TermsLine(*s.terms, locales, *lang));
    segments.push_back(std::move(seg));
  }
  view["segments"] = web::List(std::move(segments));
  web::ViewList passengers;
  int n = 0;
  for (const auto& p : booking.passengers) {
    web::View pax;
    if (const auto* ticket = ticketing::CurrentTicket(booking.tickets, ++n))
      pax["eticket"] = Text(ticketing::DisplayNumber(ticket->number));
    pax["title"] = Text(p.title);
    pax["first_name"] = Text(p.first_name);
    pax["last_name"] = Text(p.last_name);
    pax["type"] = Text(locales.Text(*lang, fmt::format("mail_pax_{}", core::ToString(p.pax_type))));
    passengers.push_back(std::move(pax));
  }
  view["passengers"] = web::List(std::move(passengers));
  view["total"] = Text(fmt::format("{} {}", core::FormatAmount(booking.total), booking.total.currency));
  web::ViewList lines;
  for (const auto& line : booking.price_lines) {
    web::View row;
    row["line"] = Text(fmt::format("{} × {}: {} {} {} + {} {} {}", line.count,
                                   locales.Text(*lang, fmt::format("mail_pax_{}", core::ToString(line.pax_type))),
                                   locales.Text(*lang, "summary_fare"), core::FormatAmount(line.fare_each),
                                   line.fare_each.currency, locales.Text(*lang, "summary_taxes"),
                                   core::FormatAmount(line.taxes_each), line.taxes_each.currency));
    lines.push_back(std::move(row));
  }
  view["has_price_lines"] = web::Flag(!lines.empty());
  view["price_lines"] = web::List(std::move(lines));
  if (booking.contact) view["contact_email"] = Text(booking.contact->email);

  mail::Composed out;
  out.subject = web::ReplaceAll(locales.Text(*lang, "mail_subject"), "{locator}", booking.locator);
  out.subject = web::ReplaceAll(std::move(out.subject), "{airline}", airline_name);
  out.text = templates.Render("mail/booking_confirmation.txt", view, &lang->view);
  out.html = templates.Render("mail/booking_confirmation.html", view, &lang->view);
  out.from_name = airline_name;
  return out;
}

core::Result<mail::Composed> ConfirmationMailSource::Compose(const mail::Claimed& message) {
  auto booking = bookings_.Find(message.reference);
  if (!booking)
    return core::Fail(core::ErrorKind::kNotFound, "BOOKING_NOT_FOUND",
                      fmt::format("booking {} does not exist", message.reference));
  if (booking->status != booking::BookingStatus::kConfirmed)
    return core::Fail(core::ErrorKind::kConflict, "BOOKING_NOT_CONFIRMED",
                      fmt::format("booking {} is {}; its confirmation is not sent", message.reference,
                                  booking::ToString(booking->status)));
  std::string airline_name = booking->airline;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    if (auto airline = reference::FindAirline(*lease, booking->airline)) airline_name = airline->name;
  }
  auto composed = ComposeConfirmationMail(*booking, airline_name, airports_, templates_, locales_, message.language);
  // A ticketed booking's receipt goes with it, in the e-mail's language.
  if (!booking->tickets.empty())
    composed.attachments.push_back({fmt::format("receipt-{}.pdf", booking->locator), "application/pdf",
                                    ReceiptPdf(*booking, airline_name, airports_, locales_, message.language)});
  return composed;
}

}  // namespace jetway::booking
