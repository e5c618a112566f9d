#include "core/digest.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace jetway::core {
namespace {

TEST(Digest, Sha256OfBytesAndOfAFileAsSha256sumPrintsThem) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const auto file = std::filesystem::temp_directory_path() / ("jetway-digest-" + std::to_string(::getpid()));
  std::ofstream(file, std::ios::binary) << std::string(200'000, 'x');  // more than one read
  const auto sum = Sha256File(file);
  ASSERT_TRUE(sum);
  EXPECT_EQ(*sum, Sha256Hex(std::string(200'000, 'x')));
  std::filesystem::remove(file);
  const auto missing = Sha256File(file);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "FILE_UNREADABLE");
  EXPECT_EQ(missing.error().message, "cannot read " + file.string() + ": No such file or directory");
}

TEST(Digest, HmacSha256MatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than a block is hashed first (RFC 4231 test case 6).
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

}  // namespace
}  // namespace jetway::core
