// The libcurl transport's unhappy path without any network beyond 127.0.0.1: a server that is not there is an
// Error value within the connect timeout, never an exception or a hang. (The happy path runs against a real SMTP
// server in tests/http/test_mail.py.)
#include "mail/smtp_transport.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace jetway::mail {

namespace {

// A 127.0.0.1 port nobody listens on: bound, read, released.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST(SmtpTransport, ServerDownIsAnErrorValue) {
  SmtpTransport transport({"smtp://127.0.0.1:" + std::to_string(ClosedPort()), std::chrono::milliseconds{2000},
                           std::chrono::milliseconds{4000}});
  const auto start = std::chrono::steady_clock::now();
  auto result = transport.Send({"bookings@x9.example", "ida@example.dk", "Subject: x\r\n\r\nx\r\n"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "SMTP_ERROR");
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{5});
}

TEST(SmtpTransport, OnlyMailProtocolsAreSpoken) {
  SmtpTransport transport({"http://127.0.0.1:" + std::to_string(ClosedPort()) + "/", std::chrono::milliseconds{2000},
                           std::chrono::milliseconds{4000}});
  auto result = transport.Send({"bookings@x9.example", "ida@example.dk", "x\r\n"});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("rotocol"), std::string::npos) << result.error().message;
}

TEST(SmtpTransport, StalledServerTimesOut) {
  // Listens but never greets: the total timeout must end the attempt.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  SmtpTransport transport({"smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port)),
                           std::chrono::milliseconds{1000}, std::chrono::milliseconds{1500}});
  const auto start = std::chrono::steady_clock::now();
  auto result = transport.Send({"bookings@x9.example", "ida@example.dk", "x\r\n"});
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  ASSERT_FALSE(result);
  // It waited for the timeout rather than giving up at once. libcurl times it on its own clock, in whole
  // milliseconds from just after it starts, so ours may read a hair under 1000 ms (999.56 in a CI run).
  EXPECT_GE(took, std::chrono::milliseconds{950});
  EXPECT_LT(took, std::chrono::seconds{4});
}

}  // namespace jetway::mail
