// multipart/form-data bodies (RFC 7578), as a browser posts a form with a file: each part's field name, file name and
// bytes. Only what forms send: no nested multiparts, no transfer encodings. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetway::web {

struct FormPart {
  std::string name;
  std::string filename;  // "" for a plain field
  std::string content_type;
  std::string body;
};

// The boundary of a Content-Type "multipart/form-data; boundary=…" (quoted or not); nullopt for anything else.
std::optional<std::string> MultipartBoundary(std::string_view content_type);
// The parts of `body`; nullopt when it is not a well-formed multipart body with that boundary (at most `max_parts`).
std::optional<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                    std::size_t max_parts = 32);

}  // namespace jetway::web
