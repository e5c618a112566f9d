// What every server-rendered application shares (the booking site, the back office, later the agent portal): which
// language a request is for, the browser's visit cookie and the CSRF token derived from it, the layout around each
// page's template, forms, redirects and error pages. An application's context derives from PageContext, so its
// handlers call these functions with their own context.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "http/http.hpp"
#include "web/locales.hpp"
#include "web/signer.hpp"
#include "web/live_site.hpp"
#include "web/site.hpp"
#include "web/templates.hpp"

namespace jetway::web {

using Form = std::map<std::string, std::string>;

// What one application's pages are made with; references outlive the router and are thread-safe.
struct PageContext {
  const Templates& templates;
  const Locales& locales;
  const Signer& signer;
  const LiveSite& live;  // the airline whose pages these are, as it looks now (edited while serving)
  std::string stylesheet_url;
  std::string script_url;  // empty: no enhancement script
  // Who a page's visitor is until the application knows better (the back office's login): the channel.
  core::Channel channel = core::Channel::kWeb;
  // The browser's visit cookie, which the CSRF tokens are bound to. Cookies are per host, not per port, so each
  // application on one host has its own.
  std::string visit_cookie = "jw_sid";
  std::string layout = "layout";

  // The airline's settings as they are now; valid for the whole request (see LiveSite).
  const SiteSettings& Site() const { return live.Current().site; }
};

// One browser request to a page.
struct Visit {
  const http::Request& request;
  const Language& language;
  std::string session;  // the visit cookie, made on the first visit
  bool new_session = false;
  bool language_chosen = false;  // ?lang= was given: remember it in a cookie
  std::string csrf_token;        // for the forms on this page
  core::Actor actor;             // anonymous on ctx.channel, until the application authenticates someone
};

Visit BeginVisit(const PageContext& ctx, const http::Request& request);

// Renders `page` inside the layout. `view` is the page's own data; the language's texts are shared underneath.
http::Response RenderPage(const PageContext& ctx, const Visit& visit, int status, std::string_view page, View view,
                          const std::string& title);
// RenderPage in its two steps: the whole page's HTML, and the response that sends it to this visit (its cookies,
// its language, compressed as its browser accepts), so a page kept for others (web/page_memo.hpp) is sent the same.
std::string RenderHtml(const PageContext& ctx, const Visit& visit, int status, std::string_view page, View view,
                       const std::string& title);
http::Response PageResponse(const PageContext& ctx, const Visit& visit, int status, std::string html);
http::Response SeeOther(const std::string& location);
// A page with one message and a link back (bad links, refused forms, expired results).
http::Response MessagePage(const PageContext& ctx, const Visit& visit, int status, const std::string& code,
                           const std::string& message);

// application/x-www-form-urlencoded body; nullopt when it is not one or does not decode.
std::optional<Form> ParseForm(const http::Request& request);
// The form's csrf field matches this browser's session cookie.
bool CsrfOk(const PageContext& ctx, const http::Request& request, const Form& form);
http::Response CsrfRefused(const PageContext& ctx, const Visit& visit);

// The message for an error in the visitor's language ("error_<CODE>" in the texts), else the service's English.
std::string ErrorText(const PageContext& ctx, const Visit& visit, const core::Error& error);
std::string T(const PageContext& ctx, const Visit& visit, std::string_view key);

std::string FormValue(const Form& form, const std::string& name);
// This page's URL with some query parameters changed (another day of the price strip, another language). A
// ?lang= is dropped unless changed: it was remembered in a cookie when it was given.
std::string UrlWith(const http::Request& request, const std::map<std::string, std::string>& changes);

}  // namespace jetway::web
