#include "mail/sender.hpp"

#include <exception>

namespace jetway::mail {

namespace {

struct Attempt {
  bool ok = false;
  bool permanent = false;
  bool server_failed = false;
  std::string error;
};

}  // namespace

SendSummary Sender::SendDue() {
  SendSummary summary;
  for (int i = 0; i < max_per_run_; ++i) {
    auto message = outbox_.ClaimNext();
    if (!message) break;
    Attempt attempt;
    try {
      auto composed = source_.Compose(*message);
      if (!composed) {
        attempt = {false, true, false, composed.error().message};
      } else {
        Mailbox from = from_;
        if (from.display_name.empty()) from.display_name = composed->from_name;
        MimeMessage mime{from,
                         Mailbox{"", message->recipient},
                         composed->subject,
                         composed->text,
                         composed->html,
                         OutboxMessageId(message->id, message->reference, DomainOf(from_.address)),
                         message->created_at,
                         std::move(composed->attachments)};
        auto data = BuildMime(mime);
        if (!data) {
          attempt = {false, true, false, data.error().message};
        } else if (auto sent = transport_.Send(Envelope{from.address, message->recipient, std::move(*data)}); !sent) {
          attempt = {false, false, true, sent.error().message};
        } else {
          attempt.ok = true;
        }
      }
    } catch (const std::exception& e) {
      // A template or composition bug, or the database failing while composing: worth another try later, and the
      // other messages must still go out.
      attempt = {false, false, false, std::string("unexpected: ") + e.what()};
    }
    std::vector<log::Field> fields = {log::Num("outbox_id", message->id), log::Str("kind", message->kind),
                                      log::Str("reference", message->reference),
                                      log::Num("attempt", message->attempts)};
    if (attempt.ok) {
      if (!outbox_.MarkSent(*message)) logger_.Warn("mail sent after its lease was taken over", fields);
      ++summary.sent;
      logger_.Info("mail sent", fields);
      continue;
    }
    fields.push_back(log::Str("error", attempt.error));
    switch (outbox_.MarkFailed(*message, attempt.error, attempt.permanent)) {
      case FailureOutcome::kRetrying:
        ++summary.retrying;
        logger_.Warn("mail not sent; will retry", fields);
        break;
      case FailureOutcome::kFailed:
        ++summary.failed;
        logger_.Error("mail not sent; gave up", fields);
        break;
      case FailureOutcome::kLeaseLost:
        logger_.Warn("mail not sent and its lease was taken over", fields);
        break;
    }
    // The SMTP server refused or did not answer: the next message would most likely fare the same, and a server
    // that hangs would hold this thread (and a shutdown) for a timeout per message. Try again at the next tick.
    if (attempt.server_failed) break;
  }
  return summary;
}

}  // namespace jetway::mail
