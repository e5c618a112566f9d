#include "booking/boarding_pass_pdf.hpp"

#include <fmt/core.h>

#include "barcode/barcode.hpp"
#include "pdf/canvas.hpp"

namespace jetway::booking {

namespace {

constexpr double kMargin = 50, kRight = pdf::kPageWidth - kMargin;
// A PDF417 module 1.2 points wide (0.42 mm, well above the 0.25 mm printers and scanners need), three times as tall.
constexpr double kModule = 1.2;

void Symbol(pdf::Canvas& c, double x, double y, const std::string& text) {
  const auto m = barcode::Encode(barcode::Symbology::kPdf417, text);
  c.Bitmap(x, y, m.width * kModule, m.height * 3 * kModule, m.width, m.dark);
}

// A label above its value, in one column of a row of facts.
void Fact(pdf::Canvas& c, double x, double y, double width, const std::string& label, const std::string& value) {
  c.Put(x, y, width, label, 8);
  c.Put(x, y + 11, width, value.empty() ? "—" : value, 13, true);
}

void Page(pdf::Canvas& c, const BoardingCard& card, const std::string& airline, const web::Locales& locales,
          const web::Language& lang) {
  const auto t = [&](const char* key) { return locales.Text(lang, key); };
  c.Put(kMargin, kMargin, 300, airline, 16, true);
  c.Put(kRight - 200, kMargin + 2, 200, t("bp_title"), 14, true, pdf::Align::kRight);
  c.Rule(kMargin, kRight, kMargin + 26);
  c.Put(kMargin, kMargin + 36, 300, t("bp_passenger"), 8);
  c.Put(kMargin, kMargin + 47, kRight - kMargin, card.name, 14, true);
  if (!card.infant.empty()) c.Put(kMargin, kMargin + 66, kRight - kMargin, card.infant, 10);
  const double route = kMargin + 90;
  const double half = (kRight - kMargin) / 2;
  Fact(c, kMargin, route, half, t("bp_from"), fmt::format("{} ({})", card.origin_city, card.origin));
  Fact(c, kMargin + half, route, half, t("bp_to"), fmt::format("{} ({})", card.destination_city, card.destination));
  const double col = (kRight - kMargin) / 5;
  const double row1 = route + 40;
  Fact(c, kMargin, row1, col, t("bp_flight"), card.flight_number);
  Fact(c, kMargin + col, row1, col, t("bp_date"), card.date);
  Fact(c, kMargin + 2 * col, row1, col, t("bp_departs"), card.departs);
  Fact(c, kMargin + 3 * col, row1, col, t("bp_boarding"), card.boarding);
  Fact(c, kMargin + 4 * col, row1, col, t("bp_gate_closes"), card.gate_closes);
  const double row2 = row1 + 40;
  Fact(c, kMargin, row2, col, t("bp_seat"), card.seat);
  Fact(c, kMargin + col, row2, col, t("bp_sequence"), card.sequence);
  Fact(c, kMargin + 2 * col, row2, col, t("bp_cabin"), card.cabin);
  Fact(c, kMargin + 3 * col, row2, 2 * col, t("bp_reference"), card.locator);
  c.Put(kMargin, row2 + 40, 200, t("summary_eticket"), 8);
  c.Put(kMargin, row2 + 51, 300, card.eticket, 11);
  Symbol(c, kMargin, row2 + 80, card.bcbp);
  c.Paragraph(kMargin, row2 + 230, kRight - kMargin, t("bp_note"), 9);
}

}  // namespace

std::string BoardingPassPdf(const std::vector<BoardingCard>& cards, const std::string& airline_name,
                            const web::Locales& locales, const web::Language& lang) {
  pdf::Canvas canvas(fmt::format("{} {}", airline_name, locales.Text(lang, "bp_title")));
  for (std::size_t i = 0; i < cards.size(); ++i) {
    if (i) canvas.NewPage();
    Page(canvas, cards[i], airline_name, locales, lang);
  }
  return canvas.Finish();
}

}  // namespace jetway::booking
