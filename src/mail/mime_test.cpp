// The MIME builder: the structure a mail client needs, encodings that survive SMTP, and refusal of addresses that
// could inject headers.
#include "mail/mime.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace jetway::mail {

namespace {

std::vector<std::string> Lines(const std::string& data) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto at = data.find("\r\n"); at != std::string::npos; start = at + 2, at = data.find("\r\n", start))
    lines.push_back(data.substr(start, at - start));
  if (start < data.size()) lines.push_back(data.substr(start));
  return lines;
}

// Decodes quoted-printable, as a mail client does.
std::string DecodeQp(const std::string& qp) {
  std::string out;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] != '=') {
      out += qp[i];
    } else if (qp.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft break
    } else {
      out += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

std::string DecodeBase64(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    bits = (bits << 6) | static_cast<std::uint32_t>(kAlphabet.find(c));
    if ((count += 6) >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xff);
  }
  return out;
}

MimeMessage Sample() {
  return MimeMessage{Mailbox{"Kattegat Air", "bookings@x9.example"},
                     Mailbox{"", "ida@example.dk"},
                     "Din booking ABC234 er bekræftet",
                     "Tak for din booking.\nFly X9101 København – Hamburg\n.leading dot\n",
                     "<p>Tak for din booking. Bookingnummer <strong>ABC234</strong></p>\n" + std::string(200, 'x'),
                     "<outbox-7.ABC234@x9.example>",
                     core::FromEpoch(1'795'000'000)};
}

}  // namespace

TEST(Mime, MultipartAlternativeWithTextThenHtml) {
  auto data = BuildMime(Sample());
  ASSERT_TRUE(data) << data.error().message;
  const auto lines = Lines(*data);
  const auto header_end = std::find(lines.begin(), lines.end(), "");
  ASSERT_NE(header_end, lines.end());
  const std::vector<std::string> headers(lines.begin(), header_end);
  auto has = [&](const std::string& line) { return std::find(headers.begin(), headers.end(), line) != headers.end(); };
  EXPECT_TRUE(has("From: \"Kattegat Air\" <bookings@x9.example>"));
  EXPECT_TRUE(has("To: ida@example.dk"));
  EXPECT_TRUE(has("Date: Wed, 18 Nov 2026 11:06:40 +0000")) << *data;
  EXPECT_TRUE(has("Message-ID: <outbox-7.ABC234@x9.example>"));
  EXPECT_TRUE(has("MIME-Version: 1.0"));
  const std::string type_prefix = "Content-Type: multipart/alternative; boundary=\"";
  auto type =
      std::find_if(headers.begin(), headers.end(), [&](const std::string& h) { return h.starts_with(type_prefix); });
  ASSERT_NE(type, headers.end());
  const std::string boundary = type->substr(type_prefix.size(), type->size() - type_prefix.size() - 1);
  // Two parts, text first, then the closing delimiter.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i] == "--" + boundary) starts.push_back(i);
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "--" + boundary + "--"), 1);
  EXPECT_EQ(lines[starts[0] + 1], "Content-Type: text/plain; charset=UTF-8");
  EXPECT_EQ(lines[starts[1] + 1], "Content-Type: text/html; charset=UTF-8");
  EXPECT_EQ(lines[starts[0] + 2], "Content-Transfer-Encoding: quoted-printable");
  // Each body decodes to exactly what was given (line ends become CRLF).
  // The CRLF before a delimiter belongs to the delimiter, so a body is its lines joined by CRLF.
  auto body = [&](std::size_t from, std::size_t to) {
    std::string joined;
    for (std::size_t i = from; i < to; ++i) joined += (i > from ? "\r\n" : "") + lines[i];
    return DecodeQp(joined);
  };
  const auto close =
      static_cast<std::size_t>(std::find(lines.begin(), lines.end(), "--" + boundary + "--") - lines.begin());
  EXPECT_EQ(body(starts[0] + 4, starts[1]),
            "Tak for din booking.\r\nFly X9101 København – Hamburg\r\n.leading dot\r\n");
  const auto html = body(starts[1] + 4, close);
  EXPECT_EQ(html, Sample().html.replace(Sample().html.find('\n'), 1, "\r\n"));
  for (const auto& line : lines) {
    EXPECT_LE(line.size(), 78u) << line;
    for (char c : line) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "8-bit byte in line: " << line;
    EXPECT_FALSE(line.starts_with(".")) << "a line SMTP would dot-stuff: " << line;
  }
}

TEST(Mime, HeaderTextIsEncodedOnlyWhenNotAscii) {
  EXPECT_EQ(EncodeHeaderText("Your booking ABC234"), "Your booking ABC234");
  EXPECT_EQ(EncodeHeaderText("bekræftet"), "=?UTF-8?B?YmVrcsOmZnRldA==?=");
  // A long subject becomes several encoded words of at most 75 characters, none splitting a character.
  const std::string long_subject = "Kattegat Air: din booking ABC234 er bekræftet – tak fordi du valgte os, æøå ÆØÅ";
  const auto encoded = EncodeHeaderText(long_subject);
  std::string decoded;
  for (const auto& word : Lines(encoded)) {
    std::string w = word.front() == ' ' ? word.substr(1) : word;
    EXPECT_LE(w.size(), 75u);
    ASSERT_TRUE(w.starts_with("=?UTF-8?B?") && w.ends_with("?=")) << w;
    EXPECT_EQ(w.find(' '), std::string::npos);
    decoded += DecodeBase64(w.substr(10, w.size() - 12));
  }
  EXPECT_GT(Lines(encoded).size(), 1u);
  EXPECT_EQ(decoded, long_subject);
  EXPECT_EQ(BuildMime({Mailbox{"Kattegat Æir", "a@b.example"}, Mailbox{"", "c@d.example"}, long_subject, "", "",
                       "<x@y>", core::FromEpoch(0)})
                ->find("From: =?UTF-8?B?"),
            0u);
}

TEST(Mime, QuotedPrintableProtectsTrailingSpaceEqualsAndLongLines) {
  EXPECT_EQ(QuotedPrintable("a = b"), "a =3D b");
  EXPECT_EQ(QuotedPrintable("end \nx"), "end=20\r\nx");
  EXPECT_EQ(QuotedPrintable("æ"), "=C3=A6");
  const auto wrapped = QuotedPrintable(std::string(200, 'y'));
  for (const auto& line : Lines(wrapped)) EXPECT_LE(line.size(), 76u);
  EXPECT_EQ(DecodeQp(wrapped), std::string(200, 'y'));
}

TEST(Mime, RefusesAddressesThatCouldInjectHeaders) {
  auto message = Sample();
  message.to.address = "ida@example.dk\r\nBcc: everyone@example.com";
  EXPECT_FALSE(BuildMime(message));
  message.to.address = "ida@example.dk>, <x@example.com";
  EXPECT_FALSE(BuildMime(message));
  message.to.address = "no-at-sign";
  EXPECT_FALSE(BuildMime(message));
  message = Sample();
  message.from.display_name = "Evil\r\nBcc: x@example.com";
  EXPECT_FALSE(BuildMime(message));
}

TEST(Mime, ParsesConfiguredSenders) {
  auto plain = ParseMailbox("bookings@x9.example");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->address, "bookings@x9.example");
  EXPECT_EQ(plain->display_name, "");
  auto named = ParseMailbox("\"Kattegat Air\" <bookings@x9.example>");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->display_name, "Kattegat Air");
  EXPECT_EQ(named->address, "bookings@x9.example");
  EXPECT_EQ(ParseMailbox("Kattegat Air <bookings@x9.example>")->display_name, "Kattegat Air");
  EXPECT_FALSE(ParseMailbox("Kattegat Air <bookings@x9.example"));
  EXPECT_FALSE(ParseMailbox("bookings"));
  EXPECT_FALSE(ParseMailbox("a@b.example\r\nBcc: c@d.example"));
}

TEST(Mime, MessageIdIsFixedPerOutboxRow) {
  EXPECT_EQ(OutboxMessageId(42, "ABC234", DomainOf("bookings@x9.example")), "<outbox-42.ABC234@x9.example>");
  EXPECT_EQ(OutboxMessageId(42, "ABC234", DomainOf("nodomain")), "<outbox-42.ABC234@jetway.invalid>");
  // A reference of another kind keeps only what a Message-ID may hold.
  EXPECT_EQ(OutboxMessageId(43, "user 7<@>", DomainOf("a@b.example")), "<outbox-43.user7@b.example>");
  EXPECT_EQ(OutboxMessageId(44, "<>", DomainOf("a@b.example")), "<outbox-44@b.example>");
}

TEST(Mime, Base64IsInLinesOf76) {
  EXPECT_EQ(Base64Lines(""), "");
  EXPECT_EQ(Base64Lines("f"), "Zg==\r\n");
  EXPECT_EQ(Base64Lines("fo"), "Zm8=\r\n");
  EXPECT_EQ(Base64Lines("foobar"), "Zm9vYmFy\r\n");
  const auto long_lines = Base64Lines(std::string(200, '\xff'));
  std::string first_line(76, '/');
  first_line.append("\r\n");
  EXPECT_EQ(long_lines.substr(0, 78), first_line);
  EXPECT_EQ(long_lines.size(), 268U + 4 * 2);  // 268 characters in four lines
}

TEST(Mime, AttachmentsMakeAMixedMessageAroundTheAlternatives) {
  MimeMessage m{{"Kattegat Air", "noreply@kattegat.example"}, {"", "ida@example.dk"}, "Din booking", "tekst",
                "<p>html</p>", "<1.ABC234@kattegat.example>", core::FromEpoch(1'795'000'000),
                {{"receipt-ABC234.pdf", "application/pdf", "%PDF-1.5 bytes"}}};
  auto built = BuildMime(m);
  ASSERT_TRUE(built);
  const auto& raw = *built;
  const auto mixed_at = raw.find("Content-Type: multipart/mixed; boundary=\"=_mixed_jetway_");
  const auto alternative_at = raw.find("Content-Type: multipart/alternative; boundary=\"=_jetway_");
  const auto file_at = raw.find("Content-Disposition: attachment; filename=\"receipt-ABC234.pdf\"");
  ASSERT_NE(mixed_at, std::string::npos) << raw;
  ASSERT_NE(alternative_at, std::string::npos) << raw;
  ASSERT_NE(file_at, std::string::npos) << raw;
  EXPECT_LT(mixed_at, alternative_at);
  EXPECT_LT(alternative_at, file_at);
  EXPECT_NE(raw.find(Base64Lines("%PDF-1.5 bytes")), std::string::npos);
  EXPECT_TRUE(raw.ends_with("--\r\n"));
  m.attachments.clear();
  EXPECT_EQ(BuildMime(m)->find("multipart/mixed"), std::string::npos);
}

}  // namespace jetway::mail
