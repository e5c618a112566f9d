// The install manifest (src/integrity): read from a file an intruder may have changed.
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "integrity/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jetway;
  auto parsed = integrity::ParseManifest(fuzz::Text(data, size));
  if (!parsed) {
    if (parsed.error().code != "MANIFEST_INVALID") std::abort();
    return 0;
  }
  // What parses writes back to the same signed text.
  if (integrity::ManifestBody(parsed->manifest) != parsed->body) std::abort();
  integrity::Compare(parsed->manifest.files, {});
  return 0;
}
