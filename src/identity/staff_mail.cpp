#include "identity/staff_mail.hpp"

#include <fmt/core.h>

namespace jetway::identity {

const web::Language& StaffMailLanguage(const web::Locales& locales, const std::string& code) {
  const web::Language* language = locales.Find(code);
  return language ? *language : locales.Base();
}

mail::Composed RenderStaffMail(const web::Templates& templates, const web::Locales& locales,
                               const web::Language& language, const std::string& airline_name,
                               std::string_view subject_key, std::string_view name, web::View view) {
  view["airline_name"] = web::Text(airline_name);
  mail::Composed out;
  out.subject = locales.Text(language, subject_key);
  if (auto at = out.subject.find("{airline}"); at != std::string::npos) out.subject.replace(at, 9, airline_name);
  out.text = templates.Render(fmt::format("mail/{}.txt", name), view, &language.view);
  out.html = templates.Render(fmt::format("mail/{}.html", name), view, &language.view);
  out.from_name = airline_name;
  return out;
}

}  // namespace jetway::identity
