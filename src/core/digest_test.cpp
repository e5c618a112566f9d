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

}  // namespace
}  // namespace jetway::core
