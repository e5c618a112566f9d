// The confirmation e-mail rendered with the real templates and texts (web/): the locator, the itinerary in local
// times and the passengers in both parts, the passenger's language with English as the fallback, and HTML escaping.
#include "booking/boarding_pass_mail.hpp"
#include "booking/confirmation_mail.hpp"
#include "booking/receipt_pdf.hpp"
#include "pdf/pdf_text.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "barcode/barcode.hpp"
#include "build_paths.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"
#include "ticketing/bcbp.hpp"

namespace jetway::booking {

namespace {

booking::BookingView Booking() {
  booking::BookingView b;
  b.locator = "ABC234";
  b.airline = "X9";
  b.status = booking::BookingStatus::kConfirmed;
  b.total = core::Money{45080, "EUR"};
  b.contact = booking::Contact{"ida@example.dk", "+4532313231"};
  // Times as shopping::SegmentView carries them: airport-local with the offset.
  shopping::SegmentView out{7,
                            "X9",
                            "X9101",
                            "CPH",
                            "HAM",
                            core::FromEpoch(0),
                            core::FromEpoch(0),
                            "2026-12-01T09:05:00+01:00",
                            "2026-12-01T10:10:00+01:00"};
  shopping::SegmentView late{8,
                             "X9",
                             "X9731",
                             "HAM",
                             "RIX",
                             core::FromEpoch(0),
                             core::FromEpoch(0),
                             "2026-12-05T22:40:00+01:00",
                             "2026-12-06T01:35:00+02:00"};
  b.segments = {{1, out, "M", "Y", 2, booking::FareTerms{"Classic", false, core::Money{5000, "EUR"}, 1}, std::nullopt},
                {2, late, "M", "Y", 2, std::nullopt, std::nullopt}};
  b.passengers = {{core::PaxType::kAdult, "MS", "IDA", "HANSEN", {}, {}},
                  {core::PaxType::kChild, "MSTR", "OLE", "O'BRIEN", {}, {}}};
  b.price_lines = {{core::PaxType::kAdult, 1, core::Money{20000, "EUR"}, core::Money{5040, "EUR"}},
                   {core::PaxType::kChild, 1, core::Money{15000, "EUR"}, core::Money{5040, "EUR"}}};
  return b;
}

class BookingConfirmationTest : public ::testing::Test {
 protected:
  web::Templates templates_ = web::Templates::Load(JETWAY_SOURCE_DIR "/web/templates");
  web::Locales locales_ = web::Locales::Load(JETWAY_SOURCE_DIR "/web/locales");
  reference::AirportDirectory airports_;  // empty: cities fall back to the codes
};

}  // namespace

TEST_F(BookingConfirmationTest, BothPartsCarryLocatorItineraryAndPassengers) {
  const auto mail = ComposeConfirmationMail(Booking(), "Kattegat Air", airports_, templates_, locales_, "en");
  EXPECT_EQ(mail.subject, "Kattegat Air: your booking ABC234 is confirmed");
  EXPECT_EQ(mail.from_name, "Kattegat Air");
  for (const std::string* part : {&mail.text, &mail.html}) {
    for (const char* expected : {"ABC234", "Kattegat Air", "X9101", "X9731", "CPH", "HAM", "RIX", "Tue 1 Dec 2026", "09:05",
                                 "10:10", "22:40", "01:35 (Sun 6 Dec 2026)", "IDA", "HANSEN", "OLE", "450.80 EUR",
                                 "Your flights", "Passengers", "last name of any passenger"})
      EXPECT_NE(part->find(expected), std::string::npos) << expected << " missing in\n" << *part;
  }
  EXPECT_NE(mail.text.find("O'BRIEN"), std::string::npos);  // plain text is not HTML-escaped
  EXPECT_EQ(mail.text.find('<'), std::string::npos) << mail.text;
  EXPECT_NE(mail.html.find("O&apos;BRIEN"), std::string::npos) << mail.html;
  EXPECT_NE(mail.html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(mail.text.find("(child)"), std::string::npos);
  // What was bought: the price per passenger type and the first segment's fare terms (the second has none kept).
  for (const std::string* part : {&mail.text, &mail.html})
    for (const char* expected : {"Price breakdown", "1 × adult: Fare each 200.00 EUR + Taxes each 50.40 EUR",
                                 "Classic · 1 checked bag · changes for 50.00 EUR · not refundable"})
      EXPECT_NE(part->find(expected), std::string::npos) << expected << " missing in\n" << *part;
}

TEST_F(BookingConfirmationTest, HtmlIsEscaped) {
  auto booking = Booking();
  booking.passengers[0].last_name = "<script>alert(1)</script>";
  const auto mail = ComposeConfirmationMail(booking, "Kattegat & <Air>", airports_, templates_, locales_, "en");
  EXPECT_EQ(mail.html.find("<script>"), std::string::npos);
  EXPECT_NE(mail.html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(mail.html.find("Kattegat &amp; &lt;Air&gt;"), std::string::npos);
  EXPECT_NE(mail.text.find("Kattegat & <Air>"), std::string::npos);
}

TEST_F(BookingConfirmationTest, DanishAndFallbackToEnglish) {
  const auto da = ComposeConfirmationMail(Booking(), "Kattegat Air", airports_, templates_, locales_, "da");
  EXPECT_EQ(da.subject, "Kattegat Air: din booking ABC234 er bekræftet");
  EXPECT_NE(da.text.find("Passagerer"), std::string::npos);
  EXPECT_NE(da.text.find("(barn)"), std::string::npos);
  EXPECT_NE(da.html.find("Dine fly"), std::string::npos);
  EXPECT_NE(da.html.find("<html lang=\"da\">"), std::string::npos);
  const auto unknown = ComposeConfirmationMail(Booking(), "Kattegat Air", airports_, templates_, locales_, "xx");
  EXPECT_EQ(unknown.subject, "Kattegat Air: your booking ABC234 is confirmed");
}

TEST_F(BookingConfirmationTest, EveryMailTextIsTranslatedToDanish) {
  const auto* en = locales_.Find("en");
  const auto* da = locales_.Find("da");
  ASSERT_TRUE(en && da);
  int keys = 0;
  for (const auto& [key, text] : en->texts) {
    if (!key.starts_with("mail_")) continue;
    ++keys;
    EXPECT_NE(da->texts.at(key), text) << key << " is still English in da.json";
  }
  EXPECT_GE(keys, 15);
}

namespace {

// A booking made through the booking service on a real database, composed the way the sender does it.
class ConfirmationSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<store::TestDatabase>("mailsource");
    pool_ = database_->Pool(4);
    auto lease = pool_->Acquire();
    auto& db = *lease;
    store::Migrate(db, store::DataMigrations());
    const auto csv = std::filesystem::temp_directory_path() / fmt::format("jetway_mail_airports_{}.csv", getpid());
    std::ofstream(csv) << "iata,icao,name,city,country,tz,lat,lon\n"
                          "CPH,EKCH,Copenhagen Kastrup Airport,Copenhagen,Denmark,Europe/Copenhagen,55.6179,12.656\n"
                          "HAM,EDDH,Hamburg Airport,Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n";
    store::Transaction tx(db);
    reference::ImportAirportsCsv(db, csv.string());
    std::filesystem::remove(csv);
    ASSERT_TRUE(reference::UpsertAirline(db, {"X9", "Kattegat Air", "919", "EUR", {}, {}}));
    auto config = reference::UpsertCabinConfig(db, "X9", "TNY", "Test", {{"Y", 10, 0}});
    ASSERT_TRUE(config);
    ASSERT_TRUE(reference::UpsertBookingClasses(db, "X9", {{"M", "Y", 1, 100}}));
    for (auto type : {core::PaxType::kAdult, core::PaxType::kChild, core::PaxType::kInfant})
      ASSERT_TRUE(pricing::FileFare(
          db, {"X9", "CPH", "HAM", true, pricing::Fare{"M", type, "Classic", core::Money{10000, "EUR"}, false, {}, 1},
               *core::ParseIsoDate("2026-01-01"), *core::ParseIsoDate("2027-12-31")}));
    airports_ = reference::AirportDirectory::Load(db);
    const auto day = *core::ParseIsoDate("2026-12-01");
    ASSERT_TRUE(schedule::AddSchedule(
        db, airports_, {"X9", 101, "CPH", "HAM", 9 * 60 + 5, 10 * 60 + 10, 0, "1234567", day, day, *config}));
    tx.Commit();
    flight_id_ = schedule::ListFlights(db, "X9").front().id;
    bookings_ = std::make_unique<booking::BookingService>(*pool_, airports_, clock_, random_, gateway_,
                                                          std::chrono::minutes{20});
    source_ = std::make_unique<ConfirmationMailSource>(*bookings_, *pool_, airports_, templates_, locales_);
  }

  std::string Book() {
    booking::HoldRequest hold;
    hold.segments = {{flight_id_, "M"}};
    hold.party = {1, 0, 0};
    auto held = bookings_->Hold(core::Actor::Passenger(core::Channel::kWeb, ""), hold);
    EXPECT_TRUE(held);
    booking::ConfirmRequest confirm;
    confirm.passengers = {{core::PaxType::kAdult, "MS", "Ida", "Hansen", {}, {}}};
    confirm.contact = {"ida@example.dk", "+4532313231"};
    confirm.language = "da";
    confirm.hold_token = held->hold_token;
    const core::Actor cashier{core::Channel::kOffice, "clerk", "", {core::Permission::kPaymentsCash}};
    EXPECT_TRUE(bookings_->Confirm(cashier, held->booking.locator, confirm));
    return held->booking.locator;
  }

  mail::Claimed Claim(const std::string& locator) {
    mail::Claimed c;
    c.id = 1;
    c.kind = kConfirmationMail;
    c.reference = locator;
    c.recipient = "ida@example.dk";
    c.language = "da";
    return c;
  }

  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};
  core::SystemRandom random_;
  booking::TestCardGateway gateway_;
  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
  reference::AirportDirectory airports_;
  web::Templates templates_ = web::Templates::Load(JETWAY_SOURCE_DIR "/web/templates");
  web::Locales locales_ = web::Locales::Load(JETWAY_SOURCE_DIR "/web/locales");
  std::unique_ptr<booking::BookingService> bookings_;
  std::unique_ptr<ConfirmationMailSource> source_;
  std::int64_t flight_id_ = 0;
};

}  // namespace

TEST_F(ConfirmationSourceTest, ComposesTheStoredBookingInLocalTimes) {
  const auto locator = Book();
  auto mail = source_->Compose(Claim(locator));
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_EQ(mail->subject, fmt::format("Kattegat Air: din booking {} er bekræftet", locator));
  for (const std::string* part : {&mail->text, &mail->html})
    for (const char* expected :
         {"X9101", "Copenhagen (CPH)", "Hamburg (HAM)", "tirs. 1. dec. 2026", "09:05", "10:10", "MS IDA HANSEN", "100.00 EUR",
          "e-billet 919-2000000001 6"})  // the e-ticket paid for, with its check digit
      EXPECT_NE(part->find(expected), std::string::npos) << expected << " missing in\n" << *part;
}

TEST_F(ConfirmationSourceTest, TheConfirmationOfATicketedBookingCarriesItsReceipt) {
  const auto locator = Book();
  auto mail = source_->Compose(Claim(locator));
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->attachments.size(), 1U);
  const auto& receipt = mail->attachments[0];
  EXPECT_EQ(receipt.filename, "receipt-" + locator + ".pdf");
  EXPECT_EQ(receipt.content_type, "application/pdf");
  EXPECT_NE(pdf::PdfText(receipt.bytes).find("e-billet 919-2000000001 6"), std::string::npos);  // in Danish, as the mail
}

TEST_F(ConfirmationSourceTest, TheReceiptPdfHasTheTicketsFlightsPricesAndPayment) {
  const auto locator = Book();
  const auto booking = bookings_->Find(locator);
  ASSERT_TRUE(booking);
  ASSERT_EQ(booking->tickets.size(), 1U);
  const auto pdf = ReceiptPdf(*booking, "Kattegat Air", airports_, locales_, "en");
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0U);
  const auto text = pdf::PdfText(pdf);
  for (const std::string& expected :
       {std::string("Kattegat Air"), std::string("Itinerary receipt"), locator, std::string("MS IDA HANSEN (Adult)"),
        std::string("e-ticket 919-2000000001 6"), std::string("\nX9101 Tue 1 Dec 2026"), std::string("09:05 Copenhagen (CPH)"),
        std::string("10:10 Hamburg (HAM)"), std::string("Classic"), std::string("1 × Adult"),
        std::string("100.00 EUR"), std::string("Total"), std::string("cash")})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " missing in\n" << text;
  const auto danish = pdf::PdfText(ReceiptPdf(*booking, "Kattegat Air", airports_, locales_, "da"));
  EXPECT_NE(danish.find("Rejseplan og kvittering"), std::string::npos) << danish;
  EXPECT_NE(danish.find("e-billet 919-2000000001 6"), std::string::npos) << danish;
  // Extras bought later print with their EMDs.
  auto with_extras = *booking;
  ticketing::Emd bag;
  bag.number = "9192000000002";
  bag.passenger = 1;
  bag.segment_seq = 1;
  bag.code = "BAG";
  bag.amount = {3500, "EUR"};
  with_extras.emds.push_back(bag);
  const auto extras = pdf::PdfText(ReceiptPdf(with_extras, "Kattegat Air", airports_, locales_, "en"));
  EXPECT_NE(extras.find("EMD 919-2000000002 0"), std::string::npos) << extras;
  EXPECT_NE(extras.find("Checked bag"), std::string::npos) << extras;
  EXPECT_NE(extras.find("35.00 EUR"), std::string::npos) << extras;
}

TEST_F(ConfirmationSourceTest, ACancelledOrUnknownBookingIsNotMailed) {
  const auto locator = Book();
  ASSERT_TRUE(bookings_->Cancel(core::Actor::Passenger(core::Channel::kApi, ""), locator, {std::nullopt, "hansen", false}));
  auto cancelled = source_->Compose(Claim(locator));
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, "BOOKING_NOT_CONFIRMED");
  EXPECT_EQ(source_->Compose(Claim("ZZZZZZ")).error().code, "BOOKING_NOT_FOUND");
}

}  // namespace jetway::booking

namespace jetway::booking {

// Web check-in's e-mail: the passes in the message and as a PDF whose PDF417 symbol reads back, from a rendering of
// its page, as the very text the check-in gave (what a gate's scanner does with the printout).
TEST_F(ConfirmationSourceTest, TheBoardingPassMailCarriesAPdfWhoseBarcodeAGateReads) {
  const auto locator = Book();
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_passengers SET document_type = 'P', document_number = 'X1234567', "
                   "document_country = 'DK', document_expiry = '2030-01-01'").Exec();
  }
  const auto departure = bookings_->Find(locator)->segments[0].flight.departure_utc;
  clock_.Advance(std::chrono::duration_cast<std::chrono::seconds>(departure - std::chrono::hours(3) - clock_.Now()));
  BoardingPassMailSource source(*bookings_, *pool_, airports_, templates_, locales_);
  auto claim = Claim(locator);
  claim.kind = kBoardingPassMail;
  claim.payload = "1";
  EXPECT_EQ(source.Compose(claim).error().code, "NOT_CHECKED_IN");
  const BookingProof by_name{std::nullopt, "Hansen", false};
  auto checked = bookings_->CheckIn(core::Actor::Passenger(core::Channel::kWeb, "10.1.1.1"), locator, by_name, 1);
  ASSERT_TRUE(checked) << checked.error().message;
  ASSERT_EQ(checked->passes.size(), 1U);
  auto mail = source.Compose(claim);
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_EQ(mail->subject, "Kattegat Air: boardingkort til fly X9101 den tirs. 1. dec. 2026");
  for (const std::string* part : {&mail->text, &mail->html})
    for (const char* expected : {"MS IDA HANSEN", "X9101", "Copenhagen (CPH)", "09:05", "08:35", "08:50", "001",
                                 "919-2000000001 6", locator.c_str()})
      EXPECT_NE(part->find(expected), std::string::npos) << expected << " missing in\n" << *part;
  ASSERT_EQ(mail->attachments.size(), 1U);
  const auto& pdf = mail->attachments[0];
  EXPECT_EQ(pdf.filename, fmt::format("boarding-pass-{}-1.pdf", locator));
  const auto text = pdf::PdfText(pdf.bytes);
  for (const char* expected : {"Boardingkort", "MS IDA HANSEN", "X9101", "Hamburg (HAM)", "08:35", "08:50"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " missing in\n" << text;
  const auto page = pdf::RenderPage(pdf.bytes, 1, 150);
  const auto read = barcode::Read({page.width, page.height, page.pixels});
  ASSERT_TRUE(read) << "no barcode read from the rendered pass";
  EXPECT_EQ(*read, checked->passes[0].bcbp);
  EXPECT_EQ(ticketing::DecodeBcbp(*read)->name, "HANSEN/IDA");
}

}  // namespace jetway::booking
