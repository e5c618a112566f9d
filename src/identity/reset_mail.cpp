#include "identity/reset_mail.hpp"

#include <string>
#include <utility>

#include "identity/staff_mail.hpp"

namespace jetway::identity {

core::Result<mail::Composed> PasswordResetMailSource::Compose(const mail::Claimed& message) {
  if (!message.payload || message.payload->empty())
    return core::Fail(core::ErrorKind::kNotFound, "RESET_LINK_GONE", "the reset link is no longer on the message");
  web::View view;
  view["link"] = web::Text(*message.payload);
  view["minutes"] = web::Text(std::to_string(lifetime_.count() / 60));
  // An agency user's account is the agent portal's, not the back office's.
  const bool agent = message.agency_id != 0;
  view["agent_portal"] = web::Flag(agent);
  return RenderStaffMail(templates_, locales_, StaffMailLanguage(locales_, message.language), airline_name_,
                         agent ? "mail_agent_reset_subject" : "mail_reset_subject", "password_reset", std::move(view));
}

}  // namespace jetway::identity
