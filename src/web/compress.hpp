// gzip (zlib) and brotli compression of static assets, done once at start-up, and the matching decompressors
// (for tests and for checking our own output). Stateless functions; throw std::runtime_error on library failure.
#pragma once

#include <string>
#include <string_view>

namespace jetway::web {

std::string GzipCompress(std::string_view data);
std::string GzipDecompress(std::string_view data);
std::string BrotliCompress(std::string_view data);
std::string BrotliDecompress(std::string_view data);

}  // namespace jetway::web
