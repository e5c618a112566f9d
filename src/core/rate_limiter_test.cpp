#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jetway::core {
namespace {

using std::chrono::milliseconds;
const RateLimiter::TimePoint kStart{std::chrono::seconds{1000}};

TEST(RateLimiter, ABurstThenTheRate) {
  RateLimiter limiter({.per_second = 2, .burst = 5});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Take("192.0.2.1", kStart), std::nullopt) << i;
  EXPECT_EQ(limiter.Take("192.0.2.1", kStart), milliseconds{500});  // one token every half second
  EXPECT_EQ(limiter.Take("192.0.2.1", kStart + milliseconds{250}), milliseconds{250});
  EXPECT_EQ(limiter.Take("192.0.2.1", kStart + milliseconds{500}), std::nullopt);
  EXPECT_EQ(limiter.Take("192.0.2.1", kStart + milliseconds{500}), milliseconds{500});
}

TEST(RateLimiter, ClientsHaveTheirOwnBuckets) {
  RateLimiter limiter({.per_second = 1, .burst = 1});
  EXPECT_EQ(limiter.Take("192.0.2.1", kStart), std::nullopt);
  EXPECT_NE(limiter.Take("192.0.2.1", kStart), std::nullopt);
  EXPECT_EQ(limiter.Take("192.0.2.2", kStart), std::nullopt);
}

TEST(RateLimiter, AQuietClientFillsUpToTheBurstOnly) {
  RateLimiter limiter({.per_second = 10, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a", kStart), std::nullopt);
  const auto later = kStart + std::chrono::hours{1};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a", later), std::nullopt);
  EXPECT_NE(limiter.Take("a", later), std::nullopt);
}

TEST(RateLimiter, MemoryStaysBoundedUnderManyAddresses) {
  RateLimiter limiter({.per_second = 1, .burst = 2}, 1600);
  for (int i = 0; i < 100000; ++i) limiter.Take("198.51." + std::to_string(i), kStart + milliseconds{i});
  EXPECT_LE(limiter.size(), 1600u);
}

}  // namespace
}  // namespace jetway::core
