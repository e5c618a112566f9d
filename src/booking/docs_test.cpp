#include "booking/docs.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

core::LocalDate DocsDay(const char* iso) { return *core::ParseIsoDate(iso); }

TEST(Docs, TheReferenceExampleFieldByField) {
  Passenger amina{core::PaxType::kAdult, "MS", "AMINA", "SALIM", DocsDay("1988-02-11"), std::nullopt};
  amina.nationality = "TZ";
  amina.document = TravelDocument{"P", "AB1234567", "TZ", DocsDay("2031-05-20")};
  EXPECT_EQ(DocsElement(amina, "XX"), "SSR DOCS XX HK1/P/TZA/AB1234567/TZA/11FEB88/F/20MAY31/SALIM/AMINA");
}

TEST(Docs, MissingPartsStayEmptyAndInfantsAreMarked) {
  Passenger ella{core::PaxType::kInfant, "MISS", "ELLA MARIE", "HANSEN", DocsDay("2026-01-03"), 1};
  EXPECT_EQ(DocsElement(ella, "X9"), "SSR DOCS X9 HK1/////03JAN26/FI//HANSEN/ELLA/MARIE");
  ella.nationality = "DK";
  ella.document = TravelDocument{"I", "DK998877", "DK", std::nullopt};
  EXPECT_EQ(DocsElement(ella, "X9"), "SSR DOCS X9 HK1/I/DNK/DK998877/DNK/03JAN26/FI//HANSEN/ELLA/MARIE");
  Passenger unknown{core::PaxType::kAdult, "DR", "IDA", "HANSEN", std::nullopt, std::nullopt};
  EXPECT_EQ(DocsElement(unknown, "X9"), std::nullopt) << "nothing a border asks for";
  unknown.document = TravelDocument{"P", "X1", "ZZ", DocsDay("2030-12-31")};
  EXPECT_EQ(DocsElement(unknown, "X9"), "SSR DOCS X9 HK1/P/ZZ/X1////31DEC30/HANSEN/IDA")
      << "an unknown country kept as given; no gender from DR";
}

TEST(Docs, GenderFromTheTitle) {
  for (const char* t : {"MR", "MSTR"}) EXPECT_EQ(GenderOf({core::PaxType::kAdult, t, "A", "B", {}, {}}), "M") << t;
  for (const char* t : {"MRS", "MS", "MISS"}) EXPECT_EQ(GenderOf({core::PaxType::kAdult, t, "A", "B", {}, {}}), "F");
  EXPECT_EQ(GenderOf({core::PaxType::kAdult, "DR", "A", "B", {}, {}}), "");
  EXPECT_EQ(DocsDate(DocsDay("2000-10-09")), "09OCT00");
}

}  // namespace
}  // namespace jetway::booking
