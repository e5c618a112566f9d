#include "booking/schedule_change_mail.hpp"

#include <fmt/core.h>

#include "booking/schedule_change_service.hpp"
#include "web/format.hpp"

namespace jetway::booking {

using web::Text;

web::View ScheduleChangeView(const ScheduleChange& c) {
  web::View v;
  v["id"] = Text(std::to_string(c.id));
  v["segment"] = Text(std::to_string(c.segment));
  v["flight"] = Text(c.flight);
  v["route"] = Text(c.route);
  v["was_departure"] = Text(c.was_departure);
  v["was_arrival"] = Text(c.was_arrival);
  v["now_flight"] = Text(c.now_flight);
  v["now_departure"] = Text(c.now_departure);
  v["now_arrival"] = Text(c.now_arrival);
  v["reason"] = Text(c.reason);
  v["retimed"] = web::Flag(c.outcome == ScheduleChangeOutcome::kStays);
  v["moved"] = web::Flag(c.outcome == ScheduleChangeOutcome::kMoved);
  v["unplaced"] = web::Flag(c.outcome == ScheduleChangeOutcome::kUnplaced);
  v["open"] = web::Flag(c.answer.empty());
  v["accepted"] = web::Flag(c.answer == "ACCEPTED");
  v["refunded"] = web::Flag(c.answer == "REFUNDED");
  return v;
}

core::Result<mail::Composed> ScheduleChangeMailSource::Compose(const mail::Claimed& message) {
  auto booking = bookings_.Find(message.reference);
  if (!booking)
    return core::Fail(core::ErrorKind::kNotFound, "BOOKING_NOT_FOUND",
                      fmt::format("booking {} does not exist", message.reference));
  std::vector<ScheduleChange> open;
  std::string airline_name = booking->airline;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    if (auto airline = reference::FindAirline(*lease, booking->airline)) airline_name = airline->name;
    for (auto& c : LoadScheduleChanges(*lease, airports_, booking->id))
      if (c.answer.empty()) open.push_back(std::move(c));
  }
  if (open.empty())
    return core::Fail(core::ErrorKind::kConflict, "NOTHING_TO_TELL",
                      fmt::format("booking {} has no schedule change left unanswered", message.reference));
  const web::Language* lang = locales_.Find(message.language);
  if (!lang) lang = &locales_.Base();
  web::View view;
  view["airline_name"] = Text(airline_name);
  view["locator"] = Text(booking->locator);
  web::ViewList list;
  for (const auto& c : open) list.push_back(ScheduleChangeView(c));
  view["changes"] = web::List(std::move(list));
  mail::Composed out;
  out.subject = web::ReplaceAll(web::ReplaceAll(locales_.Text(*lang, "mail_sc_subject"), "{airline}", airline_name),
                                "{locator}", booking->locator);
  out.text = templates_.Render("mail/schedule_change.txt", view, &lang->view);
  out.html = templates_.Render("mail/schedule_change.html", view, &lang->view);
  out.from_name = airline_name;
  return out;
}

}  // namespace jetway::booking
