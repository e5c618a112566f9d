// What every page shares: which language and airline a request is for, the browser's session cookie and the CSRF
// token derived from it, the layout around each page's template, redirects and error pages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "http/http.hpp"
#include "ibe/ibe.hpp"
#include "web/templates.hpp"

namespace jetway::ibe {

using Form = std::map<std::string, std::string>;

// One browser request to a page.
struct Visit {
  const http::Request& request;
  const web::Language& language;
  std::string session;  // the jw_sid cookie, made on the first visit
  bool new_session = false;
  bool language_chosen = false;  // ?lang= was given: remember it in a cookie
  std::string csrf_token;        // for the forms on this page
  core::Actor actor;             // a passenger: the booking site knows no one by name
};

Visit BeginVisit(const IbeContext& ctx, const http::Request& request);

// Renders `page` inside the layout. `view` is the page's own data; the language's texts are shared underneath.
http::Response RenderPage(const IbeContext& ctx, const Visit& visit, int status, std::string_view page, web::View view,
                          const std::string& title);
http::Response SeeOther(const std::string& location);
// A page with one message and a link back (bad links, refused forms, expired results).
http::Response MessagePage(const IbeContext& ctx, const Visit& visit, int status, const std::string& code,
                           const std::string& message);

// application/x-www-form-urlencoded body; nullopt when it is not one or does not decode.
std::optional<Form> ParseForm(const http::Request& request);
// The form's csrf field matches this browser's session cookie.
bool CsrfOk(const IbeContext& ctx, const http::Request& request, const Form& form);
http::Response CsrfRefused(const IbeContext& ctx, const Visit& visit);

// The message for an error in the visitor's language ("error_<CODE>" in the texts), else the service's English.
std::string ErrorText(const IbeContext& ctx, const Visit& visit, const core::Error& error);
std::string T(const IbeContext& ctx, const Visit& visit, std::string_view key);

std::string FormValue(const Form& form, const std::string& name);
// This page's URL with some query parameters changed (another day of the price strip, another language). A
// ?lang= is dropped unless changed: it was remembered in a cookie when it was given.
std::string UrlWith(const http::Request& request, const std::map<std::string, std::string>& changes);

}  // namespace jetway::ibe
