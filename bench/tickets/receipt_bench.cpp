// Receipts and boarding passes per second on one core: a ticketed booking's itinerary receipt
// (booking/receipt_pdf.hpp: two passengers, a return journey, two payments), a checked-in passenger's boarding pass
// (its Res. 792 text, the PDF page with its PDF417 symbol, and the booking site's Aztec SVG), each rendered again and
// again on one thread, beside the reference, the smallest PDF the same canvas makes (one line of text on one page),
// so the figures say what each document itself costs. Prints documents/s, p50 and p99 per document, and sizes.
//
//   receipt_bench [seconds per run (default 3)]   (RECEIPT_BENCH_SAVE=file.pdf also writes one receipt there)
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

#include <unistd.h>

#include "barcode/barcode.hpp"
#include "booking/boarding_card.hpp"
#include "booking/boarding_pass_pdf.hpp"
#include "booking/receipt_pdf.hpp"
#include "build_paths.hpp"
#include "pdf/canvas.hpp"
#include "shopping/availability_service.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"
#include "web/locales.hpp"

using namespace jetway;

namespace {

booking::BookedSegment Segment(const reference::AirportDirectory& airports, int seq, std::int64_t id, int number,
                               const char* from, const char* to, std::int64_t departs) {
  booking::BookedSegment s;
  s.seq = seq;
  s.flight = shopping::MakeSegmentView(airports, id, "X9", number, from, to, core::FromEpoch(departs),
                                       core::FromEpoch(departs + 65 * 60));
  s.booking_class = "M";
  s.cabin = "Y";
  s.seats = 2;
  s.terms = booking::FareTerms{"Classic", false, core::Money{5000, "EUR"}, 1};
  s.price = pricing::SegmentPrice{{20000, "EUR"}, {3000, "EUR"}};
  return s;
}

booking::BookingView Sample(const reference::AirportDirectory& airports) {
  booking::BookingView b;
  b.id = 1;
  b.locator = "K7Q2ZD";
  b.airline = "X9";
  b.status = booking::BookingStatus::kConfirmed;
  b.party = {2, 0, 0};
  b.total = {46000, "EUR"};
  b.price_lines = {{core::PaxType::kAdult, 2, {20000, "EUR"}, {3000, "EUR"}}};
  b.segments = {Segment(airports, 1, 11, 101, "CPH", "HAM", 1'796'860'800),
                Segment(airports, 2, 12, 102, "HAM", "CPH", 1'797'120'000)};
  b.passengers = {{core::PaxType::kAdult, "MS", "IDA", "HANSEN", {}, {}},
                  {core::PaxType::kAdult, "MR", "OLE", "HANSEN", {}, {}}};
  for (int p = 1; p <= 2; ++p) {
    ticketing::Ticket t{fmt::format("919200000000{}", p), p, "", {20000, "EUR"}, {3000, "EUR"},
                        core::FromEpoch(1'795'000'000), {}};
    for (int c = 1; c <= 2; ++c) t.coupons.push_back({c, c, 10 + c, "M", ticketing::CouponStatus::kOpen});
    b.tickets.push_back(t);
  }
  b.payments = {{"test_card", {46000, "EUR"}, "APPROVED", "CARD-4242", core::FromEpoch(1'795'000'000)}};
  b.updated_at = b.created_at = core::FromEpoch(1'795'000'000);
  return b;
}

void Run(const char* name, double seconds, const std::function<std::string()>& make) {
  std::vector<double> ms;
  std::size_t size = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    const auto t0 = std::chrono::steady_clock::now();
    size = make().size();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(ms.begin(), ms.end());
  fmt::print("  {:<28} {:>8.1f} documents/s  p50 {:>6.2f} ms  p99 {:>6.2f} ms  size {:>6} bytes\n", name,
             static_cast<double>(ms.size()) / took, ms[ms.size() / 2], ms[ms.size() * 99 / 100], size);
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  store::TestDatabase database("receipt_bench");
  auto pool = database.Pool(1);
  auto lease = pool->Acquire();
  store::Migrate(*lease, store::DataMigrations());
  const auto csv = std::filesystem::temp_directory_path() / fmt::format("jetway_receipt_bench_{}.csv", getpid());
  std::ofstream(csv) << "iata,icao,name,city,country,tz,lat,lon\n"
                        "CPH,EKCH,Copenhagen Kastrup Airport,Copenhagen,Denmark,Europe/Copenhagen,55.6179,12.656\n"
                        "HAM,EDDH,Hamburg Airport,Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n";
  reference::ImportAirportsCsv(*lease, csv.string());
  std::filesystem::remove(csv);
  const auto airports = reference::AirportDirectory::Load(*lease);
  const auto locales = web::Locales::Load(JETWAY_SOURCE_DIR "/web/locales");
  const auto booking = Sample(airports);
  if (const char* save = std::getenv("RECEIPT_BENCH_SAVE"))  // to look at what is measured
    std::ofstream(save, std::ios::binary) << booking::ReceiptPdf(booking, "Kattegat Air", airports, locales, "en");
  fmt::print("receipt bench: {} s per run, one thread\n", seconds);
  Run("one line on one page (ref.)", seconds, [] {
    pdf::Canvas canvas("reference");
    canvas.Put(50, 50, 400, "Kattegat Air", 16, true);
    return canvas.Finish();
  });
  Run("itinerary receipt", seconds,
      [&] { return booking::ReceiptPdf(booking, "Kattegat Air", airports, locales, "en"); });
  // One passenger checked in on the first flight, seat 12A, sequence 7.
  auto checked = booking;
  checked.seats = {{1, 1, "12A", 7, core::FromEpoch(1'796'850'000)}};
  const auto passes = booking::BoardingPassesOf(checked, 1, airports);
  const auto cards = booking::BoardingCardsOf(checked, passes, airports, locales, locales.Base());
  if (const char* save = std::getenv("BOARDING_BENCH_SAVE"))
    std::ofstream(save, std::ios::binary) << booking::BoardingPassPdf(cards, "Kattegat Air", locales, locales.Base());
  Run("boarding pass text (BCBP)", seconds, [&] { return booking::BoardingPassesOf(checked, 1, airports)[0].bcbp; });
  Run("boarding pass PDF (PDF417)", seconds,
      [&] { return booking::BoardingPassPdf(cards, "Kattegat Air", locales, locales.Base()); });
  Run("boarding pass page symbol", seconds, [&] {
    return barcode::Svg(barcode::Encode(barcode::Symbology::kAztec, cards[0].bcbp), barcode::Symbology::kAztec, 4, 4);
  });
  return 0;
}
