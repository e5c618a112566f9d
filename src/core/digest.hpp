// SHA-256 (libsodium) in lowercase hex: of bytes (secrets' hashes, the audit chain) and of a file's contents (backup
// checksums, the install manifest). The one implementation every module calls.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jetway::core {

std::string Sha256Hex(std::string_view bytes);
// HMAC-SHA256 (RFC 2104) of `message` under `key`, in lowercase hex: what a webhook's receiver recomputes.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// FILE_UNREADABLE ("cannot read PATH: reason") when the file cannot be opened or read.
Result<std::string> Sha256File(const std::filesystem::path& path);

}  // namespace jetway::core
