#include "identity/base32.hpp"

#include <cstdint>

namespace jetway::identity {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The 5-bit value of one base32 character in either case; -1 for any other character.
int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// Every 8 characters carry 5 bytes; a last group of 1, 3 or 6 characters would hold a fraction of a byte, which
// no encoder writes.
bool IsPossibleLength(std::size_t characters) {
  const std::size_t rest = characters % 8;
  return rest != 1 && rest != 3 && rest != 6;
}

}  // namespace

std::string Base32Encode(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(buffer >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

core::Result<std::vector<unsigned char>> Base32Decode(std::string_view text) {
  std::vector<unsigned char> out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t characters = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    const int value = Base32Value(c);
    if (value < 0)
      return core::Fail(core::ErrorKind::kInvalid, "BASE32_INVALID_CHARACTER",
                        "Use only the letters A to Z and the digits 2 to 7.");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    ++characters;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>(buffer >> bits));
    }
  }
  if (!IsPossibleLength(characters))
    return core::Fail(core::ErrorKind::kInvalid, "BASE32_INVALID_LENGTH",
                      "The text is incomplete: check that no characters are missing.");
  return out;
}

}  // namespace jetway::identity
