#include "identity/notice_mail.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "identity/staff_service.hpp"

namespace jetway::identity {

namespace {

constexpr std::array<std::string_view, 5> kChanges = {kNoticePasswordChanged, kNoticePasswordReset,
                                                      kNoticeTotpEnrolled, kNoticeTotpReset, kNoticeRoleChanged};

}  // namespace

core::Result<mail::Composed> SecurityNoticeMailSource::Compose(const mail::Claimed& message) {
  if (!message.payload || std::find(kChanges.begin(), kChanges.end(), *message.payload) == kChanges.end())
    return core::Fail(core::ErrorKind::kNotFound, "UNKNOWN_NOTICE", "the message names no known account change");
  const web::Language* language = locales_.Find(message.language);
  if (!language) language = &locales_.Base();
  web::View view;
  view["airline_name"] = web::Text(airline_name_);
  view["change"] = web::Text(locales_.Text(*language, "mail_notice_" + *message.payload));
  mail::Composed out;
  auto subject = locales_.Text(*language, "mail_notice_subject");
  if (auto at = subject.find("{airline}"); at != std::string::npos) subject.replace(at, 9, airline_name_);
  out.subject = subject;
  out.text = templates_.Render("mail/security_notice.txt", view, &language->view);
  out.html = templates_.Render("mail/security_notice.html", view, &language->view);
  out.from_name = airline_name_;
  return out;
}

}  // namespace jetway::identity
