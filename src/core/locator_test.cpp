#include "core/locator.hpp"

#include <gtest/gtest.h>

#include <set>

namespace jetway::core {

namespace {
class SequenceRandom final : public Random {
 public:
  std::uint64_t Next() override { return next_++; }

 private:
  std::uint64_t next_ = 0;
};
}  // namespace

TEST(Locator, AlphabetHasNoLookAlikes) {
  for (char c : std::string_view("01OIL")) EXPECT_EQ(kLocatorAlphabet.find(c), std::string_view::npos) << c;
  EXPECT_EQ(std::set<char>(kLocatorAlphabet.begin(), kLocatorAlphabet.end()).size(), kLocatorAlphabet.size());
}

TEST(Locator, GeneratedLocatorsAreValidAndDiffer) {
  SystemRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto locator = GenerateLocator(random);
    EXPECT_TRUE(IsValidLocator(locator)) << locator;
    seen.insert(locator);
  }
  EXPECT_GT(seen.size(), 990u);
}

TEST(Locator, DeterministicWithInjectedRandom) {
  SequenceRandom random;
  EXPECT_EQ(GenerateLocator(random), "ABCDEF");
}

TEST(Locator, RejectsWrongShapes) {
  EXPECT_FALSE(IsValidLocator("ABC12"));
  EXPECT_FALSE(IsValidLocator("ABCDEFG"));
  EXPECT_FALSE(IsValidLocator("ABCDE0"));
  EXPECT_FALSE(IsValidLocator("abcdef"));
  EXPECT_TRUE(IsValidLocator("X9K2PM"));
}

}  // namespace jetway::core
