// Sends through an SMTP server with libcurl (smtp:// or smtps://; smtp://host:port/ehlo-name). One easy handle per
// message: the sender sends a handful a minute, so connection reuse would buy nothing and cost reconnection logic.
// Thread-safe: no state beyond the immutable settings.
#pragma once

#include <chrono>
#include <string>

#include "mail/transport.hpp"

namespace jetway::mail {

struct SmtpSettings {
  std::string url;  // e.g. smtp://127.0.0.1:2525
  // Short, so a dead or stalled server costs the sender's thread seconds, not minutes; the outbox retries later.
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{10000};
};

class SmtpTransport final : public Transport {
 public:
  // Initializes libcurl once per process (curl_global_init is not thread-safe, so construct this before threads
  // that use curl start).
  explicit SmtpTransport(SmtpSettings settings);
  core::Result<void> Send(const Envelope& envelope) override;

 private:
  SmtpSettings settings_;
};

}  // namespace jetway::mail
