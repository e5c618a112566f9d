// Ed25519 keys and signatures for the install manifest (libsodium). A key file is one line, like an OpenSSH key:
// "jetway-ed25519-public <base64>" (32 bytes) or "jetway-ed25519-private <base64>" (libsodium's 64-byte secret key).
// The private key stays with whoever builds and installs (never on the serving machine); the server and
// `jetway verify-install` need only the public one.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jetway::integrity {

struct KeyPair {
  std::string private_key;  // the file's text
  std::string public_key;
};

KeyPair GenerateKeyPair();

// SIGNING_KEY_INVALID when `private_key` is not a private key file's text. Returns the base64 signature.
core::Result<std::string> Sign(std::string_view private_key, std::string_view body);

// PUBLIC_KEY_INVALID for a malformed key; SIGNATURE_INVALID when the signature does not verify.
core::Result<void> Verify(std::string_view public_key, std::string_view body, std::string_view signature);

// "SHA256:" and the first 16 bytes of the key's SHA-256 in hex: short enough to compare by eye with the one the
// installer noted. Empty for a malformed key.
std::string Fingerprint(std::string_view public_key);

}  // namespace jetway::integrity
