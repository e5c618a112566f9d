#include "core/secret.hpp"

#include <gtest/gtest.h>

#include <set>

namespace jetway::core {
namespace {

class Sequence final : public Random {
 public:
  std::uint64_t Next() override { return next_++ * 0x9E3779B97F4A7C15ULL; }

 private:
  std::uint64_t next_ = 1;
};

TEST(Secret, TokensAre128BitsOfHexAndDiffer) {
  Sequence random;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto token = GenerateSecretToken(random);
    EXPECT_TRUE(IsSecretToken(token)) << token;
    EXPECT_TRUE(seen.insert(token).second);
  }
  EXPECT_FALSE(IsSecretToken("ABCDEF0123456789abcdef0123456789"));
  EXPECT_FALSE(IsSecretToken("abc"));
}

TEST(Secret, EqualsComparesWholeSecrets) {
  EXPECT_TRUE(SecretEquals("abc", "abc"));
  EXPECT_FALSE(SecretEquals("abc", "abd"));
  EXPECT_FALSE(SecretEquals("abc", "ab"));
  EXPECT_FALSE(SecretEquals("", "a"));
}

TEST(Secret, UuidsAreVersion4AndDiffer) {
  Sequence random;
  const auto a = GenerateUuid(random);
  const auto b = GenerateUuid(random);
  EXPECT_TRUE(IsUuid(a)) << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89AB").find(a[19]), std::string::npos) << a;
  EXPECT_EQ(a.find_first_of("abcdef"), std::string::npos) << a;
  EXPECT_FALSE(IsUuid("6F2A9C41-3B7D-4E15-9A0C-5D8E21B4C7F"));
  EXPECT_FALSE(IsUuid("6F2A9C41+3B7D-4E15-9A0C-5D8E21B4C7F3"));
  EXPECT_FALSE(IsUuid("6F2A9C41-3B7D-4E15-9A0C-5D8E21B4C7G3"));
}

}  // namespace
}  // namespace jetway::core
