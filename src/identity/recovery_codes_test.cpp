#include "identity/recovery_codes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace jetway::identity {
namespace {

class CodeSequence final : public core::Random {
 public:
  std::uint64_t Next() override { return next_++ * 0x9E3779B97F4A7C15ULL; }

 private:
  std::uint64_t next_ = 1;
};

class Scripted final : public core::Random {
 public:
  explicit Scripted(std::vector<std::uint64_t> values) : values_(std::move(values)) {}
  std::uint64_t Next() override { return values_[next_++ % values_.size()]; }

 private:
  std::vector<std::uint64_t> values_;
  std::size_t next_ = 0;
};

TEST(RecoveryCodes, TenCodesShownAsTwoGroupsOfFive) {
  CodeSequence random;
  const auto codes = NewRecoveryCodes(random);
  ASSERT_EQ(codes.size(), 10u);
  for (const auto& code : codes) {
    ASSERT_EQ(code.size(), 11u) << code;
    EXPECT_EQ(code[5], '-') << code;
    EXPECT_TRUE(IsRecoveryCode(NormalizeRecoveryCode(code))) << code;
  }
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
}

TEST(RecoveryCodes, AlphabetHasNoLookAlikes) {
  EXPECT_EQ(kRecoveryCodeAlphabet.size(), 31u);
  for (char c : std::string_view("01OIL")) EXPECT_EQ(kRecoveryCodeAlphabet.find(c), std::string_view::npos) << c;
  EXPECT_EQ(std::set<char>(kRecoveryCodeAlphabet.begin(), kRecoveryCodeAlphabet.end()).size(), 31u);
}

TEST(RecoveryCodes, EveryCharacterOfTheAlphabetIsUsedEvenly) {
  core::SystemRandom random;
  std::map<char, int> counts;
  for (int round = 0; round < 100; ++round)
    for (const auto& code : NewRecoveryCodes(random))
      for (char c : NormalizeRecoveryCode(code)) ++counts[c];
  ASSERT_EQ(counts.size(), 31u);
  for (const auto& [c, count] : counts) {  // 10,000 characters: about 323 each
    EXPECT_GT(count, 200) << c;
    EXPECT_LT(count, 460) << c;
  }
}

TEST(RecoveryCodes, TheBiasedTopOfTheRangeIsDrawnAgain) {
  const auto max = std::numeric_limits<std::uint64_t>::max();  // 2^64 - 1 ≡ 15 (mod 31), in the biased tail
  Scripted random({max, 0,  max - 1, 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                   20,  21, 22,      23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41,
                   42,  43, 44,      45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61});
  const auto codes = NewRecoveryCodes(random);
  EXPECT_EQ(codes[0], "23456-789AB");
  EXPECT_EQ(codes[1], "CDEFG-HJKMN");
}

TEST(RecoveryCodes, RepeatedCodesAreReplaced) {
  // A source that keeps coming back to the same values would otherwise hand out one code twice.
  class Alternating final : public core::Random {
   public:
    std::uint64_t Next() override { return calls_++ / 10 % 2 == 0 ? 0 : calls_; }

   private:
    std::uint64_t calls_ = 0;
  } alternating;
  const auto codes = NewRecoveryCodes(alternating);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  EXPECT_EQ(codes[0], "22222-22222");
}

TEST(RecoveryCodes, NormalizingIgnoresCaseSpacesAndDashes) {
  EXPECT_EQ(NormalizeRecoveryCode("ab3cd-ef4gh"), "AB3CDEF4GH");
  EXPECT_EQ(NormalizeRecoveryCode("  AB3CD EF4GH\t"), "AB3CDEF4GH");
  EXPECT_EQ(NormalizeRecoveryCode("ab-3c-d-ef-4gh"), "AB3CDEF4GH");
  EXPECT_EQ(NormalizeRecoveryCode(""), "");
  EXPECT_EQ(NormalizeRecoveryCode("é"), "é");  // non-ASCII bytes pass untouched, and IsRecoveryCode refuses them
}

TEST(RecoveryCodes, ShownAndTypedFormsNormalizeAlike) {
  CodeSequence random;
  for (const auto& code : NewRecoveryCodes(random)) {
    std::string typed;
    for (char c : code) typed += c == '-' ? std::string(" ") : std::string(1, static_cast<char>(c | 0x20));
    EXPECT_EQ(NormalizeRecoveryCode(typed), NormalizeRecoveryCode(code)) << typed;
  }
}

TEST(RecoveryCodes, IsRecoveryCodeRefusesJunk) {
  EXPECT_TRUE(IsRecoveryCode("AB3CDEF4GH"));
  EXPECT_FALSE(IsRecoveryCode("AB3CDEF4G"));
  EXPECT_FALSE(IsRecoveryCode("AB3CDEF4GHJ"));
  EXPECT_FALSE(IsRecoveryCode("AB3CD-EF4GH"));  // not normalized
  EXPECT_FALSE(IsRecoveryCode("ab3cdef4gh"));
  EXPECT_FALSE(IsRecoveryCode("AB0CDEF4GH"));
  EXPECT_FALSE(IsRecoveryCode("ABOCDEF4GH"));
  EXPECT_FALSE(IsRecoveryCode("AB1CDEF4GH"));
  EXPECT_FALSE(IsRecoveryCode("ABICDEF4GH"));
  EXPECT_FALSE(IsRecoveryCode("ABLCDEF4GH"));
  EXPECT_FALSE(IsRecoveryCode(""));
}

}  // namespace
}  // namespace jetway::identity
