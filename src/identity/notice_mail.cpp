#include "identity/notice_mail.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "identity/staff_mail.hpp"
#include "identity/staff_service.hpp"

namespace jetway::identity {

namespace {

constexpr std::array<std::string_view, 5> kChanges = {kNoticePasswordChanged, kNoticePasswordReset,
                                                      kNoticeTotpEnrolled, kNoticeTotpReset, kNoticeRoleChanged};

}  // namespace

core::Result<mail::Composed> SecurityNoticeMailSource::Compose(const mail::Claimed& message) {
  if (!message.payload || std::find(kChanges.begin(), kChanges.end(), *message.payload) == kChanges.end())
    return core::Fail(core::ErrorKind::kNotFound, "UNKNOWN_NOTICE", "the message names no known account change");
  const auto& language = StaffMailLanguage(locales_, message.language);
  web::View view;
  view["change"] = web::Text(locales_.Text(language, "mail_notice_" + *message.payload));
  const bool agent = message.agency_id != 0;  // an agency user's: the agent portal's account
  view["agent_portal"] = web::Flag(agent);
  return RenderStaffMail(templates_, locales_, language, airline_name_,
                         agent ? "mail_agent_notice_subject" : "mail_notice_subject", "security_notice", std::move(view));
}

}  // namespace jetway::identity
