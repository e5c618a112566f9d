#include "web/compress.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <stdexcept>

#include "http/negotiation.hpp"

namespace jetway::web {

namespace {
constexpr int kGzipWindow = 15 + 16;  // zlib: +16 selects the gzip wrapper instead of zlib's
}

std::string GzipCompress(std::string_view data, Effort effort) {
  z_stream stream{};
  const int level = effort == Effort::kMost ? Z_BEST_COMPRESSION : 6;
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindow, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip compression failed");
  out.resize(stream.total_out);
  return out;
}

std::string GzipDecompress(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindow) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
  return out;
}

std::string BrotliCompress(std::string_view data, Effort effort) {
  // Quality 5 compresses a page in well under a millisecond and still beats gzip -9 on HTML.
  const int quality = effort == Effort::kMost ? BROTLI_MAX_QUALITY : 5;
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    throw std::runtime_error("brotli compression failed");
  out.resize(size);
  return out;
}

std::string BrotliDecompress(std::string_view data) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) throw std::runtime_error("brotli decoder: out of memory");
  std::string out;
  std::size_t available_in = data.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::uint8_t buffer[16384];
    std::size_t available_out = sizeof buffer;
    std::uint8_t* next_out = buffer;
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
    out.append(reinterpret_cast<const char*>(buffer), sizeof buffer - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  if (result != BROTLI_DECODER_RESULT_SUCCESS) throw std::runtime_error("not a complete brotli stream");
  return out;
}

void CompressForClient(std::string_view accept_encoding, http::Response& response) {
  constexpr std::size_t kWorthIt = 1024;  // below a packet or two, compressing saves nothing
  if (response.body.size() < kWorthIt) return;
  switch (http::ChooseCoding(accept_encoding, true, true)) {
    case http::Coding::kBrotli:
      response.body = BrotliCompress(response.body, Effort::kFast);
      response.headers.emplace_back("Content-Encoding", "br");
      break;
    case http::Coding::kGzip:
      response.body = GzipCompress(response.body, Effort::kFast);
      response.headers.emplace_back("Content-Encoding", "gzip");
      break;
    case http::Coding::kIdentity: break;
  }
}

}  // namespace jetway::web
