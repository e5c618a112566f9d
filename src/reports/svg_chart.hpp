// Bar charts drawn on the server as SVG, so the back office's reports need no JavaScript and no charting library.
// A chart is an image with a title and a description (role="img"); the report page puts the same numbers in a data
// table beside it, which is what screen readers and the accessibility checks read. Pure: text in, text out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jetway::reports {

struct BarChart {
  std::string id;           // unique on the page: the ids of the title and description derive from it
  std::string title;
  std::string description;  // one sentence saying what the bars show, and where the table with the numbers is
  std::vector<std::string> labels;
  std::vector<double> values;  // not negative; one per label
  std::string unit;            // appended to the axis figures ("%", " EUR")
  double top = 0;              // the value axis's end; 0: a round number above the largest value
  bool whole = false;          // counts: the axis figures stay whole numbers
  // Categories (routes, channels, brands) read best as horizontal bars, one labelled row each; days as columns.
  bool horizontal = false;
};

inline constexpr int kChartWidth = 720;
inline constexpr int kChartHeight = 240;

// Draws the chart. Columns: at most about 12 labels are written under them (every n-th when there are more), so a
// year of days stays legible. Horizontal: every bar has its label, and the chart grows a row per bar.
std::string RenderSvg(const BarChart& chart);

// A round number at or above `max` for the top of the value axis (1, 2, 2.5 or 5 times a power of ten).
double NiceCeiling(double max);

}  // namespace jetway::reports
