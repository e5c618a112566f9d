#include "identity/base32.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jetway::identity {
namespace {

std::vector<unsigned char> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// RFC 4648 §10, with the '=' padding removed as authenticator apps expect.
struct Vector {
  std::string_view plain;
  std::string_view encoded;
};
constexpr Vector kRfcVectors[] = {
    {"", ""},
    {"f", "MY"},
    {"fo", "MZXQ"},
    {"foo", "MZXW6"},
    {"foob", "MZXW6YQ"},
    {"fooba", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI"},
};

TEST(Base32, EncodesTheRfcVectorsWithoutPadding) {
  for (const auto& v : kRfcVectors) EXPECT_EQ(Base32Encode(Bytes(v.plain)), v.encoded) << v.plain;
}

TEST(Base32, DecodesTheRfcVectors) {
  for (const auto& v : kRfcVectors) {
    auto decoded = Base32Decode(v.encoded);
    ASSERT_TRUE(decoded) << v.encoded;
    EXPECT_EQ(*decoded, Bytes(v.plain)) << v.encoded;
  }
}

TEST(Base32, DecodesThePaddedRfcFormsToo) {
  EXPECT_EQ(Base32Decode("MY======").value(), Bytes("f"));
  EXPECT_EQ(Base32Decode("MZXQ====").value(), Bytes("fo"));
  EXPECT_EQ(Base32Decode("MZXW6===").value(), Bytes("foo"));
  EXPECT_EQ(Base32Decode("MZXW6YQ=").value(), Bytes("foob"));
  EXPECT_EQ(Base32Decode("MZXW6YTBOI======").value(), Bytes("foobar"));
}

TEST(Base32, ForgivesLowerCaseAndSpaces) {
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi").value(), Bytes("foobar"));
  EXPECT_EQ(Base32Decode(" MzXw6YtBoI ").value(), Bytes("foobar"));
}

TEST(Base32, RefusesOtherCharacters) {
  for (std::string_view bad : {"MZXW6YTB0I", "MZXW6YTB1I", "MZXW6YTB8I", "MZXW-6YTB", "MZXW\t6YTB", "MZ\nXQ", "ÄBCD"}) {
    auto decoded = Base32Decode(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, "BASE32_INVALID_CHARACTER") << bad;
    EXPECT_EQ(decoded.error().kind, core::ErrorKind::kInvalid);
    EXPECT_FALSE(decoded.error().message.empty());
  }
}

TEST(Base32, RefusesLengthsNoEncodingHas) {
  for (std::string_view bad : {"M", "MZX", "MZXW6Y", "MZXW6YTBO"}) {
    auto decoded = Base32Decode(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, "BASE32_INVALID_LENGTH") << bad;
  }
}

TEST(Base32, RoundTripsEveryByteValueAndLength) {
  std::vector<unsigned char> bytes;
  for (int i = 0; i < 300; ++i) {
    auto encoded = Base32Encode(bytes);
    EXPECT_EQ(encoded.size(), (bytes.size() * 8 + 4) / 5);
    EXPECT_EQ(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
    auto decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, bytes);
    bytes.push_back(static_cast<unsigned char>(i * 37 + 11));
  }
}

TEST(Base32, A160BitSecretIs32Characters) {
  std::vector<unsigned char> secret(20, 0xff);
  EXPECT_EQ(Base32Encode(secret), std::string(32, '7'));
}

}  // namespace
}  // namespace jetway::identity
