// Builds an Internet message (RFC 5322 + MIME) from a subject and a plain-text and an HTML body: multipart/
// alternative, UTF-8, quoted-printable bodies (readable in a raw dump, safe for any SMTP server), header texts
// RFC 2047-encoded when they are not ASCII, CRLF line ends; with attachments, that inside a multipart/mixed with
// each file in base64 (a plain-text-only message carries none). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::mail {

struct Mailbox {
  std::string display_name;  // may be empty
  std::string address;       // local@domain
};

// "Name <local@domain>", "<local@domain>" or "local@domain"; nullopt for anything else, including addresses with
// characters that could break out of a header or an SMTP command.
std::optional<Mailbox> ParseMailbox(std::string_view text);
bool IsSafeAddress(std::string_view address);

// A file sent with a message (a receipt's PDF): base64 in a multipart/mixed message. `filename` is jetway's own
// ASCII name ("receipt-ABC234.pdf").
struct MimeAttachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

struct MimeMessage {
  Mailbox from;
  Mailbox to;
  std::string subject;
  std::string text;        // UTF-8, lines separated by \n or \r\n
  std::string html;        // UTF-8; empty: a plain-text message
  std::string message_id;  // with its angle brackets
  core::Instant date;
  std::vector<MimeAttachment> attachments = {};
};

// The whole message, CRLF-terminated lines; INVALID_ADDRESS when a mailbox is unsafe.
core::Result<std::string> BuildMime(const MimeMessage& message);

// The Message-ID of an outbox row: the same on every attempt, so a receiver can drop a repeated delivery.
std::string OutboxMessageId(std::int64_t outbox_id, std::string_view reference, std::string_view domain);
// The part of an address after '@' ("jetway.invalid" when there is none).
std::string DomainOf(std::string_view address);

// Exposed for tests.
std::string EncodeHeaderText(std::string_view text);  // as is when printable ASCII, else RFC 2047 B-words
std::string QuotedPrintable(std::string_view text);   // RFC 2045, CRLF hard line breaks
std::string FormatMailDate(core::Instant instant);    // "Thu, 26 Nov 2026 05:47:37 +0000"
std::string Base64Lines(std::string_view bytes);      // RFC 2045 base64, 76-character lines ending CRLF

}  // namespace jetway::mail
