#include "booking/boarding_pass_pdf.hpp"

#include <fmt/core.h>

#include "barcode/barcode.hpp"
#include "pdf/canvas.hpp"

namespace jetway::booking {

namespace {

constexpr double kPassMargin = 50, kPassRight = pdf::kPageWidth - kPassMargin;
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
  c.Put(kPassMargin, kPassMargin, 300, airline, 16, true);
  c.Put(kPassRight - 200, kPassMargin + 2, 200, t("bp_title"), 14, true, pdf::Align::kRight);
  c.Rule(kPassMargin, kPassRight, kPassMargin + 26);
  c.Put(kPassMargin, kPassMargin + 36, 300, t("bp_passenger"), 8);
  c.Put(kPassMargin, kPassMargin + 47, kPassRight - kPassMargin, card.name, 14, true);
  if (!card.infant.empty()) c.Put(kPassMargin, kPassMargin + 66, kPassRight - kPassMargin, card.infant, 10);
  const double route = kPassMargin + 90;
  const double half = (kPassRight - kPassMargin) / 2;
  Fact(c, kPassMargin, route, half, t("bp_from"), fmt::format("{} ({})", card.origin_city, card.origin));
  Fact(c, kPassMargin + half, route, half, t("bp_to"), fmt::format("{} ({})", card.destination_city, card.destination));
  const double col = (kPassRight - kPassMargin) / 5;
  const double row1 = route + 40;
  Fact(c, kPassMargin, row1, col, t("bp_flight"), card.flight_number);
  Fact(c, kPassMargin + col, row1, col, t("bp_date"), card.date);
  Fact(c, kPassMargin + 2 * col, row1, col, t("bp_departs"), card.departs);
  Fact(c, kPassMargin + 3 * col, row1, col, t("bp_boarding"), card.boarding);
  Fact(c, kPassMargin + 4 * col, row1, col, t("bp_gate_closes"), card.gate_closes);
  const double row2 = row1 + 40;
  Fact(c, kPassMargin, row2, col, t("bp_seat"), card.seat);
  Fact(c, kPassMargin + col, row2, col, t("bp_sequence"), card.sequence);
  Fact(c, kPassMargin + 2 * col, row2, col, t("bp_cabin"), card.cabin);
  Fact(c, kPassMargin + 3 * col, row2, 2 * col, t("bp_reference"), card.locator);
  c.Put(kPassMargin, row2 + 40, 200, t("summary_eticket"), 8);
  c.Put(kPassMargin, row2 + 51, 300, card.eticket, 11);
  Symbol(c, kPassMargin, row2 + 80, card.bcbp);
  c.Paragraph(kPassMargin, row2 + 230, kPassRight - kPassMargin, t("bp_note"), 9);
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
