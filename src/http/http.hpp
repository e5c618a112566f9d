// jetway's own HTTP request and response types and the router that maps method + path to a handler. Nothing
// here sees RESTinio (only server.cpp does), so handlers compile fast and are testable without a socket.
// A Router is built once at start-up and read-only afterwards, so dispatch is thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace jetway::http {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct Request {
  std::string method;
  std::string path;  // without the query string
  std::map<std::string, std::string> query;
  std::string query_string;  // as sent, undecoded (the firewall reads it the way an attacker wrote it)
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::map<std::string, std::string> params;  // from ":name" path segments
  std::string body;
  std::string request_id;
  std::string remote;
  bool tls = false;   // it arrived over HTTPS on jetway's own listener
  std::string route;  // the pattern of the route that answered ("/api/v1/bookings/:locator"); empty when none did

  std::optional<std::string> Query(const std::string& name) const;
  std::optional<std::string> Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string log_code;  // an error's code, for the request's log line (which limit refused it, say)
  std::string fault;     // what went wrong on our side (an exception's text): for the log and error tracking only
};

using Handler = std::function<Response(const Request&)>;

// {"error":{"code":..,"message":..,"field":..}} — the API's one error shape.
Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field = {});
// The HTTP status for each kind of domain error (400, 401, 402, 403, 404, 409, 415, 422, 429), one mapping for
// every front door.
int StatusOf(core::ErrorKind kind);
// A domain error as the API's error shape, with Retry-After when the error says when to retry.
Response ErrorResponse(const core::Error& error);
// Adds Retry-After to any answer (a page too) for an error that says when to retry; nothing otherwise.
void AddRetryAfter(Response& response, const core::Error& error);
// 404 NOT_FOUND for a path no route serves: what the router answers unless told otherwise (SetNotFound).
Response NotFoundResponse();
std::string_view ReasonPhrase(int status);

// An HTML page with the pages' security headers: a strict Content-Security-Policy (everything from our own origin,
// no inline script or style, no framing, forms post only to us), so that an injection that slipped past escaping
// still cannot run.
Response HtmlResponse(int status, std::string body);
inline constexpr const char* kPageContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Percent-decodes a query component ('+' is a space); nullopt for malformed escapes.
std::optional<std::string> PercentDecode(std::string_view text);
// Splits "a=1&b=2"; returns nullopt when any component is malformed, or decodes to a NUL or to bytes that are not
// UTF-8 (core::IsText).
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query);

class Router {
 public:
  void Add(std::string method, const std::string& pattern, Handler handler);
  // 404 for an unknown path (or what SetNotFound's handler answers), 405 (with Allow) for a known path and wrong
  // method.
  Response Dispatch(Request& request) const;
  void SetNotFound(Handler handler) { not_found_ = std::move(handler); }
  // Paths this router does not know go to the router `choose` picks for the request (one airline's booking site
  // by its host), which sets the request's route and parameters as its own; SetNotFound's handler is then unused.
  void SetFallback(std::function<const Router&(const Request&)> choose) { fallback_ = std::move(choose); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler not_found_;
  std::function<const Router&(const Request&)> fallback_;
};

}  // namespace jetway::http
