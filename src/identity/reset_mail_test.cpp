// The staff e-mails with the real templates and texts: the password reset (the link in both parts, its lifetime, the
// language) and the security notice (each change in words, and what to do if it was not them).
#include "identity/reset_mail.hpp"

#include "identity/notice_mail.hpp"

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

TEST(SecurityNoticeMail, SaysWhatChangedAndWhatToDoIfItWasNotThem) {
  const auto templates = web::Templates::Load(JETWAY_SOURCE_DIR "/web/templates");
  const auto locales = web::Locales::Load(JETWAY_SOURCE_DIR "/web/locales");
  SecurityNoticeMailSource source(templates, locales, "Kattegat Air");
  mail::Claimed message;
  message.kind = kSecurityNoticeMail;
  message.reference = "7";
  message.recipient = "ida@example.com";
  message.language = "en";
  for (const char* change : {kNoticePasswordChanged, kNoticePasswordReset, kNoticeTotpEnrolled, kNoticeTotpReset,
                             kNoticeRoleChanged}) {
    message.payload = change;
    auto mail = source.Compose(message);
    ASSERT_TRUE(mail) << change << ": " << mail.error().message;
    EXPECT_EQ(mail->subject, "Kattegat Air: your back-office account was changed");
    EXPECT_EQ(mail->text.find("mail_notice"), std::string::npos) << mail->text;  // every text found
    EXPECT_NE(mail->text.find("tell your administrator at once"), std::string::npos) << mail->text;
    EXPECT_NE(mail->html.find("tell your administrator at once"), std::string::npos) << mail->html;
  }
  message.payload = kNoticeRoleChanged;
  EXPECT_NE(source.Compose(message)->text.find("changed your role"), std::string::npos);
  message.payload = kNoticePasswordChanged;
  EXPECT_NE(source.Compose(message)->text.find("Your password was changed."), std::string::npos);
  message.language = "da";
  EXPECT_NE(source.Compose(message)->text.find("Din adgangskode er blevet ændret."), std::string::npos);
  message.payload = "everything_stolen";
  EXPECT_EQ(source.Compose(message).error().code, "UNKNOWN_NOTICE");
  message.payload.reset();
  EXPECT_EQ(source.Compose(message).error().code, "UNKNOWN_NOTICE");
}

}  // namespace
}  // namespace jetway::identity
