// The password-reset e-mail with the real templates and texts: the link in both parts, its lifetime, the language.
#include "identity/reset_mail.hpp"

#include <gtest/gtest.h>

#include "build_paths.hpp"

#include "identity/staff_service.hpp"

namespace jetway::identity {
namespace {

TEST(PasswordResetMail, CarriesTheLinkAndItsLifetimeInTheRecipientsLanguage) {
  const auto templates = web::Templates::Load(JETWAY_SOURCE_DIR "/web/templates");
  const auto locales = web::Locales::Load(JETWAY_SOURCE_DIR "/web/locales");
  PasswordResetMailSource source(templates, locales, "Kattegat Air", std::chrono::minutes{30});
  mail::Claimed message;
  message.kind = kPasswordResetMail;
  message.reference = "7";
  message.recipient = "ida@example.com";
  message.language = "en";
  message.payload = "https://office.example/password/reset?t=abc&x=<1>";
  auto mail = source.Compose(message);
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_EQ(mail->subject, "Kattegat Air: reset your back-office password");
  EXPECT_NE(mail->text.find("https://office.example/password/reset?t=abc&x=<1>"), std::string::npos) << mail->text;
  EXPECT_NE(mail->html.find("https://office.example/password/reset?t=abc&amp;x=&lt;1&gt;"), std::string::npos)
      << mail->html;  // escaped in HTML
  EXPECT_NE(mail->text.find("30 minutes"), std::string::npos) << mail->text;
  message.language = "da";
  EXPECT_NE(source.Compose(message)->subject.find("nulstil"), std::string::npos);
  message.payload.reset();
  EXPECT_EQ(source.Compose(message).error().code, "RESET_LINK_GONE");
}

}  // namespace
}  // namespace jetway::identity
