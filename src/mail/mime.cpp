#include "mail/mime.hpp"

#include <date/date.h>
#include <fmt/core.h>

#include <array>

namespace jetway::mail {

namespace {

constexpr std::size_t kMaxLine = 76;
constexpr char kHex[] = "0123456789ABCDEF";

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t b0 = static_cast<unsigned char>(bytes[i]);
    const std::uint32_t b1 = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
    const std::uint32_t b2 = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0;
    const std::uint32_t n = (b0 << 16) | (b1 << 8) | b2;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

bool IsPrintableAscii(std::string_view text) {
  for (char c : text)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte, so we never stall).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

std::string FormatMailbox(const Mailbox& mailbox) {
  if (mailbox.display_name.empty()) return mailbox.address;
  // A quoted string when ASCII (the name may hold commas or dots), else encoded words, which need no quotes.
  if (IsPrintableAscii(mailbox.display_name)) {
    std::string quoted = "\"";
    for (char c : mailbox.display_name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" <" + mailbox.address + ">";
  }
  return EncodeHeaderText(mailbox.display_name) + " <" + mailbox.address + ">";
}

// A boundary starting "=_" cannot occur in quoted-printable text, where every '=' begins "=XX" or a soft break.
std::string Boundary(std::string_view message_id) {
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a: only needs to differ between messages, not be secret
  for (char c : message_id) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return fmt::format("=_jetway_{:016x}", hash);
}

}  // namespace

bool IsSafeAddress(std::string_view address) {
  const auto at = address.find('@');
  if (address.empty() || address.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;  // controls (CR, LF), space and 8-bit: no header or command injection
    if (std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::optional<Mailbox> ParseMailbox(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  Mailbox mailbox;
  if (const auto open = text.rfind('<'); open != std::string_view::npos) {
    if (text.back() != '>') return std::nullopt;
    mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
    auto name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    for (char c : name)
      if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') return std::nullopt;
    mailbox.display_name = std::string(name);
  } else {
    mailbox.address = std::string(text);
  }
  if (!IsSafeAddress(mailbox.address)) return std::nullopt;
  return mailbox;
}

std::string DomainOf(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at + 1 == address.size()) return "jetway.invalid";
  return std::string(address.substr(at + 1));
}

std::string OutboxMessageId(std::int64_t outbox_id, std::string_view reference, std::string_view domain) {
  // A reference is whatever its kind uses; only letters, digits and '-' are sure to be valid in a Message-ID.
  std::string tag;
  for (char c : reference)
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') tag += c;
  if (tag.empty()) return fmt::format("<outbox-{}@{}>", outbox_id, domain);
  return fmt::format("<outbox-{}.{}@{}>", outbox_id, tag, domain);
}

std::string EncodeHeaderText(std::string_view text) {
  if (IsPrintableAscii(text)) return std::string(text);
  // Encoded words of at most 75 characters ("=?UTF-8?B?" + 60 base64 characters + "?="), each holding whole UTF-8
  // characters (RFC 2047 section 5), joined by folding whitespace.
  constexpr std::size_t kMaxBytesPerWord = 45;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size()) {
      const std::size_t n = Utf8Length(static_cast<unsigned char>(text[end]));
      if (end + n - i > kMaxBytesPerWord) break;
      end = std::min(end + n, text.size());
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  auto emit = [&](std::string_view piece) {
    // A soft line break keeps every line within 76 characters, the '=' included.
    if (column + piece.size() > kMaxLine - 1) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // the \n makes the break
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    // Trailing whitespace would be stripped in transit, and a leading '.' is what SMTP's dot-stuffing touches.
    const bool literal =
        (c >= 33 && c <= 126 && c != '=' && !(c == '.' && column == 0)) || ((c == ' ' || c == '\t') && !line_end);
    if (literal) {
      const char ch = static_cast<char>(c);
      emit(std::string_view(&ch, 1));
    } else {
      const char escaped[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      emit(std::string_view(escaped, 3));
    }
  }
  return out;
}

std::string FormatMailDate(core::Instant instant) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto days = date::floor<date::days>(instant);
  const date::year_month_day ymd{days};
  const date::weekday weekday{days};
  const date::hh_mm_ss hms{instant - days};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[weekday.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

namespace {

// The multipart/alternative entity (its Content-Type header, a blank line, the text and HTML parts), ending CRLF.
std::string Alternative(const MimeMessage& message, const std::string& boundary) {
  std::string out = "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  // Plain text first: the last alternative is the one a client prefers to show.
  for (auto [type, body] : {std::pair{"text/plain", &message.text}, {"text/html", &message.html}}) {
    out += "\r\n--" + boundary + "\r\n";
    out += fmt::format("Content-Type: {}; charset=UTF-8\r\n", type);
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    // The CRLF before the next delimiter belongs to the delimiter (RFC 2046), so the body is exactly this.
    out += QuotedPrintable(*body);
  }
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace

std::string Base64Lines(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0u;
    const auto b2 = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0u;
    const std::uint32_t n = (b0 << 16) | (b1 << 8) | b2;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    if ((column += 4) == 76) {
      out += "\r\n";
      column = 0;
    }
  }
  if (column > 0) out += "\r\n";
  return out;
}

core::Result<std::string> BuildMime(const MimeMessage& message) {
  for (const auto* mailbox : {&message.from, &message.to}) {
    if (!IsSafeAddress(mailbox->address))
      return core::Fail(core::ErrorKind::kInvalid, "INVALID_ADDRESS",
                        fmt::format("not a usable e-mail address: {}", mailbox->address));
    for (char c : mailbox->display_name)
      if (static_cast<unsigned char>(c) < 0x20)
        return core::Fail(core::ErrorKind::kInvalid, "INVALID_ADDRESS", "control character in a display name");
  }
  const std::string boundary = Boundary(message.message_id);
  std::string out;
  out += "From: " + FormatMailbox(message.from) + "\r\n";
  out += "To: " + FormatMailbox(message.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
  out += "Date: " + FormatMailDate(message.date) + "\r\n";
  out += "Message-ID: " + message.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (message.html.empty()) {  // plain text only (an alert): no empty HTML alternative for a client to prefer
    out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += QuotedPrintable(message.text);
    out += "\r\n";
    return out;
  }
  if (message.attachments.empty()) {
    out += Alternative(message, boundary);
    return out;
  }
  // The text and HTML as one part of a multipart/mixed message, each file another.
  const std::string mixed = "=_mixed" + boundary.substr(1);
  out += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "\r\n--" + mixed + "\r\n";
  out += Alternative(message, boundary);
  for (const auto& file : message.attachments) {
    out += "--" + mixed + "\r\n";
    out += fmt::format("Content-Type: {}; name=\"{}\"\r\n", file.content_type, file.filename);
    out += fmt::format("Content-Disposition: attachment; filename=\"{}\"\r\n", file.filename);
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(file.bytes);
  }
  out += "--" + mixed + "--\r\n";
  return out;
}

}  // namespace jetway::mail
