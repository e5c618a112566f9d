// Signs what the pages hand to the browser and must get back unchanged: a chosen flight and its price, a
// booking's access link, the CSRF token bound to a browser's session cookie. HMAC-SHA-512/256 (libsodium
// crypto_auth) under the site key from the web database, so every app server behind the load balancer signs and
// verifies alike without shared memory. Each use has its own purpose string, so a tag for one cannot pass as another.
// Immutable after construction; thread-safe.
#pragma once

#include <sodium/crypto_auth_hmacsha512256.h>

#include <string>
#include <string_view>

namespace jetway::web {

class Signer {
 public:
  // `key_hex`: 64 hex digits (32 bytes); throws std::invalid_argument otherwise.
  explicit Signer(std::string_view key_hex);

  // 32 hex digits (the first 128 bits of the MAC): short enough for a URL, far beyond guessing.
  std::string Sign(std::string_view purpose, std::string_view message) const;
  // Constant-time comparison against a fresh tag.
  bool Verify(std::string_view purpose, std::string_view message, std::string_view tag) const;

 private:
  // HMAC's state after the key (its inner and outer pads hashed): each tag starts from a copy, so signing costs the
  // message's hashing only. A results page signs one tag per offer.
  crypto_auth_hmacsha512256_state keyed_{};
};

// 32 random bytes as 64 hex digits, from libsodium's CSPRNG: a new site key.
std::string NewSiteKey();
// 128 random bits as 32 hex digits: a session cookie's value or a form's nonce.
std::string NewToken();

}  // namespace jetway::web
