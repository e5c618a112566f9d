// The signed tokens the pages hand out and read back: a chosen flight and price, a booking link. A token with a
// wrong signature must be refused before anything is parsed; one that is correctly signed (the fuzzer's text signed
// here, so the parser behind the check is reached) must still be read defensively.
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "ibe/selection.hpp"
#include "web/signer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jetway;
  static const web::Signer signer(std::string(64, 'a'));
  const auto now = core::FromEpoch(1'796'212'800);
  const auto fields = fuzz::Fields(fuzz::Text(data, size), 2);
  if (ibe::DecodeSelection(signer, fields[0], now)) std::abort();  // nobody can forge the signature
  const std::string body(fields[0]);
  ibe::DecodeSelection(signer, body + "." + signer.Sign("selection", body), now);
  ibe::ReadBookingToken(signer, fields[1], fields[0], now);
  return 0;
}
