#include "booking/manifest_pdf.hpp"

#include <fmt/core.h>

#include "core/time.hpp"
#include "pdf/canvas.hpp"

namespace jetway::booking {

namespace {

constexpr double kManifestMargin = 40, kManifestRow = 13, kManifestRight = pdf::kPageWidth - kManifestMargin;
constexpr double kManifestBottom = pdf::kPageHeight - kManifestMargin;

struct Column {
  const char* key;
  double x;
  double width;
};
constexpr Column kColumns[] = {{"dcs_name", 0, 170},    {"dcs_type", 172, 30}, {"dcs_booking", 204, 52},
                               {"bp_seat", 258, 34},     {"bp_sequence", 294, 30}, {"dcs_status", 326, 78},
                               {"summary_eticket", 406, 84}, {"dcs_bags", 492, 24}};

void Header(pdf::Canvas& c, double y, const web::Locales& locales, const web::Language& lang) {
  for (const auto& col : kColumns) c.Put(kManifestMargin + col.x, y, col.width, locales.Text(lang, col.key), 8, true);
  c.Rule(kManifestMargin, kManifestRight, y + kManifestRow);
}

}  // namespace

std::string ManifestPdf(const FlightDeparture& f, const std::string& airline_name, const web::Locales& locales,
                        const web::Language& lang) {
  const auto t = [&](const char* key) { return locales.Text(lang, key); };
  const auto title = fmt::format("{} {}{} {}", t("dcs_manifest"), f.flight.airline, f.flight.flight_number,
                                 f.flight.departure_date);
  pdf::Canvas c(fmt::format("{} {}", airline_name, title));
  c.Put(kManifestMargin, kManifestMargin, 300, airline_name, 14, true);
  c.Put(kManifestMargin, kManifestMargin + 20, kManifestRight - kManifestMargin, title, 12, true);
  c.Put(kManifestMargin, kManifestMargin + 38, kManifestRight - kManifestMargin,
        fmt::format("{}-{} · {} {} · {}", f.flight.origin, f.flight.destination, t("bp_departs"),
                    core::LocalClockOf(f.departure_local), f.closed ? t("dcs_closed") : t("dcs_open")),
        10);
  c.Put(kManifestMargin, kManifestMargin + 54, kManifestRight - kManifestMargin,
        fmt::format("{} {} · {} {} · {} {} · {} {}", t("dcs_booked"), f.passengers.size(), t("dcs_boarded"),
                    f.Count("BOARDED") + f.Count("FLOWN"), t("dcs_checked_in"), f.Count("CHECKED_IN"),
                    t("dcs_no_shows"), f.Count("NO_SHOW")),
        10);
  double y = kManifestMargin + 80;
  Header(c, y, locales, lang);
  y += kManifestRow + 4;
  for (const auto& p : f.passengers) {
    if (y + kManifestRow > kManifestBottom) {
      c.NewPage();
      y = kManifestMargin;
      Header(c, y, locales, lang);
      y += kManifestRow + 4;
    }
    const auto& d = p.details;
    std::string requests;
    for (const auto& code : p.ssrs) requests += " " + code;
    const std::string cells[] = {fmt::format("{}/{} {}{}{}", d.last_name, d.first_name, d.title,
                                             p.infant_of.empty() ? "" : " (" + p.infant_of + ")", requests),
                                 std::string(core::ToString(d.pax_type)), p.locator, p.seat,
                                 p.sequence ? fmt::format("{:03d}", p.sequence) : "",
                                 t(("dcs_status_" + p.Status()).c_str()), p.ticket, std::to_string(p.bags)};
    for (std::size_t i = 0; i < std::size(kColumns); ++i)
      c.Put(kManifestMargin + kColumns[i].x, y, kColumns[i].width, cells[i], 8);
    y += kManifestRow;
  }
  return c.Finish();
}

}  // namespace jetway::booking
