#include "web/signer.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

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
  crypto_auth_hmacsha512256_init(&keyed_, key.data(), key.size());
  sodium_memzero(key.data(), key.size());
}

std::string Signer::Sign(std::string_view purpose, std::string_view message) const {
  // purpose, a NUL and the message: no purpose is a prefix of another's input.
  static constexpr unsigned char kSeparator = 0;
  auto state = keyed_;
  crypto_auth_hmacsha512256_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size());
  crypto_auth_hmacsha512256_update(&state, &kSeparator, 1);
  crypto_auth_hmacsha512256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  std::array<unsigned char, crypto_auth_hmacsha512256_BYTES> mac{};
  crypto_auth_hmacsha512256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
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
