// ISO 3166-1 country codes: the alpha-2 codes jetway keeps (nationality, a document's issuing country) and the
// alpha-3 codes the standards' messages carry (SSR DOCS, APIS). The table is Debian iso-codes' (read at build time).
#pragma once

#include <optional>
#include <string_view>

namespace jetway::core {

// "DK" → "DNK"; nullopt for a code that is no country.
std::optional<std::string_view> Alpha3(std::string_view alpha2);
// "DNK" → "DK"; nullopt for a code that is no country.
std::optional<std::string_view> Alpha2(std::string_view alpha3);

}  // namespace jetway::core
