#include "identity/totp.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "identity/base32.hpp"

namespace jetway::identity {
namespace {

const std::string kRfcSecretText = "12345678901234567890";
const std::vector<unsigned char> kRfcSecret(kRfcSecretText.begin(), kRfcSecretText.end());

// RFC 6238 Appendix B, SHA-1 column.
struct TotpVector {
  std::int64_t unix_time;
  std::string_view eight_digits;
};
constexpr TotpVector kTotpRfcVectors[] = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

class Sequence final : public core::Random {
 public:
  std::uint64_t Next() override { return next_++ * 0x9E3779B97F4A7C15ULL; }

 private:
  std::uint64_t next_ = 1;
};

TEST(Totp, MatchesEveryRfc6238Sha1VectorWithEightDigits) {
  for (const auto& v : kTotpRfcVectors)
    EXPECT_EQ(TotpCode(kRfcSecret, TotpStep(v.unix_time), 8), v.eight_digits) << v.unix_time;
}

TEST(Totp, SixDigitCodesAreTheLastSixOfTheRfcVectors) {
  for (const auto& v : kTotpRfcVectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, TotpStep(v.unix_time)), v.eight_digits.substr(2)) << v.unix_time;
    EXPECT_EQ(TotpCode(kRfcSecret, TotpStep(v.unix_time), 6), v.eight_digits.substr(2)) << v.unix_time;
  }
}

TEST(Totp, StepsAreThirtySecondsRoundedDown) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(59), 1);
  EXPECT_EQ(TotpStep(1111111109), 37037036);
  EXPECT_EQ(TotpStep(20000000000), 666666666);
  EXPECT_EQ(TotpStep(-1), -1);
  EXPECT_EQ(TotpStep(-30), -1);
  EXPECT_EQ(TotpStep(-31), -2);
}

TEST(Totp, RefusesDigitCountsOutsideTheRfc) {
  EXPECT_THROW(TotpCode(kRfcSecret, 1, 5), std::invalid_argument);
  EXPECT_THROW(TotpCode(kRfcSecret, 1, 9), std::invalid_argument);
  EXPECT_EQ(TotpCode(kRfcSecret, 1, 7), "4287082");
}

TEST(Totp, AcceptsTheCurrentCodeAndReturnsItsStep) {
  for (const auto& v : kTotpRfcVectors) {
    const std::string code(v.eight_digits.substr(2));
    EXPECT_EQ(VerifyTotp(kRfcSecret, code, v.unix_time, std::nullopt), TotpStep(v.unix_time)) << v.unix_time;
  }
}

TEST(Totp, AcceptsOneStepEitherSideButNoFurther) {
  const std::int64_t now = 1234567890;
  const std::int64_t step = TotpStep(now);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, std::nullopt), step - 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, std::nullopt), step + 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step - 2), now, std::nullopt), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 2), now, std::nullopt), std::nullopt);
  // The window follows the clock: the code of step 41152263 (1234567890 s) still works 30 s later, not 60 s later.
  const auto code = TotpCode(kRfcSecret, step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, step * 30 + 59, std::nullopt), step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, step * 30 + 60, std::nullopt), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, step * 30 - 30, std::nullopt), step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, step * 30 - 31, std::nullopt), std::nullopt);
}

TEST(Totp, NeverAcceptsACodeTwice) {
  const std::int64_t now = 2000000000;
  const std::int64_t step = TotpStep(now);
  const auto code = TotpCode(kRfcSecret, step);
  const auto used = VerifyTotp(kRfcSecret, code, now, std::nullopt);
  ASSERT_EQ(used, step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now, used), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now + 20, used), std::nullopt);
  // Nor an older code once a newer one has been used, though it is still inside the window.
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, used), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, step + 1), std::nullopt);
  // The next step's code is still welcome.
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now + 30, used), step + 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, used), step + 1);
}

TEST(Totp, WhenTwoStepsShareACodeTheEarliestUnusedOneIsReturned) {
  // Found by search: steps 910737 and 910738 of the RFC secret both give 911617.
  ASSERT_EQ(TotpCode(kRfcSecret, 910737), "911617");
  ASSERT_EQ(TotpCode(kRfcSecret, 910738), "911617");
  const std::int64_t now = 910738 * 30;
  EXPECT_EQ(VerifyTotp(kRfcSecret, "911617", now, std::nullopt), 910737);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "911617", now, 910737), 910738);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "911617", now, 910738), std::nullopt);
}

TEST(Totp, RefusesCodesThatAreNotExactlySixAsciiDigits) {
  const std::int64_t now = 59;
  ASSERT_TRUE(VerifyTotp(kRfcSecret, "287082", now, std::nullopt));
  const std::string_view bads[] = {"",        "28708",   "2870820",      "94287082",
                                   " 287082", "287082 ", "287 082",      "28708a",
                                   "+87082",  "-87082",  "２８７０８２", std::string_view("287082\0", 7)};
  for (auto bad : bads) EXPECT_EQ(VerifyTotp(kRfcSecret, bad, now, std::nullopt), std::nullopt) << bad;
}

TEST(Totp, RefusesAWrongCodeAndAnotherSecretsCode) {
  EXPECT_EQ(VerifyTotp(kRfcSecret, "287083", 59, std::nullopt), std::nullopt);
  auto other = kRfcSecret;
  other[0] ^= 1;
  EXPECT_EQ(VerifyTotp(other, "287082", 59, std::nullopt), std::nullopt);
}

TEST(Totp, RefusesSecretsShorterThan128Bits) {
  const std::vector<unsigned char> empty;
  EXPECT_EQ(VerifyTotp(empty, TotpCode(empty, 1), 45, std::nullopt), std::nullopt);
  const std::vector<unsigned char> short_secret(15, 7);
  EXPECT_EQ(VerifyTotp(short_secret, TotpCode(short_secret, 1), 45, std::nullopt), std::nullopt);
  const std::vector<unsigned char> enough(16, 7);
  EXPECT_EQ(VerifyTotp(enough, TotpCode(enough, 1), 45, std::nullopt), 1);
}

TEST(Totp, SurvivesExtremeTimes) {
  const auto max = std::numeric_limits<std::int64_t>::max();
  const auto min = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, TotpStep(max)), max, std::nullopt), TotpStep(max));
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, TotpStep(min)), min, std::nullopt), TotpStep(min));
}

TEST(Totp, NewSecretsAre160BitsAndDiffer) {
  Sequence random;
  std::set<std::vector<unsigned char>> seen;
  for (int i = 0; i < 50; ++i) {
    auto secret = NewTotpSecret(random);
    EXPECT_EQ(secret.size(), 20u);
    EXPECT_TRUE(seen.insert(secret).second);
  }
  core::SystemRandom system;
  EXPECT_NE(NewTotpSecret(system), NewTotpSecret(system));
}

TEST(Totp, NewSecretsUseEveryByteOfTheRandomness) {
  class Counting final : public core::Random {
   public:
    std::uint64_t Next() override { return 0x0807060504030201ULL + 0x0808080808080808ULL * calls_++; }

   private:
    std::uint64_t calls_ = 0;
  } random;
  std::vector<unsigned char> expected;
  for (unsigned char i = 1; i <= 20; ++i) expected.push_back(i);
  EXPECT_EQ(NewTotpSecret(random), expected);
}

TEST(Totp, OtpauthUriHasEveryParameterAppsNeed) {
  EXPECT_EQ(OtpauthUri("Jetway", "ann@example.com", kRfcSecret),
            "otpauth://totp/Jetway:ann%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Jetway"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, OtpauthUriPercentEncodesIssuerAndAccount) {
  const auto uri = OtpauthUri("Acme Air & Co", "b.o+ops@example.com", kRfcSecret);
  EXPECT_EQ(uri,
            "otpauth://totp/Acme%20Air%20%26%20Co:b.o%2Bops%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Acme%20Air%20%26%20Co&algorithm=SHA1&digits=6&period=30");
  EXPECT_NE(OtpauthUri("A:B", "c", kRfcSecret).find("otpauth://totp/A%3AB:c?"), std::string::npos);
  EXPECT_NE(OtpauthUri("Jetway", "Åsa", kRfcSecret).find("Jetway:%C3%85sa?"), std::string::npos);
}

TEST(Totp, OtpauthUriSecretDecodesBackToTheSecret) {
  Sequence random;
  const auto secret = NewTotpSecret(random);
  const auto uri = OtpauthUri("Jetway", "ann", secret);
  const auto start = uri.find("secret=") + 7;
  const auto text = uri.substr(start, uri.find('&', start) - start);
  EXPECT_EQ(text.size(), 32u);
  EXPECT_EQ(Base32Decode(text).value(), secret);
}

}  // namespace
}  // namespace jetway::identity
