// Query strings and the values read from them (airports, dates, numbers), the path's locator and the
// Idempotency-Key header: the URL is the first thing an attacker writes.
#include <cstdint>
#include <cstdlib>

#include "api/requests.hpp"
#include "fuzz_input.hpp"

namespace {

template <typename T>
void ExpectClientErrorIfRefused(const jetway::core::Result<T>& result) {
  if (!result && (jetway::http::StatusOf(result.error().kind) >= 500 || result.error().code.empty())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jetway;
  const auto fields = fuzz::Fields(fuzz::Text(data, size), 3);
  http::Request request;
  request.query_string = std::string(fields[0]);
  auto query = http::ParseQuery(fields[0]);
  if (query) request.query = std::move(*query);
  request.params["locator"] = std::string(fields[1]);
  request.headers["Idempotency-Key"] = std::string(fields[2]);
  ExpectClientErrorIfRefused(api::QueryAirport(request, "origin"));
  ExpectClientErrorIfRefused(api::QueryDate(request, "date", true));
  ExpectClientErrorIfRefused(api::QueryDate(request, "return_date", false));
  ExpectClientErrorIfRefused(api::QueryInt(request, "adults", 1));
  ExpectClientErrorIfRefused(api::PathLocator(request));
  ExpectClientErrorIfRefused(api::IdempotencyKey(request));
  return 0;
}
