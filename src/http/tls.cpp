#include "http/tls.hpp"

#include "http/ocsp.hpp"

#include <asio/ssl.hpp>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>

namespace jetway::http {

struct TlsCertificates::Pair {
  X509* certificate = nullptr;
  EVP_PKEY* key = nullptr;
  STACK_OF(X509)* chain = nullptr;  // the intermediates
  std::optional<OcspStaple> ocsp;
  ~Pair() {
    X509_free(certificate);
    EVP_PKEY_free(key);
    sk_X509_pop_free(chain, X509_free);
  }
};

namespace {

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no PEM data";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::unique_ptr<BIO, decltype(&BIO_free)> OpenFile(const std::string& path) {
  return {BIO_new_file(path.c_str(), "r"), &BIO_free};
}

bool ReadChain(const std::string& path, TlsCertificates::Pair& pair, std::string* error) {
  auto file = OpenFile(path);
  if (!file) {
    *error = path + ": cannot be read";
    return false;
  }
  pair.certificate = PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr);
  if (!pair.certificate) {
    *error = path + ": no certificate (" + OpenSslError() + ")";
    return false;
  }
  pair.chain = sk_X509_new_null();
  while (X509* next = PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr)) sk_X509_push(pair.chain, next);
  ERR_clear_error();  // the end of the file reads as an error
  return true;
}

bool ReadKey(const std::string& path, TlsCertificates::Pair& pair, std::string* error) {
  auto file = OpenFile(path);
  if (!file) {
    *error = path + ": cannot be read";
    return false;
  }
  pair.key = PEM_read_bio_PrivateKey(file.get(), nullptr, nullptr, nullptr);
  if (!pair.key) {
    *error = path + ": no private key (" + OpenSslError() + ")";
    return false;
  }
  return true;
}

}  // namespace

TlsCertificates::TlsCertificates(TlsFiles files) : files_(std::move(files)) {}
TlsCertificates::~TlsCertificates() = default;

bool TlsCertificates::Load(std::string* error) {
  auto pair = std::make_shared<Pair>();
  if (!ReadChain(files_.certificate, *pair, error) || !ReadKey(files_.key, *pair, error)) return false;
  if (X509_check_private_key(pair->certificate, pair->key) != 1) {
    ERR_clear_error();
    *error = files_.key + ": the private key does not belong to the certificate in " + files_.certificate;
    return false;
  }
  if (!files_.ocsp_response.empty()) {
    X509* issuer = sk_X509_num(pair->chain) > 0 ? sk_X509_value(pair->chain, 0) : nullptr;
    pair->ocsp = ReadOcspStaple(files_.ocsp_response, pair->certificate, issuer, std::time(nullptr), error);
    if (!pair->ocsp) return false;
  }
  std::lock_guard lock(mutex_);
  current_ = std::move(pair);
  return true;
}

std::shared_ptr<const TlsCertificates::Pair> TlsCertificates::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::string TlsCertificates::Subject() const {
  auto pair = Current();
  if (!pair) return {};
  char text[512];
  X509_NAME_oneline(X509_get_subject_name(pair->certificate), text, sizeof text);
  return text;
}

std::optional<std::int64_t> TlsCertificates::NotAfter() const {
  auto pair = Current();
  if (!pair) return std::nullopt;
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(pair->certificate), &tm) != 1) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::optional<std::int64_t> TlsCertificates::OcspNextUpdate() const {
  auto pair = Current();
  if (!pair || !pair->ocsp) return std::nullopt;
  return pair->ocsp->next_update;
}

// OpenSSL asks this at each handshake, on the thread doing it: the pair loaded last becomes this connection's.
int TlsCertificates::OnHandshake(SSL* ssl, void* self) {
  auto pair = static_cast<TlsCertificates*>(self)->Current();
  if (!pair) return 0;
  return SSL_use_cert_and_key(ssl, pair->certificate, pair->key, pair->chain, 1) == 1 ? 1 : 0;
}

// OpenSSL asks this when a client asks for the certificate's status, after OnHandshake chose the pair: staple that
// pair's response while it is current. A reload between the two calls changes the pair: then nothing is stapled.
int TlsCertificates::OnStatusRequest(SSL* ssl, void* self) {
  auto pair = static_cast<TlsCertificates*>(self)->Current();
  if (!pair || !pair->ocsp || SSL_get_certificate(ssl) != pair->certificate ||
      pair->ocsp->next_update <= std::time(nullptr))
    return SSL_TLSEXT_ERR_NOACK;
  const auto& der = pair->ocsp->der;
  // OpenSSL frees the copy once the handshake has sent it.
  auto* copy = static_cast<unsigned char*>(OPENSSL_memdup(der.data(), der.size()));
  if (copy == nullptr) return SSL_TLSEXT_ERR_NOACK;
  SSL_set_tlsext_status_ocsp_resp(ssl, copy, static_cast<long>(der.size()));
  return SSL_TLSEXT_ERR_OK;
}

std::shared_ptr<asio::ssl::context> TlsCertificates::MakeContext() {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_NO_TICKET);
  SSL_CTX_set_cipher_list(ctx, kTls12Ciphers);
  SSL_CTX_set_ciphersuites(ctx, kTls13Ciphersuites);
  SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384");
  SSL_CTX_set_cert_cb(ctx, &TlsCertificates::OnHandshake, this);
  SSL_CTX_set_tlsext_status_cb(ctx, &TlsCertificates::OnStatusRequest);
  SSL_CTX_set_tlsext_status_arg(ctx, this);
  return context;
}

}  // namespace jetway::http
