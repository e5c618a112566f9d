// How pages write counts, dates and prices in each language, with the project's own texts (web/locales).
#include "web/format.hpp"

#include <gtest/gtest.h>

#include "build_paths.hpp"

namespace jetway::web {
namespace {

class FormatTest : public ::testing::Test {
 protected:
  Locales locales_ = Locales::Load(JETWAY_SOURCE_DIR "/web/locales");
  const Language& en_ = *locales_.Find("en");
  const Language& da_ = *locales_.Find("da");
};

TEST_F(FormatTest, CountsTakeTheLanguagesPluralFormNeverAParenthesis) {
  EXPECT_EQ(Plural(locales_, en_, "pax_adults", 1), "1 adult");
  EXPECT_EQ(Plural(locales_, en_, "pax_adults", 2), "2 adults");
  EXPECT_EQ(Plural(locales_, en_, "pax_children", 3), "3 children");
  EXPECT_EQ(Plural(locales_, en_, "results_bags", 0), "0 checked bags");
  EXPECT_EQ(Plural(locales_, en_, "results_seats_left", 1), "1 seat left");
  EXPECT_EQ(Plural(locales_, da_, "pax_adults", 1), "1 voksen");
  EXPECT_EQ(Plural(locales_, da_, "pax_adults", 4), "4 voksne");
  EXPECT_EQ(Plural(locales_, da_, "pax_infants", 2), "2 spædbørn");
  EXPECT_EQ(PluralCategory("da", 1), "one");
  EXPECT_EQ(PluralCategory("en", 0), "other");
  EXPECT_EQ(PluralCategory("xx", 21), "other");
  // No text anywhere in either language says "(s)" or "/": each count has its two forms.
  for (const auto& language : locales_.languages())
    for (const auto& [key, text] : language.texts)
      EXPECT_EQ(text.find("(s)"), std::string::npos) << language.code << " " << key << ": " << text;
}

TEST_F(FormatTest, APluralTextMissingInALanguageFallsBackToEnglish) {
  const auto locales = Locales::FromJson({{"en", R"({"language_name":"English","x.one":"{n} x","x.other":"{n} xs"})"},
                                          {"da", R"({"language_name":"Dansk"})"}});
  EXPECT_EQ(Plural(locales, *locales.Find("da"), "x", 2), "2 xs");
}

TEST_F(FormatTest, DatesReadAsPeopleWriteThem) {
  const auto new_years_eve = *core::ParseIsoDate("2026-12-31");
  EXPECT_EQ(FormatDate(locales_, en_, new_years_eve), "Thu 31 Dec 2026");
  EXPECT_EQ(FormatDate(locales_, da_, new_years_eve), "tors. 31. dec. 2026");
  EXPECT_EQ(FormatDate(locales_, en_, *core::ParseIsoDate("2027-01-04")), "Mon 4 Jan 2027");
  EXPECT_EQ(FormatDate(locales_, da_, *core::ParseIsoDate("2026-05-03")), "søn. 3. maj 2026");
  EXPECT_EQ(FormatLocalDay(locales_, en_, "2026-12-01T09:05:00+01:00"), "Tue 1 Dec 2026");
  EXPECT_EQ(FormatLocalDay(locales_, en_, "garbage"), "garbage");
}

TEST_F(FormatTest, PricesGroupDigitsTheLanguagesWay) {
  EXPECT_EQ(FormatPrice({129000, "EUR"}, en_), "EUR 1,290.00");
  EXPECT_EQ(FormatPrice({129000, "DKK"}, da_), "1.290,00 DKK");
  EXPECT_EQ(FormatPrice({-5050, "EUR"}, en_), "EUR -50.50");
}

}  // namespace
}  // namespace jetway::web
