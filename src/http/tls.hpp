// HTTPS on jetway's own listeners: OpenSSL through Asio. TLS 1.2 and 1.3 only, with 256-bit AEAD suites
// (AES-256-GCM, ChaCha20-Poly1305) and ECDHE key exchange only: no CBC, no RSA key exchange, no compression or
// renegotiation. The certificate chain and key are read from PEM files at start and again on Reload (SIGHUP): each
// handshake takes the pair loaded last, so new connections get a renewed certificate while open ones keep theirs.
// With an OCSP response file (http/ocsp.hpp) the handshake staples it to the certificate when a client asks.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

struct ssl_st;  // OpenSSL's SSL

namespace asio::ssl {
class context;
}

namespace jetway::http {

struct TlsFiles {
  std::string certificate;  // PEM: the server's certificate, then its intermediates
  std::string key;          // PEM: its private key
  std::string ocsp_response;  // DER: the authority's OCSP response for the certificate, stapled; empty for none
};

class TlsCertificates {
 public:
  explicit TlsCertificates(TlsFiles files);
  ~TlsCertificates();
  TlsCertificates(const TlsCertificates&) = delete;
  TlsCertificates& operator=(const TlsCertificates&) = delete;

  // Reads the files; false with *error (naming the file) when they do not load or the key does not match the
  // certificate, and then the pair loaded before stays in use.
  bool Load(std::string* error);
  // The subject of the certificate in use ("CN=book.example.com"), for the log.
  std::string Subject() const;
  // When the certificate in use expires, in seconds since the epoch (UTC); nullopt before a Load.
  std::optional<std::int64_t> NotAfter() const;
  // When the stapled OCSP response goes stale (seconds since the epoch); nullopt when none is stapled.
  std::optional<std::int64_t> OcspNextUpdate() const;
  // A server context with jetway's protocol and cipher policy whose handshakes use these certificates. The context
  // must not outlive this object.
  std::shared_ptr<asio::ssl::context> MakeContext();

  struct Pair;

 private:
  std::shared_ptr<const Pair> Current() const;
  static int OnHandshake(::ssl_st* ssl, void* self);
  static int OnStatusRequest(::ssl_st* ssl, void* self);

  TlsFiles files_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Pair> current_;
};

// The policy, for tests and the documentation: what MakeContext allows.
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305";
inline constexpr const char* kTls13Ciphersuites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

}  // namespace jetway::http
