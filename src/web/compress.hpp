// gzip (zlib) and brotli compression of static assets, done once each, and of pages per request; the
// matching decompressors
// (for tests and for checking our own output). Stateless functions; throw std::runtime_error on library failure.
#pragma once

#include <string>
#include <string_view>

#include "http/http.hpp"

namespace jetway::web {

// kMost for what is compressed once (static assets); kFast for what is compressed per request (pages).
enum class Effort { kMost, kFast };

std::string GzipCompress(std::string_view data, Effort effort = Effort::kMost);
std::string GzipDecompress(std::string_view data);
std::string BrotliCompress(std::string_view data, Effort effort = Effort::kMost);
std::string BrotliDecompress(std::string_view data);

// Compresses a page's body for a client that accepts br or gzip (Accept-Encoding), quickly, and says so
// (Content-Encoding; Vary is the caller's). Small bodies are left as they are.
void CompressForClient(std::string_view accept_encoding, http::Response& response);

}  // namespace jetway::web
