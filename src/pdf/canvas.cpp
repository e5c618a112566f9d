#include "pdf/canvas.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/core.h>
#include <pango/pangocairo.h>

#include <cstdint>
#include <stdexcept>

namespace jetway::pdf {

namespace {

cairo_status_t Collect(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Canvas::Canvas(const std::string& title) {
  surface_ = cairo_pdf_surface_create_for_stream(Collect, &bytes_, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "jetway");
  cr_ = cairo_create(surface_);
  layout_ = pango_cairo_create_layout(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
}

Canvas::~Canvas() {
  if (layout_) g_object_unref(layout_);
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

void Canvas::SetFont(double size, bool bold) {
  auto* font = pango_font_description_from_string(fmt::format("DejaVu Sans {}{}", bold ? "Bold " : "", size).c_str());
  pango_layout_set_font_description(layout_, font);
  pango_font_description_free(font);
}

void Canvas::Put(double x, double y, double width, std::string_view text, double size, bool bold, Align align) {
  SetFont(size, bold);
  pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD);
  pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment(layout_, align == Align::kRight ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout_);
}

double Canvas::Paragraph(double x, double y, double width, std::string_view text, double size) {
  SetFont(size, false);
  pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD);
  pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout_);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void Canvas::Rule(double x1, double x2, double y) {
  cairo_set_line_width(cr_, 0.5);
  cairo_move_to(cr_, x1, y);
  cairo_line_to(cr_, x2, y);
  cairo_stroke(cr_);
}

void Canvas::Bitmap(double x, double y, double width, double height, int columns, const std::vector<bool>& dark) {
  const int rows = columns > 0 ? static_cast<int>(dark.size()) / columns : 0;
  if (rows == 0) return;
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, columns, rows);
  cairo_surface_flush(image);
  unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  for (int r = 0; r < rows; ++r) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + r * stride);
    for (int c = 0; c < columns; ++c) row[c] = dark[static_cast<std::size_t>(r * columns + c)] ? 0x000000u : 0xffffffu;
  }
  cairo_surface_mark_dirty(image);
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_scale(cr_, width / columns, height / rows);
  cairo_set_source_surface(cr_, image, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
  cairo_paint(cr_);
  cairo_restore(cr_);
  cairo_surface_destroy(image);
}

void Canvas::NewPage() { cairo_show_page(cr_); }

std::string Canvas::Finish() {
  cairo_show_page(cr_);
  g_object_unref(layout_);
  layout_ = nullptr;
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface_)));
  return std::move(bytes_);
}

}  // namespace jetway::pdf
