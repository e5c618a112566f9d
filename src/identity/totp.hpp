// Time-based one-time passwords (RFC 6238) as the second factor for staff sign-in: HMAC-SHA-1, 30-second steps,
// 6 digits — the only parameters every authenticator app honours, whatever the otpauth URI asks for. Pure
// functions apart from the randomness passed in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.hpp"

namespace jetway::identity {

inline constexpr std::int64_t kTotpPeriodSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr std::size_t kTotpSecretBytes = 20;     // 160 bits, RFC 4226's recommendation
inline constexpr std::size_t kTotpMinSecretBytes = 16;  // 128 bits, RFC 4226's minimum

// The step `unix_time` falls in (rounded down, so even times before 1970 are counted consistently).
std::int64_t TotpStep(std::int64_t unix_time);

// The code for one step. `digits` must be 6 to 8 (RFC 4226 §5.3); other values throw std::invalid_argument.
std::string TotpCode(std::span<const unsigned char> secret, std::int64_t step, int digits = kTotpDigits);

// The step `code` belongs to when it is the code of the step of `unix_time` or of the one before or after (phones'
// clocks drift and people type slowly); nullopt otherwise. A step at or before `last_used_step` is refused, so a
// code seen over someone's shoulder cannot be used again: the caller stores the step returned. Refuses anything but
// exactly 6 ASCII digits, and secrets shorter than 128 bits (an empty secret would make every code guessable).
std::optional<std::int64_t> VerifyTotp(std::span<const unsigned char> secret, std::string_view code,
                                       std::int64_t unix_time, std::optional<std::int64_t> last_used_step);

// A fresh 160-bit secret for one person's authenticator.
std::vector<unsigned char> NewTotpSecret(core::Random& random);

// The otpauth URI authenticator apps scan from a QR code (Google's Key URI format), naming the issuer twice: in the
// label for old apps, in the parameter for new ones. The issuer and account are percent-encoded; neither should
// contain ':' because apps split the decoded label at the first one.
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::span<const unsigned char> secret);

}  // namespace jetway::identity
