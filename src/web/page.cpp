#include "web/page.hpp"

#include <fmt/core.h>

#include "core/text.hpp"
#include "web/compress.hpp"
#include "web/cookies.hpp"
#include "web/multipart.hpp"

namespace jetway::web {

namespace {

constexpr const char* kLanguageCookie = "jw_lang";
constexpr int kLanguageCookieSeconds = 365 * 24 * 3600;

bool IsToken(const std::string& value) {
  if (value.size() != 32) return false;
  for (char c : value)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string CsrfFor(const PageContext& ctx, const std::string& session) { return ctx.signer.Sign("csrf", session); }

}  // namespace

Visit BeginVisit(const PageContext& ctx, const http::Request& request) {
  const Language* language = nullptr;
  bool chosen = false;
  if (auto asked = request.Query("lang")) {
    language = ctx.locales.Find(*asked);
    chosen = language != nullptr;
  }
  if (!language)
    if (auto cookie = CookieValue(request, kLanguageCookie)) language = ctx.locales.Find(*cookie);
  if (!language)
    if (auto header = request.Header("Accept-Language"))
      if (auto best = ctx.locales.FromAcceptLanguage(*header)) language = ctx.locales.Find(*best);
  if (!language) language = ctx.locales.Find(ctx.Site().default_language);
  if (!language) language = &ctx.locales.Base();
  Visit visit{request, *language, "", false, chosen, "", core::Actor::Passenger(ctx.channel, request.remote)};
  auto session = CookieValue(request, ctx.visit_cookie);
  if (session && IsToken(*session)) {
    visit.session = *session;
  } else {
    visit.session = NewToken();
    visit.new_session = true;
  }
  visit.csrf_token = CsrfFor(ctx, visit.session);
  return visit;
}

std::string RenderHtml(const PageContext& ctx, const Visit& visit, int status, std::string_view page, View view,
                       const std::string& title) {
  view["csrf"] = Text(visit.csrf_token);
  View frame;
  frame["body"] = Text(ctx.templates.Render(page, view, &visit.language.view));
  // An error page says so first in its title, the first thing a screen reader announces.
  const std::string prefix = status >= 400 ? T(ctx, visit, "title_error_prefix") + " " : "";
  const auto& look = ctx.live.Current();
  frame["title"] = Text(prefix + (title.empty() ? look.site.name : fmt::format("{} – {}", title, look.site.name)));
  frame["site_name"] = Text(look.site.name);
  frame["stylesheet_url"] = Text(ctx.stylesheet_url);
  frame["theme_url"] = Text(look.theme_url);
  if (!ctx.script_url.empty()) frame["script_url"] = Text(ctx.script_url);
  if (!look.logo_url.empty()) frame["logo_url"] = Text(look.logo_url);
  ViewList languages;
  for (const auto& language : ctx.locales.languages()) {
    View item;
    item["code"] = Text(language.code);
    item["name"] = Text(language.name);
    item["url"] = Text(UrlWith(visit.request, {{"lang", language.code}}));
    item["current"] = Flag(language.code == visit.language.code);
    languages.push_back(std::move(item));
  }
  frame["languages"] = List(std::move(languages));
  return ctx.templates.Render(ctx.layout, frame, &visit.language.view);
}

http::Response PageResponse(const PageContext& ctx, const Visit& visit, int status, std::string html) {
  auto response = http::HtmlResponse(status, std::move(html));
  const bool secure = IsSecureRequest(visit.request);
  if (visit.new_session)
    response.headers.emplace_back("Set-Cookie", SetCookieHeader(ctx.visit_cookie, visit.session, {0, secure}));
  if (visit.language_chosen)
    response.headers.emplace_back(
        "Set-Cookie", SetCookieHeader(kLanguageCookie, visit.language.code, {kLanguageCookieSeconds, secure}));
  response.headers.emplace_back("Content-Language", visit.language.code);
  response.headers.emplace_back("Vary", "Cookie, Accept-Language, Accept-Encoding");
  CompressForClient(visit.request.Header("Accept-Encoding").value_or(""), response);
  return response;
}

http::Response RenderPage(const PageContext& ctx, const Visit& visit, int status, std::string_view page, View view,
                          const std::string& title) {
  return PageResponse(ctx, visit, status, RenderHtml(ctx, visit, status, page, std::move(view), title));
}

http::Response SeeOther(const std::string& location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  return response;
}

http::Response MessagePage(const PageContext& ctx, const Visit& visit, int status, const std::string& code,
                           const std::string& message) {
  View view;
  view["code"] = Text(code);
  view["message"] = Text(message);
  auto response = RenderPage(ctx, visit, status, "pages/message", std::move(view), T(ctx, visit, "message_title"));
  response.log_code = code;
  return response;
}

std::optional<Form> ParseForm(const http::Request& request) {
  // The body's size is its listener's to limit (64 KiB on the public one, more for the back office's uploads).
  auto type = request.Header("Content-Type");
  if (!type) return std::nullopt;
  if (type->starts_with("application/x-www-form-urlencoded")) return http::ParseQuery(request.body);
  // A form with a file: each field's value, a file's bytes under its field's name (the first of a name wins).
  auto boundary = MultipartBoundary(*type);
  if (!boundary) return std::nullopt;
  auto parts = ParseMultipart(request.body, *boundary);
  if (!parts) return std::nullopt;
  Form form;
  for (auto& part : *parts) form.emplace(std::move(part.name), std::move(part.body));
  return form;
}

bool CsrfOk(const PageContext& ctx, const http::Request& request, const Form& form) {
  auto session = CookieValue(request, ctx.visit_cookie);
  auto field = form.find("csrf");
  if (!session || !IsToken(*session) || field == form.end()) return false;
  return ctx.signer.Verify("csrf", *session, field->second);
}

http::Response CsrfRefused(const PageContext& ctx, const Visit& visit) {
  return MessagePage(ctx, visit, 403, "CSRF_FAILED", T(ctx, visit, "error_CSRF_FAILED"));
}

std::string T(const PageContext& ctx, const Visit& visit, std::string_view key) {
  return ctx.locales.Text(visit.language, key);
}

std::string ErrorText(const PageContext& ctx, const Visit& visit, const core::Error& error) {
  const std::string key = "error_" + error.code;
  auto text = ctx.locales.Text(visit.language, key);
  return text == key ? error.message : text;
}

std::string UrlWith(const http::Request& request, const std::map<std::string, std::string>& changes) {
  std::string url = request.path;
  char separator = '?';
  auto add = [&](const std::string& key, const std::string& value) {
    url += separator;
    url += key;
    url += '=';
    url += core::UrlEncode(value);
    separator = '&';
  };
  // Both maps are in name order: one pass merges them, the changes winning and the request's language left out.
  auto change = changes.begin();
  for (const auto& [key, value] : request.query) {
    for (; change != changes.end() && change->first < key; ++change) add(change->first, change->second);
    if (change != changes.end() && change->first == key) {
      add(key, change->second);
      ++change;
    } else if (key != "lang") {
      add(key, value);
    }
  }
  for (; change != changes.end(); ++change) add(change->first, change->second);
  return url;
}

std::string FormValue(const Form& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

}  // namespace jetway::web
