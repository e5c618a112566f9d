// Base32 (RFC 4648 §6) is how authenticator apps take a TOTP secret typed by hand or read from a QR code. Encoding
// writes upper case without '=' padding, the form those apps expect in an otpauth URI; decoding forgives what a
// person copying a secret does (lower case, spaces in groups, trailing '=') but refuses anything else rather than
// guessing, since a wrong secret only shows up later as codes that never match. Pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jetway::identity {

std::string Base32Encode(std::span<const unsigned char> bytes);
// Errors: BASE32_INVALID_CHARACTER, BASE32_INVALID_LENGTH (a length no encoding can have: a truncated secret).
core::Result<std::vector<unsigned char>> Base32Decode(std::string_view text);

}  // namespace jetway::identity
