#include "web/signer.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace jetway::web {

namespace {

void InitSodium() {
  // sodium_init is idempotent and thread-safe; it fails only when the kernel offers no randomness.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

constexpr std::size_t kTagBytes = 16;

}  // namespace

Signer::Signer(std::string_view key_hex) {
  InitSodium();
  std::array<unsigned char, crypto_auth_KEYBYTES> key{};
  std::size_t length = 0;
  if (key_hex.size() != 2 * key.size() ||
      sodium_hex2bin(key.data(), key.size(), key_hex.data(), key_hex.size(), nullptr, &length, nullptr) != 0 ||
      length != key.size())
    throw std::invalid_argument("the site key must be 64 hex digits");
  key_.assign(reinterpret_cast<const char*>(key.data()), key.size());
}

std::string Signer::Sign(std::string_view purpose, std::string_view message) const {
  // purpose, a NUL and the message: no purpose is a prefix of another's input.
  std::vector<unsigned char> input(purpose.begin(), purpose.end());
  input.push_back(0);
  input.insert(input.end(), message.begin(), message.end());
  std::array<unsigned char, crypto_auth_BYTES> mac{};
  crypto_auth(mac.data(), input.data(), input.size(), reinterpret_cast<const unsigned char*>(key_.data()));
  return Hex(mac.data(), kTagBytes);
}

bool Signer::Verify(std::string_view purpose, std::string_view message, std::string_view tag) const {
  const std::string expected = Sign(purpose, message);
  if (tag.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), tag.data(), expected.size()) == 0;
}

std::string NewSiteKey() {
  InitSodium();
  std::array<unsigned char, crypto_auth_KEYBYTES> key{};
  randombytes_buf(key.data(), key.size());
  return Hex(key.data(), key.size());
}

std::string NewToken() {
  InitSodium();
  std::array<unsigned char, 16> token{};
  randombytes_buf(token.data(), token.size());
  return Hex(token.data(), token.size());
}

}  // namespace jetway::web
