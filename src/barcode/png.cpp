#include "barcode/png.hpp"

#include <cairo.h>

#include <cstring>
#include <memory>

namespace jetway::barcode {

namespace {

struct Reader {
  std::string_view bytes;
  std::size_t at = 0;
};

cairo_status_t ReadChunk(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<Reader*>(closure);
  if (r->bytes.size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, r->bytes.data() + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// ITU-R BT.601 luma, over white where the image is transparent (a screenshot's background).
std::uint8_t Grey(std::uint32_t argb) {
  const auto a = (argb >> 24) & 0xff;
  const auto r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
  const auto luma = (299 * r + 587 * g + 114 * b) / 1000;  // premultiplied: already scaled by alpha
  return static_cast<std::uint8_t>(luma + (255 - a));
}

}  // namespace

std::optional<Image> DecodePng(std::string_view bytes) {
  static constexpr unsigned char kSignature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < sizeof kSignature || std::memcmp(bytes.data(), kSignature, sizeof kSignature) != 0)
    return std::nullopt;
  Reader reader{bytes};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png_stream(ReadChunk, &reader), cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return std::nullopt;
  const int width = cairo_image_surface_get_width(surface.get());
  const int height = cairo_image_surface_get_height(surface.get());
  const auto format = cairo_image_surface_get_format(surface.get());
  if (width <= 0 || height <= 0 || static_cast<long>(width) * height > kMaxPixels) return std::nullopt;
  cairo_surface_flush(surface.get());
  const auto* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  Image image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      std::uint8_t grey = 255;
      if (format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24) {
        std::uint32_t pixel;
        std::memcpy(&pixel, data + y * stride + x * 4, 4);
        if (format == CAIRO_FORMAT_RGB24) pixel |= 0xff000000u;
        grey = Grey(pixel);
      } else if (format == CAIRO_FORMAT_A8) {
        grey = static_cast<std::uint8_t>(255 - data[y * stride + x]);
      } else {
        return std::nullopt;
      }
      image.pixels[static_cast<std::size_t>(y) * width + x] = grey;
    }
  return image;
}

}  // namespace jetway::barcode
