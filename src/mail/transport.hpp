// How a finished message leaves jetway: an SMTP envelope handed to a transport. An interface, so that the sender's
// tests use an in-memory or failing transport and production uses SmtpTransport. Implementations must be safe to
// call from one thread at a time (the sender's); SmtpTransport is also safe from several.
#pragma once

#include <string>

#include "core/error.hpp"

namespace jetway::mail {

struct Envelope {
  std::string mail_from;  // bare addresses
  std::string rcpt_to;
  std::string data;  // the whole RFC 5322 message, CRLF line ends
};

class Transport {
 public:
  virtual ~Transport() = default;
  // An expected failure (server down, refused recipient) is an Error (code SMTP_ERROR) whose message says why.
  virtual core::Result<void> Send(const Envelope& envelope) = 0;
};

}  // namespace jetway::mail
