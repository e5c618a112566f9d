// Measures the two Mustache engines Debian packages (kainjow mustache, mstch) on the shape of a real results
// page: a layout partial, 40 journeys of 1-2 segments with 3 fare brands each, and text that must be escaped.
// DESIGN.md asks for this measurement before one engine is chosen. Prints microseconds per rendered page.
#include <benchmark/benchmark.h>

#include <kainjow/mustache.hpp>
#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace {

const std::string kLayout = R"(<!doctype html><html lang="{{lang}}"><head><title>{{title}}</title></head><body>
<header><a href="/">{{site_name}}</a></header><main>{{> body}}</main><footer>{{footer}}</footer></body></html>)";

const std::string kResults = R"(<h1>{{heading}}</h1><ol class="journeys">{{#journeys}}<li class="journey">
<p class="times">{{departure}} - {{arrival}} <span>{{duration}}</span> {{#nonstop}}Direct{{/nonstop}}{{^nonstop}}{{stops}} stop{{/nonstop}}</p>
<ul class="segments">{{#segments}}<li>{{flight_number}} {{origin}}-{{destination}} {{departure}}</li>{{/segments}}</ul>
<fieldset><legend>{{legend}}</legend>{{#offers}}<label><input type="radio" name="out" value="{{token}}">
{{brand}} <strong>{{price}}</strong> {{#refundable}}Refundable{{/refundable}} {{bags}} bag(s)</label>{{/offers}}
{{^offers}}<p>Sold out</p>{{/offers}}</fieldset></li>{{/journeys}}</ol>)";

constexpr int kJourneys = 40;

kainjow::mustache::data KainjowView() {
  using namespace kainjow::mustache;
  data view;
  view.set("lang", "en");
  view.set("title", "Flights <Copenhagen> & \"Hamburg\"");
  view.set("site_name", "Kattegat Air");
  view.set("footer", "(c) Kattegat Air");
  view.set("heading", "Copenhagen to Hamburg");
  list journeys;
  for (int j = 0; j < kJourneys; ++j) {
    data journey;
    journey.set("departure", "07:05");
    journey.set("arrival", "08:15");
    journey.set("duration", "1h 10m");
    journey.set("nonstop", j % 2 == 0);
    journey.set("stops", "1");
    list segments;
    for (int s = 0; s < 1 + j % 2; ++s) {
      data seg;
      seg.set("flight_number", "X9 1" + std::to_string(j));
      seg.set("origin", "CPH");
      seg.set("destination", "HAM");
      seg.set("departure", "2026-12-01 07:05");
      segments.push_back(seg);
    }
    journey.set("segments", segments);
    journey.set("legend", "Fares for X9 1" + std::to_string(j));
    list offers;
    for (int o = 0; o < 3; ++o) {
      data offer;
      offer.set("token", "1234.5678~Y~12900~DKK~a1b2c3d4e5f6");
      offer.set("brand", o == 0 ? "Light" : o == 1 ? "Classic" : "Flex & more");
      offer.set("price", "DKK 1,290.00");
      offer.set("refundable", o == 2);
      offer.set("bags", std::to_string(o));
      offers.push_back(offer);
    }
    journey.set("offers", offers);
    journeys.push_back(journey);
  }
  view.set("journeys", journeys);
  return view;
}

mstch::map MstchView() {
  mstch::array journeys;
  for (int j = 0; j < kJourneys; ++j) {
    mstch::array segments;
    for (int s = 0; s < 1 + j % 2; ++s)
      segments.push_back(mstch::map{{"flight_number", std::string("X9 1") + std::to_string(j)},
                                    {"origin", std::string("CPH")},
                                    {"destination", std::string("HAM")},
                                    {"departure", std::string("2026-12-01 07:05")}});
    mstch::array offers;
    for (int o = 0; o < 3; ++o)
      offers.push_back(mstch::map{{"token", std::string("1234.5678~Y~12900~DKK~a1b2c3d4e5f6")},
                                  {"brand", std::string(o == 0 ? "Light" : o == 1 ? "Classic" : "Flex & more")},
                                  {"price", std::string("DKK 1,290.00")},
                                  {"refundable", o == 2},
                                  {"bags", std::to_string(o)}});
    journeys.push_back(mstch::map{{"departure", std::string("07:05")},
                                  {"arrival", std::string("08:15")},
                                  {"duration", std::string("1h 10m")},
                                  {"nonstop", j % 2 == 0},
                                  {"stops", std::string("1")},
                                  {"segments", segments},
                                  {"legend", std::string("Fares for X9 1") + std::to_string(j)},
                                  {"offers", offers}});
  }
  return mstch::map{{"lang", std::string("en")},
                    {"title", std::string("Flights <Copenhagen> & \"Hamburg\"")},
                    {"site_name", std::string("Kattegat Air")},
                    {"footer", std::string("(c) Kattegat Air")},
                    {"heading", std::string("Copenhagen to Hamburg")},
                    {"journeys", journeys}};
}

// The view as JSON (what jetway's page code builds), turned into kainjow data with moves wherever kainjow allows
// them: its set() and list constructor copy, its operator[] and move assignment do not.
nlohmann::json JsonView() {
  using nlohmann::json;
  json journeys = json::array();
  for (int j = 0; j < kJourneys; ++j) {
    json segments = json::array();
    for (int s = 0; s < 1 + j % 2; ++s)
      segments.push_back({{"flight_number", "X9 1" + std::to_string(j)}, {"origin", "CPH"}, {"destination", "HAM"},
                          {"departure", "2026-12-01 07:05"}});
    json offers = json::array();
    for (int o = 0; o < 3; ++o)
      offers.push_back({{"token", "1234.5678~Y~12900~DKK~a1b2c3d4e5f6"},
                        {"brand", o == 0 ? "Light" : o == 1 ? "Classic" : "Flex & more"},
                        {"price", "DKK 1,290.00"}, {"refundable", o == 2}, {"bags", std::to_string(o)}});
    journeys.push_back({{"departure", "07:05"}, {"arrival", "08:15"}, {"duration", "1h 10m"}, {"nonstop", j % 2 == 0},
                        {"stops", "1"}, {"segments", std::move(segments)}, {"legend", "Fares for X9 1" + std::to_string(j)},
                        {"offers", std::move(offers)}});
  }
  return {{"lang", "en"}, {"title", "Flights <Copenhagen> & \"Hamburg\""}, {"site_name", "Kattegat Air"},
          {"footer", "(c) Kattegat Air"}, {"heading", "Copenhagen to Hamburg"}, {"journeys", std::move(journeys)}};
}

kainjow::mustache::data ToKainjow(const nlohmann::json& j) {
  using kainjow::mustache::data;
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      data d;
      for (const auto& [k, v] : j.items()) d[k] = ToKainjow(v);
      return d;
    }
    case nlohmann::json::value_t::array: {
      data d{data::type::list};
      for (const auto& v : j) d.push_back(ToKainjow(v));
      return d;
    }
    case nlohmann::json::value_t::string: return data{j.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean: return data{j.get<bool>()};
    case nlohmann::json::value_t::null: return data{false};
    default: return data{j.dump()};
  }
}

// The view built straight into kainjow data, moving every finished child into its parent (operator[] plus move
// assignment); lists are std::vectors moved element by element and copied once into their data.
kainjow::mustache::data KainjowMovedView() {
  using kainjow::mustache::data;
  using kainjow::mustache::list;
  data view;
  view["lang"] = data{"en"};
  view["title"] = data{"Flights <Copenhagen> & \"Hamburg\""};
  view["site_name"] = data{"Kattegat Air"};
  view["footer"] = data{"(c) Kattegat Air"};
  view["heading"] = data{"Copenhagen to Hamburg"};
  list journeys;
  journeys.reserve(kJourneys);
  for (int j = 0; j < kJourneys; ++j) {
    data journey;
    journey["departure"] = data{"07:05"};
    journey["arrival"] = data{"08:15"};
    journey["duration"] = data{"1h 10m"};
    journey["nonstop"] = data{j % 2 == 0};
    journey["stops"] = data{"1"};
    list segments;
    for (int s = 0; s < 1 + j % 2; ++s) {
      data seg;
      seg["flight_number"] = data{"X9 1" + std::to_string(j)};
      seg["origin"] = data{"CPH"};
      seg["destination"] = data{"HAM"};
      seg["departure"] = data{"2026-12-01 07:05"};
      segments.push_back(std::move(seg));
    }
    journey["segments"] = data{segments};
    journey["legend"] = data{"Fares for X9 1" + std::to_string(j)};
    list offers;
    for (int o = 0; o < 3; ++o) {
      data offer;
      offer["token"] = data{"1234.5678~Y~12900~DKK~a1b2c3d4e5f6"};
      offer["brand"] = data{o == 0 ? "Light" : o == 1 ? "Classic" : "Flex & more"};
      offer["price"] = data{"DKK 1,290.00"};
      offer["refundable"] = data{o == 2};
      offer["bags"] = data{std::to_string(o)};
      offers.push_back(std::move(offer));
    }
    journey["offers"] = data{offers};
    journeys.push_back(std::move(journey));
  }
  view["journeys"] = data{journeys};
  return view;
}

void BM_KainjowMoved(benchmark::State& state) {
  kainjow::mustache::mustache layout{kLayout};
  for (auto _ : state) {
    auto view = KainjowMovedView();
    view["body"] = kainjow::mustache::data{kainjow::mustache::partial{[] { return kResults; }}};
    benchmark::DoNotOptimize(layout.render(view));
  }
}

void BM_KainjowFromJson(benchmark::State& state) {
  kainjow::mustache::mustache layout{kLayout};
  for (auto _ : state) {
    auto view = ToKainjow(JsonView());
    view["body"] = kainjow::mustache::data{kainjow::mustache::partial{[] { return kResults; }}};
    benchmark::DoNotOptimize(layout.render(view));
  }
}

// Templates are parsed once at start-up in jetway; only the view is built per request.
void BM_Kainjow(benchmark::State& state) {
  kainjow::mustache::mustache layout{kLayout};
  kainjow::mustache::mustache body{kResults};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto view = KainjowView();
    view.set("body", kainjow::mustache::partial{[] { return kResults; }});
    auto page = layout.render(view);
    bytes = page.size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

// mstch has no compiled-template object: it parses (and caches by text) on every render call.
void BM_Mstch(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto view = MstchView();
    auto page = mstch::render(kLayout, view, {{"body", kResults}});
    bytes = page.size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

// The same page with the view built once: how much of a page is building the view and how much is rendering.
void BM_KainjowRenderOnly(benchmark::State& state) {
  kainjow::mustache::mustache layout{kLayout};
  auto view = KainjowView();
  view.set("body", kainjow::mustache::partial{[] { return kResults; }});
  for (auto _ : state) benchmark::DoNotOptimize(layout.render(view));
}

void BM_MstchRenderOnly(benchmark::State& state) {
  const auto view = MstchView();
  for (auto _ : state) benchmark::DoNotOptimize(mstch::render(kLayout, view, {{"body", kResults}}));
}

// Both engines must produce the same page, or the comparison means nothing.
void BM_SameOutput(benchmark::State& state) {
  kainjow::mustache::mustache layout{kLayout};
  auto view = KainjowView();
  view.set("body", kainjow::mustache::partial{[] { return kResults; }});
  const bool same = layout.render(view) == mstch::render(kLayout, MstchView(), {{"body", kResults}});
  for (auto _ : state) benchmark::DoNotOptimize(same);
  state.counters["same"] = same ? 1 : 0;
}

}  // namespace

BENCHMARK(BM_SameOutput);
BENCHMARK(BM_KainjowRenderOnly)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MstchRenderOnly)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_KainjowMoved)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_KainjowFromJson)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Kainjow)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Mstch)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
