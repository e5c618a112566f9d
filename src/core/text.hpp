// Small text rules shared across layers: URL encoding, trimming, ASCII case folding (codes, names and headers are ASCII
// by the time they are compared) and strict integer parsing (the whole text, no sign tricks, within bounds). Pure
// functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jetway::core {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
std::string AsciiLower(std::string_view text);
std::string AsciiUpper(std::string_view text);

// The whole of `text` as a decimal integer in [min, max]; nullopt for anything else (empty, trailing junk,
// out of range).
std::optional<std::int64_t> ParseInteger(std::string_view text, std::int64_t min, std::int64_t max);

// Percent-encodes everything but RFC 3986's unreserved characters, for a value inside a URL's query.
std::string UrlEncode(std::string_view text);
// Without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view text);
// A JSON string literal, quotes included, for the small JSON documents services write (audit rows, histories).
std::string JsonQuote(std::string_view text);

}  // namespace jetway::core
