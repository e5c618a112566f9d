// Content negotiation: the header-list helpers (elements, q-values), which content coding a client accepts (Accept-Encoding with
// q-values, RFC 9110 §12.5.3) and whether its If-None-Match names the current entity tag (§13.1.2, weak
// comparison). Pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace jetway::http {

// Takes the next `separator`-delimited element off the front of `rest`, trimmed of spaces and tabs.
std::string_view NextElement(std::string_view& rest, char separator);
// The weight of a list element's parameters ("q=0.5;x=y") in thousandths (1000 when no q); nullopt when malformed.
std::optional<int> Weight(std::string_view params);

enum class Coding { kIdentity, kGzip, kBrotli };

// The best coding the client accepts among those available; brotli before gzip when both are equally welcome.
// Identity when the header is absent, names neither, or refuses both.
Coding ChooseCoding(std::string_view accept_encoding, bool gzip_available, bool brotli_available);

// True when Accept names text/html (or text/*) with a weight above zero: the client is a browser asking for a page.
bool AcceptsHtml(std::string_view accept);

// True when If-None-Match is "*" or lists `etag` (a quoted entity tag), ignoring W/ prefixes.
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace jetway::http
