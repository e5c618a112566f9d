#include "identity/reset_mail.hpp"

#include <fmt/core.h>

namespace jetway::identity {

core::Result<mail::Composed> PasswordResetMailSource::Compose(const mail::Claimed& message) {
  if (!message.payload || message.payload->empty())
    return core::Fail(core::ErrorKind::kNotFound, "RESET_LINK_GONE", "the reset link is no longer on the message");
  const web::Language* language = locales_.Find(message.language);
  if (!language) language = &locales_.Base();
  web::View view;
  view["airline_name"] = web::Text(airline_name_);
  view["link"] = web::Text(*message.payload);
  view["minutes"] = web::Text(std::to_string(lifetime_.count() / 60));
  mail::Composed out;
  auto subject = locales_.Text(*language, "mail_reset_subject");
  if (auto at = subject.find("{airline}"); at != std::string::npos) subject.replace(at, 9, airline_name_);
  out.subject = subject;
  out.text = templates_.Render("mail/password_reset.txt", view, &language->view);
  out.html = templates_.Render("mail/password_reset.html", view, &language->view);
  out.from_name = airline_name_;
  return out;
}

}  // namespace jetway::identity
