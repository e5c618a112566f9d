#include "booking/ssr.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

std::string Code(const Ssr& r, core::PaxType type = core::PaxType::kAdult, const std::vector<Ssr>& existing = {}) {
  auto ok = CheckSsr(r, type, existing);
  return ok ? "OK" : ok.error().code;
}

TEST(Ssr, TheReferencesCodesWithWhatEachNeeds) {
  EXPECT_GE(SsrCodes().size(), 25U);
  for (const char* code : {"WCHR", "WCHS", "WCHC", "VGML", "BLND", "DEAF", "MEDA", "UMNR", "PETC", "OTHS"})
    EXPECT_NE(FindSsr(code), nullptr) << code;
  EXPECT_EQ(FindSsr("wchr"), nullptr);
  EXPECT_EQ(FindSsr("DOCS"), nullptr) << "travel documents are the passenger's data, not a request";
  EXPECT_EQ(FindSsr("WCHS")->group, SsrGroup::kWheelchair);
  EXPECT_TRUE(FindSsr("OTHS")->needs_text);
}

TEST(Ssr, EachRuleOfARequest) {
  EXPECT_EQ(Code({1, 1, "WCHR", ""}), "OK");
  EXPECT_EQ(Code({1, 1, "XXXX", ""}), "UNKNOWN_SSR");
  EXPECT_EQ(Code({1, 1, "OTHS", "  "}), "SSR_TEXT_REQUIRED");
  EXPECT_EQ(Code({1, 1, "OTHS", "QUIET SEAT PLEASE"}), "OK");
  EXPECT_EQ(Code({1, 1, "OTHS", std::string(71, 'A')}), "INVALID_SSR_TEXT");
  EXPECT_EQ(Code({1, 1, "OTHS", "A/B"}), "INVALID_SSR_TEXT") << "'/' separates an element's fields";
  EXPECT_EQ(Code({1, 1, "OTHS", "line\nbreak"}), "INVALID_SSR_TEXT");
  EXPECT_EQ(Code({1, 1, "BBML", ""}), "SSR_NOT_FOR_PASSENGER");
  EXPECT_EQ(Code({3, 1, "BBML", ""}, core::PaxType::kInfant), "OK");
  EXPECT_EQ(Code({3, 1, "VGML", ""}, core::PaxType::kInfant), "SSR_NOT_FOR_PASSENGER");
  EXPECT_EQ(Code({3, 1, "WCHC", ""}, core::PaxType::kInfant), "SSR_NOT_FOR_PASSENGER");
  const std::vector<Ssr> asked{{1, 1, "VGML", ""}, {1, 1, "WCHR", ""}};
  EXPECT_EQ(Code({1, 1, "VGML", ""}, core::PaxType::kAdult, asked), "SSR_ALREADY_REQUESTED");
  EXPECT_EQ(Code({1, 1, "KSML", ""}, core::PaxType::kAdult, asked), "SSR_CONFLICT");
  EXPECT_EQ(Code({1, 1, "WCHS", ""}, core::PaxType::kAdult, asked), "SSR_CONFLICT");
  EXPECT_EQ(Code({1, 2, "KSML", ""}, core::PaxType::kAdult, asked), "OK") << "another flight";
  EXPECT_EQ(Code({2, 1, "KSML", ""}, core::PaxType::kAdult, asked), "OK") << "another passenger";
  EXPECT_EQ(Code({1, 1, "BLND", ""}, core::PaxType::kAdult, asked), "OK") << "assistance beside a wheelchair";
}

TEST(Ssr, TheElementAsReservationSystemsWriteIt) {
  EXPECT_EQ(SsrElement({2, 1, "VGML", ""}, "X9"), "SSR VGML X9 HK1 /P2");
  EXPECT_EQ(SsrElement({1, 1, "OTHS", " quiet seat "}, "X9"), "SSR OTHS X9 HK1 QUIET SEAT /P1");
}

}  // namespace
}  // namespace jetway::booking
