#include "core/secret.hpp"

namespace jetway::core {

std::string GenerateSecretToken(Random& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(32);
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = random.Next();
    for (int i = 0; i < 16; ++i, bits >>= 4) token.push_back(kHex[bits & 0xf]);
  }
  return token;
}

std::string GenerateUuid(Random& random) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  unsigned nibbles[32];
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = random.Next();
    for (int i = 0; i < 16; ++i, bits >>= 4) nibbles[half * 16 + i] = static_cast<unsigned>(bits & 0xf);
  }
  nibbles[12] = 4;                        // version 4: random
  nibbles[16] = 8 | (nibbles[16] & 3);  // variant 10xx
  std::string uuid;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) uuid.push_back('-');
    uuid.push_back(kHex[nibbles[i]]);
  }
  return uuid;
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool IsSecretToken(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace jetway::core
