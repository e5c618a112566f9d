#include "integrity/signing.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <optional>
#include <vector>

namespace jetway::integrity {
namespace {

constexpr std::string_view kPublicTag = "jetway-ed25519-public ";
constexpr std::string_view kPrivateTag = "jetway-ed25519-private ";
constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;

void InitSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string Base64(const unsigned char* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::vector<unsigned char>> FromBase64(std::string_view text, std::size_t size) {
  std::vector<unsigned char> out(size);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end, kVariant) != 0 ||
      length != size || end != text.data() + text.size())
    return std::nullopt;
  return out;
}

// The key bytes of a key file's text: its tag, the base64, an optional newline.
std::optional<std::vector<unsigned char>> KeyBytes(std::string_view text, std::string_view tag, std::size_t size) {
  if (!text.starts_with(tag)) return std::nullopt;
  text.remove_prefix(tag.size());
  if (text.ends_with('\n')) text.remove_suffix(1);
  return FromBase64(text, size);
}

}  // namespace

KeyPair GenerateKeyPair() {
  InitSodium();
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(public_key, secret_key);
  KeyPair pair{fmt::format("{}{}\n", kPrivateTag, Base64(secret_key, sizeof secret_key)),
               fmt::format("{}{}\n", kPublicTag, Base64(public_key, sizeof public_key))};
  sodium_memzero(secret_key, sizeof secret_key);
  return pair;
}

core::Result<std::string> Sign(std::string_view private_key, std::string_view body) {
  InitSodium();
  auto key = KeyBytes(private_key, kPrivateTag, crypto_sign_SECRETKEYBYTES);
  if (!key)
    return core::Fail(core::ErrorKind::kInvalid, "SIGNING_KEY_INVALID",
                      "not a jetway private key (made by `jetway manifest keygen`)");
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                       key->data());
  sodium_memzero(key->data(), key->size());
  return Base64(signature, sizeof signature);
}

core::Result<void> Verify(std::string_view public_key, std::string_view body, std::string_view signature) {
  InitSodium();
  const auto key = KeyBytes(public_key, kPublicTag, crypto_sign_PUBLICKEYBYTES);
  if (!key)
    return core::Fail(core::ErrorKind::kInvalid, "PUBLIC_KEY_INVALID",
                      "not a jetway public key (made by `jetway manifest keygen`)");
  const auto bytes = FromBase64(signature, crypto_sign_BYTES);
  if (!bytes || crypto_sign_verify_detached(bytes->data(), reinterpret_cast<const unsigned char*>(body.data()),
                                            body.size(), key->data()) != 0)
    return core::Fail(core::ErrorKind::kInvalid, "SIGNATURE_INVALID",
                      "the manifest's signature does not verify with this public key: the manifest was changed "
                      "or signed with another key");
  return {};
}

std::string Fingerprint(std::string_view public_key) {
  InitSodium();
  const auto key = KeyBytes(public_key, kPublicTag, crypto_sign_PUBLICKEYBYTES);
  if (!key) return "";
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, key->data(), key->size());
  std::string out = "SHA256:";
  for (std::size_t i = 0; i < 16; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

}  // namespace jetway::integrity
