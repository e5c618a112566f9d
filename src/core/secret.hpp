// Secret tokens handed to one caller as a capability (a hold's token): 128 bits from the CSPRNG behind Random, as
// 32 lower-case hex digits; and a comparison whose time does not depend on where two secrets differ.
#pragma once

#include <string>
#include <string_view>

#include "core/random.hpp"

namespace jetway::core {

std::string GenerateSecretToken(Random& random);
bool IsSecretToken(std::string_view text);
// A random (version 4) UUID in upper case, "6F2A9C41-3B7D-4E15-9A0C-5D8E21B4C7F3": an id others refer to a record by
// that says nothing about how many records there are.
std::string GenerateUuid(Random& random);
bool IsUuid(std::string_view text);
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace jetway::core
