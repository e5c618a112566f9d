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

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF) without a NUL:
// what every text column of both databases can hold (PostgreSQL refuses the rest, SQLite would store it as it is).
bool IsText(std::string_view text);
// `text` made IsText, for what is recorded as it came (a browser's name): each byte that does not begin a well-formed
// character, and each NUL, becomes U+FFFD; cut at a character's end to at most `max_bytes`.
std::string ToText(std::string_view text, std::size_t max_bytes = std::string_view::npos);
// Percent-encodes everything but RFC 3986's unreserved characters, for a value inside a URL's query.
std::string UrlEncode(std::string_view text);
// Without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view text);
// A JSON string literal, quotes included, for the small JSON documents services write (audit rows, histories).
std::string JsonQuote(std::string_view text);
// The same, appended to `out`.
void AppendJsonQuoted(std::string& out, std::string_view text);

}  // namespace jetway::core
