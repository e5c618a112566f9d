#include <gtest/gtest.h>

#include <regex>

#include "reports/sales.hpp"
#include "reports/svg_chart.hpp"
#include "reports/table.hpp"

namespace jetway::reports {

namespace {
core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }
SaleShare Share(const char* day, std::int64_t booking, const char* channel, const char* route, const char* brand,
                std::int64_t minor, const char* currency = "EUR") {
  const std::string r = route;
  return SaleShare{D(day), booking, channel, r.substr(0, 3), r.substr(4, 3), brand, core::Money{minor, currency}};
}
}  // namespace

TEST(Sales, SharesAddUpToThePaymentExactly) {
  const auto shares = Shares(core::Money{10001, "EUR"}, 3);
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_EQ(shares[0].minor, 3334);
  EXPECT_EQ(shares[1].minor, 3334);
  EXPECT_EQ(shares[2].minor, 3333);
  const auto refund = Shares(core::Money{-5, "EUR"}, 2);
  EXPECT_EQ(refund[0].minor + refund[1].minor, -5);
  EXPECT_EQ(Shares(core::Money{700, "DKK"}, 1).front(), (core::Money{700, "DKK"}));
}

TEST(Sales, TotalsByKeyKeepCurrenciesApartAndCountEachBookingOnce) {
  const std::vector<SaleShare> shares{
      Share("2026-12-01", 1, "web", "CPH-HAM", "Classic", 5000), Share("2026-12-01", 1, "web", "HAM-CPH", "Classic", 5000),
      Share("2026-12-01", 2, "office", "CPH-HAM", "Flex", 20000),
      Share("2026-12-02", 3, "web", "CPH-HAM", "Classic", 40000, "DKK")};
  const auto by_day = ByDay(shares);
  ASSERT_EQ(by_day.size(), 2u);
  EXPECT_EQ(by_day[0].key, "2026-12-01");
  EXPECT_EQ(by_day[0].bookings, 2);
  EXPECT_EQ(by_day[0].amount, 30000);
  EXPECT_EQ(by_day[1].currency, "DKK");
  const auto by_route = ByRoute(shares);
  ASSERT_EQ(by_route.size(), 3u);  // CPH-HAM in DKK, CPH-HAM in EUR, HAM-CPH in EUR
  EXPECT_EQ(by_route[0].key, "CPH-HAM");
  EXPECT_EQ(by_route[0].currency, "DKK");
  EXPECT_EQ(by_route[1].amount, 25000);
  EXPECT_EQ(by_route[1].bookings, 2);
  const auto by_channel = ByChannel(shares);
  EXPECT_EQ(by_channel[0].key, "office");
  const auto by_brand = ByBrand(shares);
  EXPECT_EQ(by_brand[1].key, "Classic");
  EXPECT_EQ(by_brand[1].amount, 10000);
}

TEST(Sales, LoadFactorRoundsHalfUp) {
  EXPECT_EQ(LoadFactorPercent(1, 8), 13);  // 12.5
  EXPECT_EQ(LoadFactorPercent(66, 66), 100);
  EXPECT_EQ(LoadFactorPercent(3, 0), 0);
}

TEST(SvgChart, BarsAreProportionalAndTextIsEscaped) {
  BarChart chart{"sales", "Sales <by day>", "Bars & a table", {"1 Dec", "2 Dec"}, {100, 50}, " EUR"};
  const auto svg = RenderSvg(chart);
  EXPECT_NE(svg.find(R"(role="img" aria-labelledby="sales-title sales-desc")"), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"sales-title\">Sales &lt;by day&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("Bars &amp; a table"), std::string::npos);
  std::regex bar(R"re(<rect class="bar" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)")re");
  std::vector<double> heights;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    heights.push_back(std::stod((*it)[1]));
  ASSERT_EQ(heights.size(), 2u);
  EXPECT_NEAR(heights[0], 2 * heights[1], 0.2);
  EXPECT_NE(svg.find(">100 EUR<"), std::string::npos);  // the axis top
}

TEST(SvgChart, AYearOfDaysWritesAtMostTwelveLabels) {
  BarChart chart{"days", "t", "d", {}, {}, ""};
  for (int i = 0; i < 365; ++i) {
    chart.labels.push_back("d" + std::to_string(i));
    chart.values.push_back(i);
  }
  const auto svg = RenderSvg(chart);
  std::size_t labels = 0;
  for (auto at = svg.find("class=\"label\""); at != std::string::npos; at = svg.find("class=\"label\"", at + 1)) ++labels;
  EXPECT_LE(labels, 12u);
  EXPECT_GE(labels, 10u);
  EXPECT_EQ(RenderSvg(BarChart{"none", "t", "d", {}, {}, ""}).find("<rect"), std::string::npos);
}

TEST(SvgChart, HorizontalBarsLabelEveryCategoryAndGrowARowEach) {
  BarChart chart{"routes", "Load factor", "d", {}, {}, "%"};
  for (int i = 0; i < 16; ++i) {
    chart.labels.push_back("R" + std::to_string(i));
    chart.values.push_back(i * 5);
  }
  chart.horizontal = true;
  chart.top = 100;
  const auto svg = RenderSvg(chart);
  for (int i = 0; i < 16; ++i) EXPECT_NE(svg.find(">R" + std::to_string(i) + "<"), std::string::npos) << i;
  EXPECT_NE(svg.find(">100%<"), std::string::npos);  // the fixed axis end, not a round number above 75
  std::smatch height;
  ASSERT_TRUE(std::regex_search(svg, height, std::regex(R"re(viewBox="0 0 720 (\d+)")re")));
  EXPECT_GE(std::stoi(height[1]), 16 * 20);
}

TEST(SvgChart, CountsKeepWholeAxisFigures) {
  BarChart chart{"n", "Confirmed", "d", {"a", "b"}, {1, 3}, ""};
  chart.whole = true;
  const auto svg = RenderSvg(chart);
  EXPECT_EQ(svg.find(".5<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">4<"), std::string::npos);
}

TEST(SvgChart, NiceCeilings) {
  EXPECT_EQ(NiceCeiling(0), 1);
  EXPECT_EQ(NiceCeiling(7), 10);
  EXPECT_EQ(NiceCeiling(180), 200);
  EXPECT_EQ(NiceCeiling(230), 250);
  EXPECT_EQ(NiceCeiling(100), 100);
  EXPECT_EQ(NiceCeiling(0.37), 0.5);
}

TEST(Table, CsvQuotesAndDisarmsFormulas) {
  Table table{"Sales", {"Name", "Amount"},
              {{Text("=HYPERLINK(\"http://x\")"), Number("-12.50")}, {Text("Hansen, Ida"), Number("3")},
               {Text("line\nbreak"), Number("0")}}};
  EXPECT_EQ(ToCsv(table),
            "Name,Amount\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\")\",-12.50\r\n"
            "\"Hansen, Ida\",3\r\n"
            "\"line\nbreak\",0\r\n");
}

TEST(Table, XlsxIsAZipWorkbookWithOneSheetPerTable) {
  const auto bytes = ToXlsx({Table{"Sales by day", {"Day", "Amount"}, {{Text("2026-12-01"), Number("1290.50")}}},
                             Table{"Sales by route", {"Route"}, {{Text("CPH-HAM")}}}});
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_NE(bytes.find("xl/worksheets/sheet2.xml"), std::string::npos);
}

}  // namespace jetway::reports
