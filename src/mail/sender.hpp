// Drains the mail outbox: claims due messages one at a time, composes each (MessageSource), wraps it in MIME with a
// Message-ID fixed per outbox row, and hands it to the transport; then records the outcome on the row. Meant for a
// periodic task's thread, never an HTTP thread: a send may take seconds. SendDue() never throws because of a
// message or the SMTP server (those become last_error on the row); only the database being unreachable escapes, and
// the periodic task logs that and tries again at its next tick. Not thread-safe per instance (run one per task);
// any number of senders, in one process or many, may drain the same outbox.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "log/log.hpp"
#include "mail/mime.hpp"
#include "mail/outbox.hpp"
#include "mail/transport.hpp"

namespace jetway::mail {

struct Composed {
  std::string subject;
  std::string text;
  std::string html;
  std::string from_name;  // the display name for From when the configured sender has none (the airline's name)
  std::vector<MimeAttachment> attachments = {};  // sent with the text and HTML (a receipt's PDF)
};

// Turns an outbox row into the message's content. An Error is permanent (e.g. the booking is gone): the row is
// marked failed at once instead of being retried for hours.
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  virtual core::Result<Composed> Compose(const Claimed& message) = 0;
};

struct SendSummary {
  int sent = 0;
  int retrying = 0;
  int failed = 0;
};

class Sender {
 public:
  // `from` is the configured sender ("Name <address>" or "address"); ParseMailbox must accept it.
  Sender(Outbox& outbox, MessageSource& source, Transport& transport, Mailbox from, log::Logger& logger,
         int max_per_run = 50)
      : outbox_(outbox),
        source_(source),
        transport_(transport),
        from_(std::move(from)),
        logger_(logger),
        max_per_run_(max_per_run) {}

  SendSummary SendDue();

 private:
  Outbox& outbox_;
  MessageSource& source_;
  Transport& transport_;
  Mailbox from_;
  log::Logger& logger_;
  int max_per_run_;  // bounds one run, so stopping the task never waits behind a long queue
};

}  // namespace jetway::mail
