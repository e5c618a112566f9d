#include "http/ocsp.hpp"

#include <fmt/core.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>

namespace jetway::http {

namespace {

// An OCSP response is a few kilobytes; a much larger file is not one.
constexpr std::streamsize kMaxResponseBytes = 64 * 1024;
// How far the authority's clock may be ahead of ours when it says a response starts to be valid.
constexpr long kClockSkewSeconds = 300;

template <auto Free>
struct Freed {
  template <typename T>
  void operator()(T* p) const { Free(p); }
};
template <typename T, auto Free>
using Owned = std::unique_ptr<T, Freed<Free>>;

std::optional<std::string> ReadBytes(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot be read";
    return std::nullopt;
  }
  std::string bytes;
  bytes.resize(kMaxResponseBytes + 1);
  in.read(bytes.data(), kMaxResponseBytes + 1);
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > static_cast<std::size_t>(kMaxResponseBytes)) {
    *error = path + ": larger than an OCSP response can be";
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::int64_t> ToEpoch(const ASN1_GENERALIZEDTIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

const char* StatusName(int status) {
  switch (status) {
    case V_OCSP_CERTSTATUS_GOOD: return "good";
    case V_OCSP_CERTSTATUS_REVOKED: return "revoked";
    default: return "unknown";
  }
}

}  // namespace

std::optional<OcspStaple> ReadOcspStaple(const std::string& path, X509* certificate, X509* issuer, std::int64_t now,
                                         std::string* error) {
  auto fail = [&](const std::string& what) -> std::optional<OcspStaple> {
    *error = path + ": " + what;
    return std::nullopt;
  };
  auto der = ReadBytes(path, error);
  if (!der) return std::nullopt;
  if (issuer == nullptr) return fail("OCSP stapling needs the issuer's certificate after the server's in the chain");
  const auto* cursor = reinterpret_cast<const unsigned char*>(der->data());
  Owned<OCSP_RESPONSE, OCSP_RESPONSE_free> response(d2i_OCSP_RESPONSE(nullptr, &cursor, static_cast<long>(der->size())));
  if (!response) return fail("not a DER OCSP response");
  if (OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    return fail(fmt::format("the responder answered {}", OCSP_response_status_str(OCSP_response_status(response.get()))));
  Owned<OCSP_BASICRESP, OCSP_BASICRESP_free> basic(OCSP_response_get1_basic(response.get()));
  if (!basic) return fail("not a basic OCSP response");
  Owned<OCSP_CERTID, OCSP_CERTID_free> id(OCSP_cert_to_id(nullptr, certificate, issuer));
  int status = -1;
  int reason = -1;
  ASN1_GENERALIZEDTIME* revoked_at = nullptr;
  ASN1_GENERALIZEDTIME* this_update = nullptr;
  ASN1_GENERALIZEDTIME* next_update = nullptr;
  if (!id || OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked_at, &this_update,
                                   &next_update) != 1)
    return fail("the response does not answer for the certificate in use");
  if (status != V_OCSP_CERTSTATUS_GOOD)
    return fail(fmt::format("the authority says the certificate is {}", StatusName(status)));
  const auto from = ToEpoch(this_update);
  const auto until = ToEpoch(next_update);
  if (!from || !until) return fail("the response has no validity period (thisUpdate and nextUpdate)");
  if (*from > now + kClockSkewSeconds) return fail("the response is not valid yet");
  if (*until <= now) return fail("the response is out of date (its nextUpdate has passed)");
  return OcspStaple{std::move(*der), *until};
}

}  // namespace jetway::http
