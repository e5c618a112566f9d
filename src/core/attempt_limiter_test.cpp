#include "core/attempt_limiter.hpp"

#include <gtest/gtest.h>

namespace jetway::core {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(AttemptLimiter, RefusesAfterTheFailuresUntilTheWindowPasses) {
  FixedClock clock{FromEpoch(1'800'000'000)};
  AttemptLimiter limiter(clock, {3, minutes{10}, minutes{80}});
  EXPECT_FALSE(limiter.Fail("a"));
  EXPECT_FALSE(limiter.Fail("a"));
  EXPECT_FALSE(limiter.Refusal("a"));
  EXPECT_EQ(limiter.Fail("a"), seconds{600});  // the third failure locks the key for the window
  EXPECT_EQ(limiter.Refusal("a"), seconds{600});
  EXPECT_FALSE(limiter.Refusal("b"));  // other keys are not affected
  clock.Advance(minutes{9});
  EXPECT_EQ(limiter.Refusal("a"), seconds{60});
  EXPECT_EQ(limiter.Fail("a"), seconds{60});  // failing while refused changes nothing
  clock.Advance(minutes{1});
  EXPECT_FALSE(limiter.Refusal("a"));
}

TEST(AttemptLimiter, BacksOffByDoublingUpToTheMaximum) {
  FixedClock clock{FromEpoch(1'800'000'000)};
  AttemptLimiter limiter(clock, {2, minutes{10}, minutes{30}});
  for (auto expected : {minutes{10}, minutes{20}, minutes{30}, minutes{30}}) {
    limiter.Fail("a");
    EXPECT_EQ(limiter.Fail("a"), expected);
    clock.Advance(expected);
  }
}

TEST(AttemptLimiter, FailuresSpreadOverWindowsAreForgiven) {
  FixedClock clock{FromEpoch(1'800'000'000)};
  AttemptLimiter limiter(clock, {3, minutes{10}, minutes{80}});
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(limiter.Fail("a"));
    EXPECT_FALSE(limiter.Fail("a"));
    clock.Advance(minutes{10});
  }
}

TEST(AttemptLimiter, MemoryIsBoundedEvenUnderAFloodOfKeys) {
  FixedClock clock{FromEpoch(1'800'000'000)};
  AttemptLimiter limiter(clock, {1, minutes{10}, minutes{80}}, 1000);
  for (int i = 0; i < 100000; ++i) limiter.Fail("key-" + std::to_string(i));
  EXPECT_LE(limiter.size(), 1000u);
  EXPECT_TRUE(limiter.Refusal("key-99999"));  // the latest keys are still locked out
}

TEST(AttemptLimiter, AFloodKeepsTheLongestLockOuts) {
  FixedClock clock{FromEpoch(1'800'000'000)};
  AttemptLimiter limiter(clock, {1, minutes{10}, std::chrono::hours{24}}, 100);
  for (int round = 0; round < 4; ++round) limiter.Fail("patient"), clock.Advance(minutes{10} * (1 << round));
  limiter.Fail("patient");  // locked out for 160 minutes, far longer than the flood's 10
  for (int i = 0; i < 10000; ++i) limiter.Fail("flood-" + std::to_string(i));
  EXPECT_LE(limiter.size(), 100u);
  EXPECT_EQ(limiter.Refusal("patient"), minutes{160});
}

}  // namespace
}  // namespace jetway::core
