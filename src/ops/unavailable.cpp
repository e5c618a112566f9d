#include "ops/unavailable.hpp"

#include "http/negotiation.hpp"
#include "store/store.hpp"

namespace jetway::ops {

namespace {

constexpr const char* kRetryAfterSeconds = "2";

// Plain and self-contained: the page must not need the database (site settings, texts) that is missing.
constexpr const char* kUnavailablePage =
    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Unavailable for a moment</title>\n</head>\n<body>\n<main>\n<h1>Unavailable for a moment</h1>\n"
    "<p role=\"alert\" data-code=\"SERVICE_UNAVAILABLE\">We cannot reach our booking system just now. Nothing you "
    "sent was lost or booked twice: please try again in a moment.</p>\n<p><a href=\"/\">Back to the start</a></p>\n"
    "</main>\n</body>\n</html>\n";

bool IsUnavailable(const std::exception& e) {
  const auto* store_error = dynamic_cast<const store::StoreError*>(&e);
  if (!store_error) return false;
  switch (store_error->kind()) {
    case store::StoreErrorKind::kUnavailable:
    case store::StoreErrorKind::kBusy:
    case store::StoreErrorKind::kConflict: return true;
    default: return false;
  }
}

}  // namespace

std::optional<http::Response> ResponseForException(const http::Request& request, const std::exception& e) {
  if (!IsUnavailable(e)) return std::nullopt;
  auto response = http::AcceptsHtml(request.Header("Accept").value_or(""))
                      ? http::HtmlResponse(503, kUnavailablePage)
                      : http::ErrorResponse(503, "SERVICE_UNAVAILABLE",
                                            "the booking database is unavailable for a moment; please retry shortly");
  response.log_code = "SERVICE_UNAVAILABLE";
  response.headers.emplace_back("Retry-After", kRetryAfterSeconds);
  return response;
}

}  // namespace jetway::ops
