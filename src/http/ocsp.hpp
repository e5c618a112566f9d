// OCSP stapling: the certificate authority's signed answer that the certificate is not revoked, sent by jetway in the
// handshake so that browsers need not ask the authority themselves (which is slow and tells it which sites a person
// visits). jetway does not fetch it: an operator's timer does (`openssl ocsp ... -respout`, deploy/systemd), and
// SIGHUP reads the new file with the certificate. A response is accepted only if it answers for this certificate,
// says "good" and is current; a stale one is no longer stapled.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace jetway::http {

struct OcspStaple {
  std::string der;               // the OCSP response as the authority signed it (DER)
  std::int64_t next_update = 0;  // seconds since the epoch (UTC): after it the response is stale
};

// Reads the DER OCSP response in `path` and checks it against `certificate`, issued by `issuer`, at `now` (seconds
// since the epoch). nullopt with *error (naming the file and what is wrong) when it does not load, is not a
// successful response, does not answer for the certificate, says it is revoked or unknown, or is out of date.
std::optional<OcspStaple> ReadOcspStaple(const std::string& path, X509* certificate, X509* issuer, std::int64_t now,
                                         std::string* error);

}  // namespace jetway::http
