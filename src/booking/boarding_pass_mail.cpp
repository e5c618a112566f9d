#include "booking/boarding_pass_mail.hpp"

#include <fmt/core.h>

#include "booking/boarding_card.hpp"
#include "booking/boarding_pass_pdf.hpp"
#include "core/text.hpp"
#include "web/format.hpp"

namespace jetway::booking {

namespace {

using web::Text;

web::View CardView(const BoardingCard& c) {
  web::View v;
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"name", &c.name}, {"infant", &c.infant},
        {"flight_number", &c.flight_number}, {"date", &c.date}, {"departs", &c.departs}, {"boarding", &c.boarding},
        {"gate_closes", &c.gate_closes}, {"origin", &c.origin}, {"origin_city", &c.origin_city},
        {"destination", &c.destination}, {"destination_city", &c.destination_city}, {"seat", &c.seat},
        {"sequence", &c.sequence}, {"eticket", &c.eticket}})
    if (!value->empty()) v[key] = Text(*value);
  return v;
}

}  // namespace

core::Result<mail::Composed> BoardingPassMailSource::Compose(const mail::Claimed& message) {
  auto booking = bookings_.Find(message.reference);
  if (!booking)
    return core::Fail(core::ErrorKind::kNotFound, "BOOKING_NOT_FOUND",
                      fmt::format("booking {} does not exist", message.reference));
  const int segment = static_cast<int>(core::ParseInteger(message.payload.value_or(""), 1, kMaxSegments).value_or(0));
  const auto passes = BoardingPassesOf(*booking, segment, airports_);
  if (passes.empty())
    return core::Fail(core::ErrorKind::kConflict, "NOT_CHECKED_IN",
                      fmt::format("no one of booking {} is checked in on flight {}", message.reference, segment));
  std::string airline_name = booking->airline;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    if (auto airline = reference::FindAirline(*lease, booking->airline)) airline_name = airline->name;
  }
  const web::Language* lang = locales_.Find(message.language);
  if (!lang) lang = &locales_.Base();
  const auto cards = BoardingCardsOf(*booking, passes, airports_, locales_, *lang);
  web::View view;
  view["airline_name"] = Text(airline_name);
  view["locator"] = Text(booking->locator);
  web::ViewList list;
  for (const auto& c : cards) list.push_back(CardView(c));
  view["cards"] = web::List(std::move(list));
  mail::Composed out;
  out.subject = locales_.Text(*lang, "mail_bp_subject");
  for (const auto& [token, value] : {std::pair<std::string_view, std::string>{"{airline}", airline_name},
                                     {"{flight}", cards.front().flight_number}, {"{date}", cards.front().date}})
    out.subject = web::ReplaceAll(std::move(out.subject), token, value);
  out.text = templates_.Render("mail/boarding_pass.txt", view, &lang->view);
  out.html = templates_.Render("mail/boarding_pass.html", view, &lang->view);
  out.from_name = airline_name;
  out.attachments.push_back({fmt::format("boarding-pass-{}-{}.pdf", booking->locator, segment), "application/pdf",
                             BoardingPassPdf(cards, airline_name, locales_, *lang)});
  return out;
}

}  // namespace jetway::booking
