#include "identity/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/secret.hpp"
#include "core/text.hpp"
#include "identity/base32.hpp"

namespace jetway::identity {
namespace {

bool IsSixDigits(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

std::array<unsigned char, 8> BigEndian(std::int64_t step) {
  std::array<unsigned char, 8> bytes{};
  auto value = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i, value >>= 8) bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value);
  return bytes;
}

std::array<unsigned char, 20> HmacSha1(std::span<const unsigned char> key, std::span<const unsigned char> message) {
  // OpenSSL 3 refuses a null key pointer even with length 0, which an empty span may have.
  static constexpr unsigned char kNoKey = 0;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int size = 0;
  if (HMAC(EVP_sha1(), key.empty() ? &kNoKey : key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           mac.data(), &size) == nullptr ||
      size != 20)
    throw std::runtime_error("HMAC-SHA-1 failed");
  std::array<unsigned char, 20> out{};
  std::copy_n(mac.begin(), out.size(), out.begin());
  return out;
}

}  // namespace

std::int64_t TotpStep(std::int64_t unix_time) {
  std::int64_t step = unix_time / kTotpPeriodSeconds;
  if (unix_time % kTotpPeriodSeconds < 0) --step;
  return step;
}

std::string TotpCode(std::span<const unsigned char> secret, std::int64_t step, int digits) {
  if (digits < 6 || digits > 8) throw std::invalid_argument("a TOTP code has 6 to 8 digits");
  const auto counter = BigEndian(step);
  const auto mac = HmacSha1(secret, counter);
  // Dynamic truncation (RFC 4226 §5.3): 31 bits from an offset chosen by the MAC's last nibble.
  const std::size_t offset = mac[19] & 0x0f;
  std::uint32_t number = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                         (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::string code(static_cast<std::size_t>(digits), '0');
  for (auto it = code.rbegin(); it != code.rend(); ++it, number /= 10) *it = static_cast<char>('0' + number % 10);
  return code;
}

std::optional<std::int64_t> VerifyTotp(std::span<const unsigned char> secret, std::string_view code,
                                       std::int64_t unix_time, std::optional<std::int64_t> last_used_step) {
  if (secret.size() < kTotpMinSecretBytes || !IsSixDigits(code)) return std::nullopt;
  const std::int64_t now = TotpStep(unix_time);
  std::optional<std::int64_t> matched;
  // Every step in the window is computed and compared, so the time taken does not reveal which one matched. Should
  // two steps share the code, the earliest wins: storing a later one would refuse the person's next genuine code.
  for (std::int64_t step = now + 1; step >= now - 1; --step) {
    const bool equal = core::SecretEquals(TotpCode(secret, step), code);
    const bool fresh = !last_used_step || step > *last_used_step;
    if (equal && fresh) matched = step;
  }
  return matched;
}

std::vector<unsigned char> NewTotpSecret(core::Random& random) {
  std::vector<unsigned char> secret;
  secret.reserve(kTotpSecretBytes);
  while (secret.size() < kTotpSecretBytes) {
    std::uint64_t bits = random.Next();
    for (int i = 0; i < 8 && secret.size() < kTotpSecretBytes; ++i, bits >>= 8)
      secret.push_back(static_cast<unsigned char>(bits));
  }
  return secret;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::span<const unsigned char> secret) {
  const std::string encoded_issuer = core::UrlEncode(issuer);
  return "otpauth://totp/" + encoded_issuer + ":" + core::UrlEncode(account) + "?secret=" + Base32Encode(secret) +
         "&issuer=" + encoded_issuer + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpPeriodSeconds);
}

}  // namespace jetway::identity
