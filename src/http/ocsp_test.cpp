#include "http/ocsp.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "build_paths.hpp"

namespace jetway::http {
namespace {

const std::string kDir = JETWAY_SOURCE_DIR "/src/http/testdata/ocsp/";
// good.der's validity (see testdata/ocsp/README.md).
constexpr std::int64_t kThisUpdate = 1796278655;  // 2026-12-03T06:17:35Z
constexpr std::int64_t kNextUpdate = 1796365055;  // 2026-12-04T06:17:35Z
constexpr std::int64_t kWithin = kThisUpdate + 3600;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Certificate = std::unique_ptr<X509, X509Free>;

Certificate ReadCertificate(const std::string& name) {
  std::FILE* file = std::fopen((kDir + name).c_str(), "r");
  if (file == nullptr) return nullptr;
  Certificate certificate(PEM_read_X509(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  return certificate;
}

class OcspStapleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_ = ReadCertificate("ca.crt");
    leaf_ = ReadCertificate("leaf.crt");
    other_ = ReadCertificate("other.crt");
    ASSERT_TRUE(ca_ && leaf_ && other_);
  }
  std::optional<OcspStaple> Read(const std::string& file, X509* certificate, std::int64_t now) {
    return ReadOcspStaple(file, certificate, ca_.get(), now, &error_);
  }

  Certificate ca_, leaf_, other_;
  std::string error_;
};

TEST_F(OcspStapleTest, AGoodCurrentResponseForTheCertificateIsKeptAsSigned) {
  auto staple = Read(kDir + "good.der", leaf_.get(), kWithin);
  ASSERT_TRUE(staple) << error_;
  EXPECT_EQ(staple->next_update, kNextUpdate);
  std::ifstream in(kDir + "good.der", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(staple->der, bytes);
}

TEST_F(OcspStapleTest, AResponseForAnotherCertificateIsRefused) {
  EXPECT_FALSE(Read(kDir + "good.der", other_.get(), kWithin));
  EXPECT_EQ(error_, kDir + "good.der: the response does not answer for the certificate in use");
}

TEST_F(OcspStapleTest, ARevokedCertificateIsRefused) {
  EXPECT_FALSE(Read(kDir + "revoked.der", leaf_.get(), kWithin));
  EXPECT_EQ(error_, kDir + "revoked.der: the authority says the certificate is revoked");
}

TEST_F(OcspStapleTest, AResponseOutOfItsValidityIsRefused) {
  EXPECT_FALSE(Read(kDir + "good.der", leaf_.get(), kNextUpdate));
  EXPECT_EQ(error_, kDir + "good.der: the response is out of date (its nextUpdate has passed)");
  EXPECT_FALSE(Read(kDir + "good.der", leaf_.get(), kThisUpdate - 3600));
  EXPECT_EQ(error_, kDir + "good.der: the response is not valid yet");
  // The authority's clock may run a little ahead of ours.
  EXPECT_TRUE(Read(kDir + "good.der", leaf_.get(), kThisUpdate - 60)) << error_;
}

TEST_F(OcspStapleTest, WhatIsNotASuccessfulResponseIsRefused) {
  const std::string dir = ::testing::TempDir();
  const std::string try_later = dir + "try-later.der", garbage = dir + "garbage.der";
  std::ofstream(try_later, std::ios::binary) << std::string("\x30\x03\x0a\x01\x03", 5);  // status tryLater
  std::ofstream(garbage, std::ios::binary) << "-----BEGIN CERTIFICATE-----";
  EXPECT_FALSE(Read(try_later, leaf_.get(), kWithin));
  EXPECT_EQ(error_, try_later + ": the responder answered trylater");
  EXPECT_FALSE(Read(garbage, leaf_.get(), kWithin));
  EXPECT_EQ(error_, garbage + ": not a DER OCSP response");
  EXPECT_FALSE(Read(dir + "missing.der", leaf_.get(), kWithin));
  EXPECT_EQ(error_, dir + "missing.der: cannot be read");
  EXPECT_FALSE(ReadOcspStaple(kDir + "good.der", leaf_.get(), nullptr, kWithin, &error_));
  EXPECT_EQ(error_, kDir + "good.der: OCSP stapling needs the issuer's certificate after the server's in the chain");
}

}  // namespace
}  // namespace jetway::http
