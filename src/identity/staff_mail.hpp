// What the staff e-mails (password reset, security notice) share: the recipient's language, and the rendering of
// mail/<name>.txt and .html with that language's texts under a subject whose {airline} is the airline's name.
#pragma once

#include <string>
#include <string_view>

#include "mail/sender.hpp"
#include "web/locales.hpp"
#include "web/templates.hpp"

namespace jetway::identity {

// The language `code` names, or the base one when there is no such language.
const web::Language& StaffMailLanguage(const web::Locales& locales, const std::string& code);

// `view` gains airline_name; the subject is the text `subject_key` with {airline} filled in.
mail::Composed RenderStaffMail(const web::Templates& templates, const web::Locales& locales,
                               const web::Language& language, const std::string& airline_name,
                               std::string_view subject_key, std::string_view name, web::View view);

}  // namespace jetway::identity
