// The security notice (outbox kind kSecurityNoticeMail): tells a member of staff that their password, authenticator
// or role changed, with what to do if they did not make the change. Rendered from mail/security_notice.txt and
// .html with the recipient's language texts (mail_notice_*). Read-only after construction; thread-safe.
#pragma once

#include <string>

#include "mail/sender.hpp"
#include "web/locales.hpp"
#include "web/templates.hpp"

namespace jetway::identity {

class SecurityNoticeMailSource final : public mail::MessageSource {
 public:
  SecurityNoticeMailSource(const web::Templates& templates, const web::Locales& locales, std::string airline_name)
      : templates_(templates), locales_(locales), airline_name_(std::move(airline_name)) {}

  // UNKNOWN_NOTICE (permanent) when the row names no change this composer knows.
  core::Result<mail::Composed> Compose(const mail::Claimed& message) override;

 private:
  const web::Templates& templates_;
  const web::Locales& locales_;
  std::string airline_name_;
};

}  // namespace jetway::identity
