// The API v1's JSON bodies, as anyone on the internet may send them: the strict JSON reader, then the hold,
// confirmation, change, seat, travel-document, SSR and extras readers, the last name, and the idempotency
// fingerprint. Every refusal must be a 4xx error.
#include <cstdint>
#include <cstdlib>

#include "api/requests.hpp"
#include "fuzz_input.hpp"

namespace {

void ExpectClientError(const jetway::core::Error& error) {
  if (jetway::http::StatusOf(error.kind) >= 500 || error.code.empty() || error.message.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jetway;
  http::Request request;
  request.method = "POST";
  request.headers["Content-Type"] = "application/json";
  request.body = std::string(fuzz::Text(data, size));
  auto body = api::ParseBody(request, true);
  if (!body) {
    ExpectClientError(body.error());
    return 0;
  }
  if (auto hold = api::ParseHold(*body); !hold) ExpectClientError(hold.error());
  if (auto confirm = api::ParseConfirm(*body); !confirm) ExpectClientError(confirm.error());
  if (auto change = api::ParseChange(*body); !change) ExpectClientError(change.error());
  if (auto seats = api::ParseSeatChoices(*body, true); !seats) ExpectClientError(seats.error());
  if (auto documents = api::ParseTravelDocuments(*body); !documents) ExpectClientError(documents.error());
  if (auto ssrs = api::ParseSsrs(*body); !ssrs) ExpectClientError(ssrs.error());
  if (auto ssr = api::ParseSsr(*body, ""); !ssr) ExpectClientError(ssr.error());
  if (auto extras = api::ParseExtras(*body); !extras) ExpectClientError(extras.error());
  if (auto name = api::OptString(*body, "last_name", "last_name"); !name) ExpectClientError(name.error());
  if (api::Fingerprint(*body).size() != 16) std::abort();
  return 0;
}
