#include "http/http.hpp"

#include <fmt/core.h>

#include "core/text.hpp"
#include "log/log.hpp"

namespace jetway::http {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = core::AsciiLower(a[i]), y = core::AsciiLower(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field) {
  Response r;
  r.status = status;
  r.log_code = code;
  r.body = fmt::format("{{\"error\":{{\"code\":{},\"message\":{}", core::JsonQuote(code), core::JsonQuote(message));
  if (!field.empty()) r.body += fmt::format(",\"field\":{}", core::JsonQuote(field));
  r.body += "}}";
  return r;
}

int StatusOf(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::kBadRequest: return 400;
    case core::ErrorKind::kInvalid: return 422;
    case core::ErrorKind::kNotFound: return 404;
    case core::ErrorKind::kConflict: return 409;
    case core::ErrorKind::kPaymentDeclined: return 402;
    case core::ErrorKind::kUnsupportedMediaType: return 415;
    case core::ErrorKind::kUnauthorized: return 401;
    case core::ErrorKind::kForbidden: return 403;
    case core::ErrorKind::kTooManyRequests: return 429;
  }
  return 400;
}

Response ErrorResponse(const core::Error& error) {
  auto response = ErrorResponse(StatusOf(error.kind), error.code, error.message, error.field);
  AddRetryAfter(response, error);
  return response;
}

void AddRetryAfter(Response& response, const core::Error& error) {
  if (error.retry_after_seconds > 0) response.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
}

Response NotFoundResponse() { return ErrorResponse(404, "NOT_FOUND", "no such resource"); }

Response HtmlResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  // The pages use none of the browser's powerful features, so none may be turned on, even by an injected frame.
  r.headers = {{"Content-Security-Policy", kPageContentSecurityPolicy},
               {"X-Frame-Options", "DENY"},
               {"Permissions-Policy",
                "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                "payment=(), usb=()"}};
  return r;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto key = PercentDecode(part.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1));
    // A NUL or bytes that are not UTF-8 are no one's text: refused here, they cannot reach a database that would
    // refuse them (PostgreSQL answered a NUL in a sign-in form with an error, so a 500).
    if (!key || !value || !core::IsText(*key) || !core::IsText(*value)) return std::nullopt;
    out.emplace(std::move(*key), std::move(*value));  // the first occurrence wins
  }
  return out;
}

namespace {
std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segments.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}
}  // namespace

void Router::Add(std::string method, const std::string& pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), pattern, Split(pattern), std::move(handler)});
}

Response Router::Dispatch(Request& request) const {
  const auto segments = Split(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      if (route.segments[i].starts_with(':')) params[route.segments[i].substr(1)] = segments[i];
      else match = route.segments[i] == segments[i];
    }
    if (!match) continue;
    if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET")) {
      allowed += allowed.empty() ? route.method : ", " + route.method;
      continue;
    }
    request.params = std::move(params);
    request.route = route.pattern;
    return route.handler(request);
  }
  if (!allowed.empty()) {
    auto r = ErrorResponse(405, "METHOD_NOT_ALLOWED", fmt::format("{} is not allowed here", request.method));
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  if (fallback_) return fallback_(request).Dispatch(request);
  return not_found_ ? not_found_(request) : NotFoundResponse();
}

}  // namespace jetway::http
