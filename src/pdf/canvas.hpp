// A PDF document of A4 pages to draw text and rules on: cairo's PDF surface, with pango setting the type in DejaVu
// Sans (Debian's libcairo2, libpango and fonts-dejavu-core). The one way jetway makes PDFs (statements of account,
// itinerary receipts). Not thread-safe; each document is its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

typedef struct _cairo_surface cairo_surface_t;
typedef struct _cairo cairo_t;
typedef struct _PangoLayout PangoLayout;

namespace jetway::pdf {

// A4 in points.
inline constexpr double kPageWidth = 595.276;
inline constexpr double kPageHeight = 841.89;

enum class Align { kLeft, kRight };

class Canvas {
 public:
  explicit Canvas(const std::string& title);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  // `text` at (x, y) in a box `width` wide on one line (cut with an ellipsis), `size` points.
  void Put(double x, double y, double width, std::string_view text, double size = 9, bool bold = false,
           Align align = Align::kLeft);
  // `text` wrapped at `width`; returns the height it took.
  double Paragraph(double x, double y, double width, std::string_view text, double size = 9);
  // A thin line across from x1 to x2 at y.
  void Rule(double x1, double x2, double y);
  // A black-and-white bitmap (a barcode: `dark` row by row, `columns` wide) drawn into the box at (x, y), each bit a
  // sharp-edged cell (no smoothing), as one small image in the document.
  void Bitmap(double x, double y, double width, double height, int columns, const std::vector<bool>& dark);
  void NewPage();
  // The document's bytes; the canvas is spent. Throws std::runtime_error if cairo failed.
  std::string Finish();

 private:
  void SetFont(double size, bool bold);

  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoLayout* layout_ = nullptr;
};

}  // namespace jetway::pdf
