// What the pages read from a browser's request: form bodies (URL-encoded and multipart), cookies, the client
// address behind a proxy, and the negotiation headers (Accept, Accept-Encoding, If-None-Match).
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "http/client_address.hpp"
#include "http/negotiation.hpp"
#include "web/cookies.hpp"
#include "web/multipart.hpp"
#include "web/page.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jetway;
  const auto fields = fuzz::Fields(fuzz::Text(data, size), 5);
  http::Request request;
  request.method = "POST";
  request.headers["Content-Type"] = "application/x-www-form-urlencoded";
  request.body = std::string(fields[0]);
  request.headers["Cookie"] = std::string(fields[1]);
  if (auto form = web::ParseForm(request))
    for (const auto& [name, value] : *form)
      if (name.empty() && value.empty() && form->size() > request.body.size() + 1) std::abort();
  // The same body as a form with a file (multipart/form-data), under a boundary the input may also name.
  request.headers["Content-Type"] = "multipart/form-data; boundary=B";
  web::ParseForm(request);
  if (auto boundary = web::MultipartBoundary(fields[3]))
    if (auto parts = web::ParseMultipart(fields[0], *boundary))
      for (const auto& part : *parts)
        if (part.name.empty() || part.body.size() > fields[0].size()) std::abort();
  web::CookieValue(request, "jw_visit");
  web::CookieValue(request, "jw_staff");
  static const auto trusted = *http::ParseNetworks("10.0.0.0/8, 127.0.0.1, ::1, fd00::/8");
  const auto client = http::ClientAddress("127.0.0.1", fields[2], trusted);
  if (client.empty()) std::abort();
  http::ParseNetworks(fields[2]);
  http::ChooseCoding(fields[3], true, true);
  http::AcceptsHtml(fields[3]);
  http::EtagMatches(fields[4], "\"4f2a\"");
  return 0;
}
