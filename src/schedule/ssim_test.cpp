#include "schedule/ssim.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace jetway::schedule::ssim {
namespace {

core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }

// A 200-character record with `fields` at their 1-based columns.
std::string Record(const std::map<int, std::string>& fields) {
  std::string r(200, ' ');
  for (const auto& [col, text] : fields) r.replace(static_cast<std::size_t>(col - 1), text.size(), text);
  return r;
}

// The reference's example (iata.md §6): carrier XX, local times, ZNZ→DAR on Monday, Wednesday, Friday and Sunday.
std::string Example() {
  return Record({{1, "1AIRLINE STANDARD SCHEDULE DATA SET"}, {41, "1"}, {192, "001"}, {195, "000001"}}) + "\n" +
         Record({{1, "2LXX"}, {11, "S26"}, {15, "29MAR2624OCT2615JAN26EXAMPLE AIR SUMMER 2026"}, {65, "15JAN26C"},
                 {195, "000002"}}) + "\n" +
         Record({{1, "3 XX  3010101J29MAR2624OCT261 3 5 7 ZNZ08000800+0300  DAR08250825+0300  DH4Y"},
                 {173, "Y78"}, {195, "000003"}}) + "\n" +
         Record({{1, "5 XX 15JAN26"}, {188, "000003E000004"}}) + "\n";
}

// The fields of a parse's problems, each with its record's number (none when it parsed).
std::map<std::string, int> ProblemFields(const std::variant<DataSet, std::vector<Problem>>& read) {
  std::map<std::string, int> fields;
  if (const auto* problems = std::get_if<std::vector<Problem>>(&read))
    for (const auto& p : *problems) fields[p.field] = p.line;
  return fields;
}

TEST(Ssim, ReadsTheReferenceExample) {
  auto read = Parse(Example());
  ASSERT_TRUE(std::holds_alternative<DataSet>(read)) << std::get<std::vector<Problem>>(read).front().field;
  const auto& set = std::get<DataSet>(read);
  ASSERT_EQ(set.carriers.size(), 1U);
  const auto& c = set.carriers[0];
  EXPECT_EQ((std::tuple{c.time_mode, c.airline, c.season, c.title, c.status}),
            (std::tuple{'L', std::string("XX"), std::string("S26"), std::string("EXAMPLE AIR SUMMER 2026"), 'C'}));
  EXPECT_EQ(c.valid_from, D("2026-03-29"));
  EXPECT_EQ(c.valid_to, D("2026-10-24"));
  ASSERT_EQ(set.legs.size(), 1U);
  const auto& l = set.legs[0];
  EXPECT_EQ(l.airline, "XX");
  EXPECT_EQ(l.flight_number, 301);
  EXPECT_EQ((std::tuple{l.variation, l.leg_sequence, l.service_type}), (std::tuple{1, 1, 'J'}));
  EXPECT_EQ(l.days, "1.3.5.7");
  EXPECT_EQ((std::tuple{l.origin, l.departure_minutes, l.departure_offset}), (std::tuple{std::string("ZNZ"), 480, 180}));
  EXPECT_EQ((std::tuple{l.destination, l.arrival_minutes, l.arrival_offset}), (std::tuple{std::string("DAR"), 505, 180}));
  EXPECT_EQ((std::tuple{l.aircraft_type, l.booking_classes, l.configuration}),
            (std::tuple{std::string("DH4"), std::string("Y"), std::string("Y78")}));
  EXPECT_EQ(l.line, 3);
}

// The example with a segment data record (type 4) after its leg, renumbered: `segment` gives the record's fields.
std::string WithSegment(const std::map<int, std::string>& segment) {
  auto fields = segment;
  fields[195] = "000004";
  auto text = Example();
  const auto trailer = text.find("5 XX");
  text.insert(trailer, Record(fields) + "\n");
  text.replace(text.find("000003E000004"), 13, "000004E000005");
  return text;
}

const std::map<int, std::string> kSegment{{1, "4 XX  3010101J"}, {29, "AB010ZNZDAR"}, {40, "EXAMPLE AIR"}};

TEST(Ssim, ASegmentRecordAfterItsLegIsCountedAndNotKept) {
  auto read = Parse(WithSegment(kSegment));
  ASSERT_TRUE(std::holds_alternative<DataSet>(read)) << std::get<std::vector<Problem>>(read).front().field;
  const auto& set = std::get<DataSet>(read);
  EXPECT_EQ(set.segment_records, 1);
  ASSERT_EQ(set.legs.size(), 1U);
  // Written back without it: jetway holds no segment data.
  EXPECT_EQ(Write(set), Write(std::get<DataSet>(Parse(Example()))));
}

TEST(Ssim, ASegmentRecordOutOfPlaceOrMalformedIsReportedWithItsField) {
  const auto fields_of = [](std::map<int, std::string> changed) {
    auto segment = kSegment;
    for (auto& [col, text] : changed) segment[col] = text;
    return ProblemFields(Parse(WithSegment(segment)));
  };
  EXPECT_EQ(fields_of({{1, "4 XX  3020101J"}}), (std::map<std::string, int>{{"flight designator (3-11)", 4}}));
  EXPECT_EQ(fields_of({{1, "4 XX  3010201J"}}), (std::map<std::string, int>{{"flight designator (3-11)", 4}}));
  EXPECT_EQ(fields_of({{29, "AB0X0ZNZDAR"}}), (std::map<std::string, int>{{"data element identifier (31-33)", 4}}));
  EXPECT_EQ(fields_of({{29, "AB010Z1ZDAR"}}), (std::map<std::string, int>{{"board point (34-36)", 4}}));
  EXPECT_EQ(fields_of({{29, "AB010ZNZ   "}}), (std::map<std::string, int>{{"off point (37-39)", 4}}));
}

TEST(Ssim, ASegmentRecordBeforeAnyLegOfItsCarrierIsReported) {
  auto text = Example();
  const auto leg_at = text.find("3 XX");
  // The leg record turned into a segment record: no leg before it.
  text.replace(leg_at, 200, Record({{1, "4 XX  3010101J"}, {29, "AB010ZNZDAR"}, {195, "000003"}}));
  auto read = Parse(text);
  ASSERT_TRUE(std::holds_alternative<std::vector<Problem>>(read));
  auto fields = ProblemFields(read);
  EXPECT_EQ(fields.count("flight designator (3-11)"), 1U);
  EXPECT_EQ(fields["flight designator (3-11)"], 3);
}

TEST(Ssim, WritesWhatItReadsTheSameWithFillersAndWithoutLineBreaks) {
  const auto set = std::get<DataSet>(Parse(Example()));
  const auto written = Write(set);
  EXPECT_EQ(written.size() % (5 * 201), 0U) << "blocks of five 200-character records";
  EXPECT_NE(written.find(std::string(200, '0')), std::string::npos) << "filler records";
  EXPECT_EQ(Write(std::get<DataSet>(Parse(written))), written);
  std::string run_together;
  for (std::size_t at = 0; at < written.size(); at += 201) run_together += written.substr(at, 200);
  EXPECT_EQ(Write(std::get<DataSet>(Parse(run_together))), written);
  // The carrier starts the second block; the trailer checks the serial before it.
  EXPECT_EQ(written.substr(5 * 201, 4), "2LXX");
  EXPECT_EQ(written.substr(7 * 201 + 187, 13), "000003E000004");
}

TEST(Ssim, EveryBadRecordIsReportedWithItsLineAndField) {
  auto text = Example();
  const auto leg_at = text.find("3 XX");
  text.replace(leg_at + 28, 7, "1 3 9 7");  // days of operation
  text.replace(leg_at + 39, 4, "2575");     // passenger STD
  text.replace(leg_at + 47, 5, "+3X00");    // variation
  text.replace(leg_at + 172, 3, "Y7 ");     // still a configuration
  text.replace(leg_at + 194, 6, "000009");  // serial
  auto read = Parse(text);
  ASSERT_TRUE(std::holds_alternative<std::vector<Problem>>(read));
  auto fields = ProblemFields(read);
  EXPECT_EQ(fields.count("days of operation (29-35)"), 1U);
  EXPECT_EQ(fields.count("passenger STD (40-43)"), 1U);
  EXPECT_EQ(fields.count("UTC/local time variation (48-52)"), 1U);
  EXPECT_EQ(fields.count("record serial number (195-200)"), 1U);
  EXPECT_EQ(fields["days of operation (29-35)"], 3);
  EXPECT_EQ(fields.count("aircraft configuration/version (173-192)"), 0U);
}

TEST(Ssim, StructuralProblems) {
  const auto problems = [](const std::string& text) {
    auto read = Parse(text);
    return std::holds_alternative<std::vector<Problem>>(read) ? std::get<std::vector<Problem>>(read)
                                                              : std::vector<Problem>{};
  };
  EXPECT_EQ(problems("").at(0).field, "record type (1)") << "no header";
  EXPECT_EQ(problems(std::string(150, ' ') + "\n" + Example() + "\r\n\n").size(), 0U) << "a blank line is no record";
  EXPECT_EQ(problems(std::string(250, 'x') + "\n").at(0).message, "250 characters, not 200");
  EXPECT_EQ(problems(std::string(199, '1')).at(0).message, "199 characters, not 200");
  const auto no_carrier = Record({{1, "1AIRLINE STANDARD SCHEDULE DATA SET"}, {195, "000001"}}) + "\n" +
                          Record({{1, "3 XX  3010101J29MAR2624OCT261 3 5 7 ZNZ08000800+0300  DAR08250825+0300  DH4Y"},
                                  {173, "Y78"}, {195, "000002"}});
  EXPECT_EQ(problems(no_carrier).at(0).message, "a flight leg before any carrier record");
  const auto unknown = Record({{1, "1AIRLINE STANDARD SCHEDULE DATA SET"}, {195, "000001"}}) + "\n" +
                       Record({{1, "7"}, {195, "000002"}});
  EXPECT_EQ(problems(unknown).at(0).line, 2);
}

TEST(Ssim, DatesAndSeasons) {
  EXPECT_EQ(FormatDate(D("2026-03-29")), "29MAR26");
  EXPECT_EQ(ParseDate("05NOV27"), D("2027-11-05"));
  for (const char* bad : {"31FEB26", "5NOV27 ", "05NOV2", "05XYZ27", "       "}) EXPECT_EQ(ParseDate(bad), std::nullopt);
  EXPECT_EQ(SeasonOf(D("2026-03-28")), "W25");
  EXPECT_EQ(SeasonOf(D("2026-03-29")), "S26");  // the last Sunday of March
  EXPECT_EQ(SeasonOf(D("2026-10-24")), "S26");
  EXPECT_EQ(SeasonOf(D("2026-10-25")), "W26");  // the last Sunday of October
  EXPECT_EQ(FormatVariation(-210), "-0330");
  EXPECT_EQ(FormatClock(1439), "2359");
}

}  // namespace
}  // namespace jetway::schedule::ssim
