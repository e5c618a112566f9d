#include "api/rendered_days.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/render.hpp"

namespace jetway::api {
namespace {

using namespace std::chrono_literals;

shopping::Journey MakeJourney(std::int64_t flight_id, std::int64_t fare_minor) {
  const core::Instant departure{std::chrono::sys_days{std::chrono::year{2027} / 3 / 14} + 9h};
  shopping::SegmentView segment{flight_id, "X9", "X9142", "CPH", "HAM", departure, departure + 55min,
                                "2027-03-14T10:00:00+01:00", "2027-03-14T10:55:00+01:00"};
  pricing::PaxTypePrice adult{core::PaxType::kAdult, 1, {fare_minor, "EUR"}, {1957, "EUR"}};
  shopping::Offer offer{"K", "Y", "Light", 9, {{fare_minor + 1957, "EUR"}, {adult}, {}}, false, std::nullopt, 0, {7}};
  return shopping::Journey{{segment}, {offer}};
}

std::shared_ptr<const shopping::PricedJourneys> MakeDay(std::int64_t first_flight) {
  return std::make_shared<const shopping::PricedJourneys>(shopping::PricedJourneys{
      {MakeJourney(first_flight, 5900), MakeJourney(first_flight + 1, 8000)}, std::nullopt});
}

std::string Written(const shopping::Journey& journey) {
  JsonWriter w;
  WriteJourney(w, journey);
  return w.Take();
}

TEST(RenderedDays, EachJourneyIsWhatWriteJourneyWrites) {
  const auto day = MakeDay(5790);
  const RenderedDay rendered(*day);
  for (std::size_t i = 0; i < day->journeys.size(); ++i) {
    EXPECT_EQ(rendered.Journey(i), Written(day->journeys[i]));
    EXPECT_EQ(nlohmann::json::parse(rendered.Journey(i)).at("segments").at(0).at("flight_id"), 5790 + i);
  }
}

// Elements of an array as the search answer puts them: commas between, the journeys chosen in the day's order.
TEST(RenderedDays, ChosenJourneysMakeAValidArray) {
  const auto day = MakeDay(10);
  RenderedDays days;
  const auto rendered = days.Of(day);
  JsonWriter w;
  w.BeginObject().Key("outbound").BeginArray().Raw(rendered->Journey(0)).Raw(rendered->Journey(1)).EndArray();
  w.Key("return").BeginArray().Raw(rendered->Journey(1)).EndArray().EndObject();
  const auto answer = nlohmann::json::parse(w.Take());
  ASSERT_EQ(answer.at("outbound").size(), 2U);
  EXPECT_EQ(answer.at("outbound").at(1).at("offers").at(0).at("price").at("total").at("amount"), "99.57");
  EXPECT_EQ(answer.at("return").at(0).at("segments").at(0).at("flight_id"), 11);
}

TEST(RenderedDays, ADayIsRenderedOnceWhileItLives) {
  RenderedDays days;
  const auto day = MakeDay(1);
  const auto first = days.Of(day);
  EXPECT_EQ(days.Of(day), first);
  EXPECT_NE(days.Of(MakeDay(1)), first);  // another day with the same journeys is another day
}

// Once a day is gone, a day built later at the same address is rendered from itself. Days allocated apart from
// their shared_ptr's control block (which the weak reference keeps) free their address at once, and the next day
// of the same size usually takes it.
TEST(RenderedDays, ADayGoneIsNeverShownForAnother) {
  RenderedDays days;
  const auto apart = [](std::int64_t flight, std::int64_t fare) {
    return std::shared_ptr<const shopping::PricedJourneys>(
        new shopping::PricedJourneys{{MakeJourney(flight, fare)}, std::nullopt});
  };
  int reused = 0;
  for (std::int64_t flight = 100; flight < 140; ++flight) {
    auto day = apart(flight, 5900);
    const auto* address = day.get();
    EXPECT_EQ(days.Of(day)->Journey(0), Written(day->journeys[0]));
    day.reset();
    const auto next = apart(flight + 1000, 100);
    reused += next.get() == address ? 1 : 0;
    EXPECT_EQ(days.Of(next)->Journey(0), Written(next->journeys[0]));
  }
  RecordProperty("addresses_reused", reused);
}

TEST(RenderedDays, HoldsAtMostItsBound) {
  RenderedDays days(32);
  std::vector<std::shared_ptr<const shopping::PricedJourneys>> alive;
  for (std::int64_t flight = 0; flight < 500; ++flight) {
    alive.push_back(MakeDay(flight * 2));
    days.Of(alive.back());
    EXPECT_LE(days.size(), 32U);
  }
  // Still correct after every shard was emptied at least once.
  EXPECT_EQ(days.Of(alive.front())->Journey(1), Written(alive.front()->journeys[1]));
}

}  // namespace
}  // namespace jetway::api
