#include "integrity/signing.hpp"

#include <gtest/gtest.h>

namespace jetway::integrity {
namespace {

TEST(SigningTest, ASignatureVerifiesWithItsPublicKeyOnly) {
  const auto pair = GenerateKeyPair();
  EXPECT_TRUE(pair.private_key.starts_with("jetway-ed25519-private "));
  EXPECT_TRUE(pair.public_key.starts_with("jetway-ed25519-public "));
  const auto signature = Sign(pair.private_key, "the body\n");
  ASSERT_TRUE(signature) << signature.error().message;
  EXPECT_TRUE(Verify(pair.public_key, "the body\n", *signature));

  const auto changed = Verify(pair.public_key, "the body!\n", *signature);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, "SIGNATURE_INVALID");
  const auto other = GenerateKeyPair();
  EXPECT_EQ(Verify(other.public_key, "the body\n", *signature).error().code, "SIGNATURE_INVALID");
  EXPECT_EQ(Verify(pair.public_key, "the body\n", "not base64!").error().code, "SIGNATURE_INVALID");
  EXPECT_EQ(Verify(pair.public_key, "the body\n", signature->substr(4)).error().code, "SIGNATURE_INVALID");
}

TEST(SigningTest, MalformedKeysAreRefusedByName) {
  const auto pair = GenerateKeyPair();
  EXPECT_EQ(Sign(pair.public_key, "x").error().code, "SIGNING_KEY_INVALID");
  EXPECT_EQ(Sign("jetway-ed25519-private AAAA\n", "x").error().code, "SIGNING_KEY_INVALID");
  EXPECT_EQ(Verify(pair.private_key, "x", "AAAA").error().code, "PUBLIC_KEY_INVALID");
  EXPECT_EQ(Verify("", "x", "AAAA").error().code, "PUBLIC_KEY_INVALID");
}

TEST(SigningTest, AFingerprintIsShortStableAndPerKey) {
  const auto pair = GenerateKeyPair();
  const auto print = Fingerprint(pair.public_key);
  EXPECT_EQ(print.size(), 7u + 32u);
  EXPECT_TRUE(print.starts_with("SHA256:"));
  EXPECT_EQ(print, Fingerprint(pair.public_key));
  EXPECT_NE(print, Fingerprint(GenerateKeyPair().public_key));
  EXPECT_EQ(Fingerprint("nonsense"), "");
}

}  // namespace
}  // namespace jetway::integrity
