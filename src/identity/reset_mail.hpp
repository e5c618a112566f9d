// The password-reset e-mail (outbox kind kPasswordResetMail): the single-use link, which the outbox row carries as
// its payload because only the token's hash is stored, and how long it lasts. Rendered from mail/password_reset.txt
// and .html with the recipient's language texts (mail_reset_*). Read-only after construction; thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "mail/sender.hpp"
#include "web/locales.hpp"
#include "web/templates.hpp"

namespace jetway::identity {

class PasswordResetMailSource final : public mail::MessageSource {
 public:
  PasswordResetMailSource(const web::Templates& templates, const web::Locales& locales, std::string airline_name,
                          std::chrono::seconds lifetime)
      : templates_(templates), locales_(locales), airline_name_(std::move(airline_name)), lifetime_(lifetime) {}

  // RESET_LINK_GONE (permanent) when the row no longer carries its link.
  core::Result<mail::Composed> Compose(const mail::Claimed& message) override;

 private:
  const web::Templates& templates_;
  const web::Locales& locales_;
  std::string airline_name_;
  std::chrono::seconds lifetime_;
};

}  // namespace jetway::identity
