#include "booking/receipt_pdf.hpp"

#include <fmt/core.h>

#include "booking/confirmation_mail.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "pdf/canvas.hpp"
#include "ticketing/ticket.hpp"
#include "web/format.hpp"

namespace jetway::booking {

namespace {

using pdf::Align;

constexpr double kMargin = 50, kRow = 14, kRight = pdf::kPageWidth - kMargin;
constexpr double kBottom = pdf::kPageHeight - kMargin;

// Where the next line goes: a new page when this one is full.
class Cursor {
 public:
  explicit Cursor(pdf::Canvas& canvas) : canvas_(canvas) {}
  double At(double height = kRow) {
    if (y_ + height > kBottom) {
      canvas_.NewPage();
      y_ = kMargin;
    }
    const double at = y_;
    y_ += height;
    return at;
  }
  void Skip(double points) { y_ += points; }
  double y() const { return y_; }
  void Set(double y) { y_ = y; }

 private:
  pdf::Canvas& canvas_;
  double y_ = kMargin;
};

struct Texts {
  const web::Locales& locales;
  const web::Language& lang;
  std::string operator()(const char* key) const { return locales.Text(lang, key); }
};

void Heading(pdf::Canvas& c, Cursor& at, const std::string& text) {
  at.Skip(8);
  const double y = at.At(kRow + 4);
  c.Put(kMargin, y, kRight - kMargin, text, 11, true);
  c.Rule(kMargin, kRight, y + kRow + 1);
}

void Letterhead(pdf::Canvas& c, Cursor& at, const BookingView& b, const std::string& airline, const Texts& t) {
  c.Put(kMargin, kMargin, 300, airline, 16, true);
  c.Put(kMargin, kMargin + 24, 300, t("receipt_title"), 13);
  const double x = kRight - 220;
  const auto issued = b.tickets.empty() ? b.updated_at : b.tickets.front().issued_at;
  const std::pair<std::string, std::string> facts[] = {{t("receipt_reference"), b.locator},
                                                       {t("receipt_issued"), core::FormatUtc(issued).substr(0, 10)},
                                                       {t("receipt_status"), std::string(ToString(b.status))}};
  double y = kMargin + 2;
  for (const auto& [label, value] : facts) {
    c.Put(x, y, 110, label, 9);
    c.Put(x + 110, y, 110, value, 10, true, Align::kRight);
    y += kRow;
  }
  at.Set(kMargin + 56);
}

void Passengers(pdf::Canvas& c, Cursor& at, const BookingView& b, const Texts& t) {
  Heading(c, at, t("receipt_passengers"));
  int n = 0;
  for (const auto& p : b.passengers) {
    const double y = at.At();
    c.Put(kMargin, y, 260, fmt::format("{} {} {} ({})", p.title, p.first_name, p.last_name,
                                       t(("pax_type_" + std::string(core::ToString(p.pax_type))).c_str())), 10);
    if (const auto* ticket = ticketing::CurrentTicket(b.tickets, ++n))
      c.Put(kMargin + 270, y, kRight - kMargin - 270,
            fmt::format("{} {}", t("summary_eticket"), ticketing::DisplayNumber(ticket->number)), 10, false,
            Align::kRight);
  }
}

void Flights(pdf::Canvas& c, Cursor& at, const BookingView& b, const reference::AirportDirectory& airports,
             const Texts& t) {
  Heading(c, at, t("receipt_flights"));
  for (const auto& s : b.segments) {
    const auto& f = s.flight;
    double y = at.At();
    c.Put(kMargin, y, 48, f.flight_number, 9, true);  // "X9101"
    c.Put(kMargin + 50, y, 112, web::FormatLocalDay(t.locales, t.lang, f.departure_local), 9);
    c.Put(kMargin + 164, y, 160,
          fmt::format("{} {} ({})", core::LocalClockOf(f.departure_local), airports.CityOf(f.origin), f.origin), 9);
    c.Put(kMargin + 326, y, kRight - kMargin - 326,
          fmt::format("{} {} ({})", core::LocalClockOf(f.arrival_local), airports.CityOf(f.destination),
                      f.destination),
          9);
    y = at.At();
    const auto terms = s.terms ? TermsLine(*s.terms, t.locales, t.lang) : std::string();
    c.Put(kMargin + 50, y, kRight - kMargin - 50,
          fmt::format("{} {} / {}{}{}", t("receipt_class"), s.booking_class, s.cabin, terms.empty() ? "" : " · ",
                      terms),
          8);
  }
}

std::string Price(const core::Money& money) { return fmt::format("{} {}", core::FormatAmount(money), money.currency); }

void Prices(pdf::Canvas& c, Cursor& at, const BookingView& b, const Texts& t) {
  Heading(c, at, t("summary_breakdown"));
  double y = at.At();
  const double fare_x = kMargin + 200, taxes_x = kMargin + 300, sum_x = kMargin + 400, w = 95;
  c.Put(kMargin, y, 190, t("summary_passengers"), 9, true);
  c.Put(fare_x, y, w, t("summary_fare"), 9, true, Align::kRight);
  c.Put(taxes_x, y, w, t("summary_taxes"), 9, true, Align::kRight);
  c.Put(sum_x, y, w, t("summary_subtotal"), 9, true, Align::kRight);
  for (const auto& line : b.price_lines) {
    y = at.At();
    c.Put(kMargin, y, 190,
          fmt::format("{} × {}", line.count, t(("pax_type_" + std::string(core::ToString(line.pax_type))).c_str())),
          10);
    c.Put(fare_x, y, w, Price(line.fare_each), 10, false, Align::kRight);
    c.Put(taxes_x, y, w, Price(line.taxes_each), 10, false, Align::kRight);
    c.Put(sum_x, y, w,
          Price({(line.fare_each.minor + line.taxes_each.minor) * line.count, line.fare_each.currency}), 10, false,
          Align::kRight);
  }
  y = at.At(kRow + 6);
  c.Rule(fare_x, kRight, y + 2);
  c.Put(kMargin, y + 5, 190, t("summary_total"), 11, true);
  c.Put(sum_x - 100, y + 5, w + 100, Price(b.total), 11, true, Align::kRight);
}

void Payments(pdf::Canvas& c, Cursor& at, const BookingView& b, const Texts& t) {
  Heading(c, at, t("receipt_payments"));
  for (const auto& p : b.payments) {
    if (p.status != "APPROVED") continue;
    const double y = at.At();
    c.Put(kMargin, y, 110, core::FormatUtc(p.created_at).substr(0, 10), 10);
    c.Put(kMargin + 112, y, 150, p.method, 10);
    c.Put(kMargin + 264, y, 130, p.reference, 10);
    c.Put(kMargin + 396, y, 99, Price(p.amount), 10, false, Align::kRight);
  }
}

// The extras bought, each its EMD: number, passenger, what, price, status.
void Extras(pdf::Canvas& c, Cursor& at, const BookingView& b, const Texts& t) {
  if (b.emds.empty()) return;
  Heading(c, at, t("extras_title"));
  for (const auto& e : b.emds) {
    const auto& p = b.passengers[static_cast<std::size_t>(e.passenger - 1)];
    const double y = at.At();
    c.Put(kMargin, y, 150, fmt::format("{} {}", t("extras_emd"), ticketing::DisplayNumber(e.number)), 10);
    c.Put(kMargin + 152, y, 150, fmt::format("{} {}", p.first_name, p.last_name), 10);
    c.Put(kMargin + 304, y, 120,
          fmt::format("{}{} ({})", t(("extras_kind_" + e.code).c_str()), e.seat.empty() ? "" : " " + e.seat,
                      e.segment_seq),
          10);
    c.Put(kMargin + 396, y, 99, fmt::format("{} {}", Price(e.amount), ticketing::Code(e.status)), 10, false,
          Align::kRight);
  }
}

}  // namespace

std::string ReceiptPdf(const BookingView& booking, const std::string& airline_name,
                       const reference::AirportDirectory& airports, const web::Locales& locales,
                       std::string_view language) {
  const web::Language* lang = locales.Find(language);
  if (!lang) lang = &locales.Base();
  const Texts t{locales, *lang};
  pdf::Canvas canvas(fmt::format("{} {} {}", airline_name, t("receipt_title"), booking.locator));
  Cursor at(canvas);
  Letterhead(canvas, at, booking, airline_name, t);
  Passengers(canvas, at, booking, t);
  Flights(canvas, at, booking, airports, t);
  Prices(canvas, at, booking, t);
  Extras(canvas, at, booking, t);
  Payments(canvas, at, booking, t);
  return canvas.Finish();
}

}  // namespace jetway::booking
