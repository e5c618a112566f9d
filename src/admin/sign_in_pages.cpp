// Signing in: the password, then (when enrolled) a TOTP or recovery code, or (when the airline requires it) the
// enrolment of an authenticator, or the change of a one-time password; and signing out. Each step that changes who
// the browser is sets a new session cookie (a new id), so a session id planted before sign-in is worth nothing.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"
#include "web/cookies.hpp"

namespace jetway::admin {

namespace {

using web::Form;

// The staff session cookie: HttpOnly, SameSite=Strict (a link from elsewhere never carries it), Secure unless
// configured off for plain-HTTP development; a session cookie (no Max-Age): the server ends sessions.
std::string StaffCookie(const AdminContext& ctx, const http::Request& request, const std::string& value,
                        bool clear = false) {
  return web::SetCookieHeader(ctx.session_cookie, value,
                              {0, ctx.secure_cookies || web::IsSecureRequest(request), true, clear});
}

// Only a path on this site: never an absolute URL a phisher could send people on to.
std::string SafeNext(const std::string& next) {
  if (next.size() > 1 && next.front() == '/' && next[1] != '/' && next.find('\\') == std::string::npos &&
      next.size() < 512)
    return next;
  return "/";
}

http::Response ToStage(const AdminContext& ctx, const http::Request& request, const identity::SignedIn& signed_in,
                       const std::string& next) {
  std::string to = SafeNext(next);
  switch (signed_in.session.stage) {
    case identity::SessionStage::kSecondFactor: to = "/login/code"; break;
    case identity::SessionStage::kEnrolTotp: to = "/account/2fa"; break;
    case identity::SessionStage::kChangePassword: to = "/account/password"; break;
    case identity::SessionStage::kReady: break;
  }
  auto response = web::SeeOther(to);
  response.headers.emplace_back("Set-Cookie", StaffCookie(ctx, request, signed_in.token));
  return response;
}

http::Response LoginForm(const AdminContext& ctx, StaffRequest& r, int status, const std::string& email,
                         const std::string& error) {
  web::View view;
  view["email"] = web::Text(email);
  view["next"] = web::Text(SafeNext(r.visit.request.Query("next").value_or("/")));
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderAdmin(ctx, r, status, "admin/login", std::move(view),
                     web::T(ctx, r.visit, ctx.agent_portal ? "agent_login_title" : "admin_login_title"));
}

http::Response GetLogin(const AdminContext& ctx, StaffRequest& r) {
  if (r.session && r.session->stage == identity::SessionStage::kReady) return web::SeeOther("/");
  return LoginForm(ctx, r, 200, "", "");
}

http::Response PostLogin(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto email = std::string(core::Trim(web::FormValue(form, "email")));
  auto signed_in = ctx.staff.SignIn(email, web::FormValue(form, "password"), r.visit.request.remote,
                                    r.visit.request.Header("User-Agent").value_or(""));
  if (!signed_in) {
    const int status = signed_in.error().kind == core::ErrorKind::kTooManyRequests ? 429 : 401;
    auto response = LoginForm(ctx, r, status, email, web::ErrorText(ctx, r.visit, signed_in.error()));
    http::AddRetryAfter(response, signed_in.error());
    response.log_code = signed_in.error().code;
    return response;
  }
  if (!r.token.empty()) ctx.staff.SignOut(r.token);  // whatever session the browser had before ends here
  return ToStage(ctx, r.visit.request, *signed_in, web::FormValue(form, "next"));
}

http::Response CodeForm(const AdminContext& ctx, StaffRequest& r, int status, const std::string& error) {
  web::View view;
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderAdmin(ctx, r, status, "admin/code", std::move(view), web::T(ctx, r.visit, "admin_code_title"));
}

http::Response GetCode(const AdminContext& ctx, StaffRequest& r) {
  if (r.session->stage != identity::SessionStage::kSecondFactor) return web::SeeOther("/");
  return CodeForm(ctx, r, 200, "");
}

http::Response PostCode(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto done = ctx.staff.SecondFactor(r.token, web::FormValue(form, "code"), r.visit.request.remote,
                                     r.visit.request.Header("User-Agent").value_or(""));
  if (!done) {
    const int status = done.error().kind == core::ErrorKind::kTooManyRequests ? 429 : 401;
    auto response = CodeForm(ctx, r, status, web::ErrorText(ctx, r.visit, done.error()));
    http::AddRetryAfter(response, done.error());
    return response;
  }
  return ToStage(ctx, r.visit.request, *done, "/");
}

http::Response EnrolPage(const AdminContext& ctx, StaffRequest& r, int status, const std::string& error) {
  auto enrolment = ctx.staff.BeginTotp(r.session->user.id, ctx.issuer);
  if (!enrolment) return web::MessagePage(ctx, r.visit, 409, enrolment.error().code, enrolment.error().message);
  web::View view;
  view["qr_svg"] = web::Text(enrolment->qr_svg);
  view["secret"] = web::Text(enrolment->secret_base32);
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderAdmin(ctx, r, status, "admin/enrol", std::move(view), web::T(ctx, r.visit, "admin_enrol_title"));
}

http::Response GetEnrol(const AdminContext& ctx, StaffRequest& r) { return EnrolPage(ctx, r, 200, ""); }

http::Response PostEnrol(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto codes = ctx.staff.ConfirmTotp(r.session->user.id, web::FormValue(form, "code"), r.visit.request.remote);
  if (!codes) return EnrolPage(ctx, r, 422, web::ErrorText(ctx, r.visit, codes.error()));
  web::View view;
  web::ViewList list;
  for (const auto& code : *codes) list.push_back(web::Text(code));
  view["codes"] = web::List(std::move(list));
  return RenderAdmin(ctx, r, 200, "admin/recovery_codes", std::move(view),
                     web::T(ctx, r.visit, "admin_recovery_title"));
}

http::Response PasswordForm(const AdminContext& ctx, StaffRequest& r, int status, const std::string& error) {
  web::View view;
  view["required"] = web::Flag(r.session->stage == identity::SessionStage::kChangePassword);
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderAdmin(ctx, r, status, "admin/password", std::move(view), web::T(ctx, r.visit, "admin_password_title"));
}

http::Response GetPassword(const AdminContext& ctx, StaffRequest& r) { return PasswordForm(ctx, r, 200, ""); }

http::Response PostPassword(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto changed = ctx.staff.ChangePassword(r.session->user.id, r.token, web::FormValue(form, "current_password"),
                                          web::FormValue(form, "password"), r.visit.request.remote);
  if (!changed) return PasswordForm(ctx, r, 422, web::ErrorText(ctx, r.visit, changed.error()));
  return web::SeeOther("/?password=changed");
}

http::Response PostLogout(const AdminContext& ctx, StaffRequest& r) {
  ctx.staff.SignOut(r.token);
  auto response = web::SeeOther("/login");
  response.headers.emplace_back("Set-Cookie", StaffCookie(ctx, r.visit.request, "", true));
  return response;
}

http::Response GetForgot(const AdminContext& ctx, StaffRequest& r) {
  return RenderAdmin(ctx, r, 200, "admin/forgot", {}, web::T(ctx, r.visit, "admin_forgot_title"));
}

// The same answer whether or not the address has an account.
http::Response PostForgot(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  ctx.staff.RequestPasswordReset(web::FormValue(form, "email"), ctx.public_url + "/password/reset?t=",
                                 r.visit.request.remote);
  web::View view;
  view["sent"] = web::Flag(true);
  return RenderAdmin(ctx, r, 200, "admin/forgot", std::move(view), web::T(ctx, r.visit, "admin_forgot_title"));
}

http::Response ResetForm(const AdminContext& ctx, StaffRequest& r, int status, const std::string& token,
                         const std::string& error) {
  web::View view;
  view["token"] = web::Text(token);
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderAdmin(ctx, r, status, "admin/reset", std::move(view), web::T(ctx, r.visit, "admin_reset_title"));
}

http::Response GetReset(const AdminContext& ctx, StaffRequest& r) {
  return ResetForm(ctx, r, 200, r.visit.request.Query("t").value_or(""), "");
}

http::Response PostReset(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto token = web::FormValue(form, "t");
  auto reset = ctx.staff.ResetPassword(token, web::FormValue(form, "password"), r.visit.request.remote);
  if (!reset) {
    const int status = reset.error().code == "RESET_LINK_INVALID" ? 410 : 422;
    return ResetForm(ctx, r, status, token, web::ErrorText(ctx, r.visit, reset.error()));
  }
  return web::MessagePage(ctx, r.visit, 200, "PASSWORD_RESET", web::T(ctx, r.visit, "admin_reset_done"));
}

}  // namespace

void AddSignInRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/password/forgot", Audience::kAnyone, std::nullopt, GetForgot});
  routes.Add({"POST", "/password/forgot", Audience::kAnyone, std::nullopt, PostForgot});
  routes.Add({"GET", "/password/reset", Audience::kAnyone, std::nullopt, GetReset});
  routes.Add({"POST", "/password/reset", Audience::kAnyone, std::nullopt, PostReset});
  routes.Add({"GET", "/login", Audience::kAnyone, std::nullopt, GetLogin});
  routes.Add({"POST", "/login", Audience::kAnyone, std::nullopt, PostLogin});
  routes.Add({"GET", "/login/code", Audience::kSigningIn, std::nullopt, GetCode,
              identity::SessionStage::kSecondFactor});
  routes.Add({"POST", "/login/code", Audience::kSigningIn, std::nullopt, PostCode,
              identity::SessionStage::kSecondFactor});
  routes.Add({"GET", "/account/2fa", Audience::kSigningIn, std::nullopt, GetEnrol,
              identity::SessionStage::kEnrolTotp});
  routes.Add({"POST", "/account/2fa", Audience::kSigningIn, std::nullopt, PostEnrol,
              identity::SessionStage::kEnrolTotp});
  routes.Add({"GET", "/account/password", Audience::kSigningIn, std::nullopt, GetPassword,
              identity::SessionStage::kChangePassword});
  routes.Add({"POST", "/account/password", Audience::kSigningIn, std::nullopt, PostPassword,
              identity::SessionStage::kChangePassword});
  routes.Add({"POST", "/logout", Audience::kSigningIn, std::nullopt, PostLogout});
}

}  // namespace jetway::admin
