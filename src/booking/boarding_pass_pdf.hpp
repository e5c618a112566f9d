// Boarding passes as a PDF (pdf/canvas): a page per passenger and flight with what BoardingCard says and the IATA
// Resolution 792 barcode as a PDF417 symbol (barcode/), which a gate's scanner reads from paper or a screen.
// Thread-safe: each call draws its own document.
#pragma once

#include <string>
#include <vector>

#include "booking/boarding_card.hpp"
#include "web/locales.hpp"

namespace jetway::booking {

// The PDF's bytes. Throws std::runtime_error should cairo fail.
std::string BoardingPassPdf(const std::vector<BoardingCard>& cards, const std::string& airline_name,
                            const web::Locales& locales, const web::Language& lang);

}  // namespace jetway::booking
