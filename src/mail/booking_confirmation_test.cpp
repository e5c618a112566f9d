// The confirmation e-mail rendered with the real templates and texts (web/): the locator, the itinerary in local
// times and the passengers in both parts, the passenger's language with English as the fallback, and HTML escaping.
#include "mail/booking_confirmation.hpp"

#include <gtest/gtest.h>

namespace jetway::mail {

namespace {

booking::BookingView Booking() {
  booking::BookingView b;
  b.locator = "ABC234";
  b.airline = "X9";
  b.status = booking::BookingStatus::kConfirmed;
  b.total = core::Money{45080, "EUR"};
  b.contact = booking::Contact{"ida@example.dk", "+4532313231"};
  // Times as shopping::SegmentView carries them: airport-local with the offset.
  shopping::SegmentView out{7,  "X9", "X9101", "CPH", "HAM", core::FromEpoch(0), core::FromEpoch(0),
                            "2026-12-01T09:05:00+01:00", "2026-12-01T10:10:00+01:00"};
  shopping::SegmentView late{8,  "X9", "X9731", "HAM", "RIX", core::FromEpoch(0), core::FromEpoch(0),
                             "2026-12-05T22:40:00+01:00", "2026-12-06T01:35:00+02:00"};
  b.segments = {{1, out, "M", "Y", 2}, {2, late, "M", "Y", 2}};
  b.passengers = {{core::PaxType::kAdult, "MS", "IDA", "HANSEN", {}, {}},
                  {core::PaxType::kChild, "MSTR", "OLE", "O'BRIEN", {}, {}}};
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
  const auto mail = ComposeBookingConfirmation(Booking(), "Kattegat Air", airports_, templates_, locales_, "en");
  EXPECT_EQ(mail.subject, "Kattegat Air: your booking ABC234 is confirmed");
  EXPECT_EQ(mail.from_name, "Kattegat Air");
  for (const std::string* part : {&mail.text, &mail.html}) {
    for (const char* expected : {"ABC234", "Kattegat Air", "X9101", "X9731", "CPH", "HAM", "RIX", "2026-12-01", "09:05",
                                 "10:10", "22:40", "01:35 (2026-12-06)", "IDA", "HANSEN", "OLE", "450.80 EUR",
                                 "Your flights", "Passengers", "last name of any passenger"})
      EXPECT_NE(part->find(expected), std::string::npos) << expected << " missing in\n" << *part;
  }
  EXPECT_NE(mail.text.find("O'BRIEN"), std::string::npos);  // plain text is not HTML-escaped
  EXPECT_EQ(mail.text.find('<'), std::string::npos) << mail.text;
  EXPECT_NE(mail.html.find("O&apos;BRIEN"), std::string::npos) << mail.html;
  EXPECT_NE(mail.html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(mail.text.find("(child)"), std::string::npos);
}

TEST_F(BookingConfirmationTest, HtmlIsEscaped) {
  auto booking = Booking();
  booking.passengers[0].last_name = "<script>alert(1)</script>";
  const auto mail = ComposeBookingConfirmation(booking, "Kattegat & <Air>", airports_, templates_, locales_, "en");
  EXPECT_EQ(mail.html.find("<script>"), std::string::npos);
  EXPECT_NE(mail.html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(mail.html.find("Kattegat &amp; &lt;Air&gt;"), std::string::npos);
  EXPECT_NE(mail.text.find("Kattegat & <Air>"), std::string::npos);
}

TEST_F(BookingConfirmationTest, DanishAndFallbackToEnglish) {
  const auto da = ComposeBookingConfirmation(Booking(), "Kattegat Air", airports_, templates_, locales_, "da");
  EXPECT_EQ(da.subject, "Kattegat Air: din booking ABC234 er bekræftet");
  EXPECT_NE(da.text.find("Passagerer"), std::string::npos);
  EXPECT_NE(da.text.find("(barn)"), std::string::npos);
  EXPECT_NE(da.html.find("Dine fly"), std::string::npos);
  EXPECT_NE(da.html.find("<html lang=\"da\">"), std::string::npos);
  const auto unknown = ComposeBookingConfirmation(Booking(), "Kattegat Air", airports_, templates_, locales_, "xx");
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

}  // namespace jetway::mail
