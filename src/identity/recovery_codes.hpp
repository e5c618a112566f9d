// One-time recovery codes let a member of staff sign in when their authenticator is lost. Each code carries about
// 49.5 bits (10 characters from 31), plenty when guesses are limited (core::AttemptLimiter) and each code works
// once; the alphabet leaves out 0, O, 1, I and L so a code copied from paper is never misread. Only the normalized
// form is hashed and stored, so the grouping dash, spaces and case a person types back do not matter. Pure
// functions apart from the randomness passed in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.hpp"

namespace jetway::identity {

inline constexpr std::size_t kRecoveryCodeCount = 10;
inline constexpr std::size_t kRecoveryCodeLength = 10;  // characters, without the dash
inline constexpr std::string_view kRecoveryCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

// kRecoveryCodeCount distinct codes as shown to the person, "XXXXX-XXXXX".
std::vector<std::string> NewRecoveryCodes(core::Random& random);

// Upper case without spaces, tabs or dashes: the form the caller hashes when storing and when checking a code.
std::string NormalizeRecoveryCode(std::string_view text);

// Whether a normalized text could be a recovery code at all, so junk is refused before any hashing.
bool IsRecoveryCode(std::string_view normalized);

}  // namespace jetway::identity
