#include "waf/verdict_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jetway::waf {
namespace {

http::Request Search(std::string query) {
  http::Request request;
  request.method = "GET";
  request.path = "/api/v1/availability";
  request.query_string = std::move(query);
  request.remote = "192.0.2.10";
  request.headers = {{"Host", "book.example.com"}, {"Accept", "application/json"}};
  return request;
}

bool Clean(VerdictCache& cache, const std::string& key) { return cache.Find(key).has_value(); }

struct FakeTime {
  std::chrono::steady_clock::time_point now{};
  VerdictCache::Clock clock() {
    return [this] { return now; };
  }
};

TEST(VerdictCache, RemembersACleanVerdictForItsTimeOnly) {
  FakeTime time;
  VerdictCache cache({16, std::chrono::seconds{60}, 4096}, time.clock());
  const auto key = cache.KeyOf(Search("origin=CPH&destination=HAM"));
  EXPECT_FALSE(Clean(cache, key));
  cache.Remember(key, {});
  EXPECT_TRUE(Clean(cache, key));
  time.now += std::chrono::seconds{59};
  EXPECT_TRUE(Clean(cache, key));
  time.now += std::chrono::seconds{1};
  EXPECT_FALSE(Clean(cache, key));
  EXPECT_EQ(cache.hits(), 2u);
}

TEST(VerdictCache, EveryPartOfTheRequestIsInTheKey) {
  VerdictCache cache({64, std::chrono::seconds{60}, 4096});
  const auto request = Search("origin=CPH&destination=HAM");
  cache.Remember(cache.KeyOf(request), {});
  auto other = request;
  other.query_string = "origin=CPH&destination=HAN";
  EXPECT_FALSE(Clean(cache, cache.KeyOf(other)));
  other = request;
  other.remote = "192.0.2.11";
  EXPECT_FALSE(Clean(cache, cache.KeyOf(other)));
  other = request;
  other.headers["Accept"] = "text/html";
  EXPECT_FALSE(Clean(cache, cache.KeyOf(other)));
  other = request;
  other.body = "x";
  EXPECT_FALSE(Clean(cache, cache.KeyOf(other)));
  other = request;
  other.method = "POST";
  EXPECT_FALSE(Clean(cache, cache.KeyOf(other)));
  // The parts are length-prefixed: moving bytes from one part to the next makes another key.
  other = request;
  other.path = "/api/v1/availability?origin=CPH&destination=HAM";
  other.query_string = "";
  EXPECT_NE(cache.KeyOf(other), cache.KeyOf(request));
  EXPECT_TRUE(Clean(cache, cache.KeyOf(request)));
}

TEST(VerdictCache, LargeRequestsAreNeverRememberedAndTheEntriesAreBounded) {
  VerdictCache cache({16, std::chrono::seconds{60}, 256});
  auto large = Search("q=" + std::string(300, 'a'));
  EXPECT_EQ(cache.KeyOf(large), "");
  cache.Remember(cache.KeyOf(large), {});
  EXPECT_FALSE(Clean(cache, cache.KeyOf(large)));
  for (int i = 0; i < 1000; ++i) cache.Remember(cache.KeyOf(Search("n=" + std::to_string(i))), {});
  int remembered = 0;
  for (int i = 0; i < 1000; ++i) remembered += Clean(cache, cache.KeyOf(Search("n=" + std::to_string(i)))) ? 1 : 0;
  EXPECT_LE(remembered, 16);
  EXPECT_GT(remembered, 0);
  EXPECT_TRUE(Clean(cache, cache.KeyOf(Search("n=999"))));  // the newest stay
}

TEST(VerdictCache, RemembersTheWholeVerdictButNeverAnAttack) {
  VerdictCache cache({64, std::chrono::seconds{60}, 4096});
  const auto key = cache.KeyOf(Search("origin=CPH"));
  cache.Remember(key, {false, false, 3, {920350}, {"Host header is a numeric IP address"}});
  const auto found = cache.Find(key);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->score, 3);
  EXPECT_EQ(found->rule_ids, std::vector<int>{920350});
  const auto attack = cache.KeyOf(Search("origin=x%27%20OR%201%3D1--"));
  cache.Remember(attack, {true, true, 10, {942100, 949110}, {"SQL injection", "Inbound anomaly score exceeded"}});
  EXPECT_FALSE(cache.Find(attack));
}

TEST(VerdictCache, ForgetsEverythingAtOnce) {
  VerdictCache cache({64, std::chrono::seconds{60}, 4096});
  const auto key = cache.KeyOf(Search("origin=CPH"));
  cache.Remember(key, {});
  cache.Forget();
  EXPECT_FALSE(Clean(cache, key));
}

}  // namespace
}  // namespace jetway::waf
