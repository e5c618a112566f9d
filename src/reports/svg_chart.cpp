#include "reports/svg_chart.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace jetway::reports {

namespace {

constexpr int kLeft = 64;    // room for the value axis figures
constexpr int kBottom = 40;  // room for the labels
constexpr int kTop = 12;
constexpr int kRight = 8;
constexpr int kGridLines = 4;
constexpr std::size_t kMaxLabels = 12;

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Figure(double value, const std::string& unit) {
  const bool whole = std::fabs(value - std::round(value)) < 1e-9;
  return Escape((whole ? fmt::format("{:.0f}", value) : fmt::format("{:.1f}", value)) + unit);
}

}  // namespace

double NiceCeiling(double max) {
  if (!(max > 0)) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(max)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (step * power >= max - 1e-9) return step * power;
  return 10 * power;
}

namespace {

constexpr int kRow = 20;         // a horizontal bar's row
constexpr int kLabelWidth = 120;  // room for a horizontal bar's label

double AxisTop(const BarChart& chart, std::size_t n) {
  if (chart.top > 0) return chart.top;
  const double max = n ? *std::max_element(chart.values.begin(), chart.values.begin() + n) : 0;
  double top = NiceCeiling(max);
  if (chart.whole) top = std::ceil(std::max(top, 1.0 * kGridLines) / kGridLines) * kGridLines;
  return top;
}

std::string Open(const BarChart& chart, int height) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" height="{}" )"
      R"(role="img" aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>)",
      kChartWidth, height, kChartWidth, height, chart.id, chart.id, chart.id, Escape(chart.title), chart.id,
      Escape(chart.description));
}

std::string Columns(const BarChart& chart, std::size_t n, double top) {
  const int plot_w = kChartWidth - kLeft - kRight;
  const int plot_h = kChartHeight - kTop - kBottom;
  std::string svg = Open(chart, kChartHeight);
  for (int g = 0; g <= kGridLines; ++g) {
    const double y = kTop + plot_h - plot_h * static_cast<double>(g) / kGridLines;
    svg += fmt::format(R"(<line class="grid" x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}"/>)", kLeft, y, kLeft + plot_w, y);
    svg += fmt::format(R"(<text class="axis" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", kLeft - 6, y + 4,
                       Figure(top * g / kGridLines, chart.unit));
  }
  if (n == 0) return svg + "</svg>";
  const double slot = static_cast<double>(plot_w) / n;
  const double bar = std::max(1.0, slot * 0.8);
  const std::size_t label_every = (n + kMaxLabels - 1) / kMaxLabels;
  for (std::size_t i = 0; i < n; ++i) {
    const double value = std::clamp(chart.values[i], 0.0, top);
    const double h = plot_h * value / top;
    const double x = kLeft + slot * i + (slot - bar) / 2;
    svg += fmt::format(R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" data-value="{}"/>)",
                       x, kTop + plot_h - h, bar, h, Figure(chart.values[i], ""));
    if (i % label_every == 0)
      svg += fmt::format(R"(<text class="label" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", x + bar / 2,
                         kTop + plot_h + 16, Escape(chart.labels[i]));
  }
  return svg + "</svg>";
}

std::string Rows(const BarChart& chart, std::size_t n, double top) {
  const int plot_w = kChartWidth - kLabelWidth - kRight - 48;  // room at the right for the bar's figure
  const int height = kTop + static_cast<int>(std::max<std::size_t>(n, 1)) * kRow + 24;
  const int bottom = height - 24;
  std::string svg = Open(chart, height);
  for (int g = 0; g <= kGridLines; ++g) {
    const double x = kLabelWidth + plot_w * static_cast<double>(g) / kGridLines;
    svg += fmt::format(R"(<line class="grid" x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}"/>)", x, kTop, x, bottom);
    svg += fmt::format(R"(<text class="axis" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", x, bottom + 16,
                       Figure(top * g / kGridLines, chart.unit));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double value = std::clamp(chart.values[i], 0.0, top);
    const double w = plot_w * value / top;
    const double y = kTop + kRow * static_cast<double>(i);
    svg += fmt::format(R"(<text class="label" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", kLabelWidth - 6,
                       y + kRow * 0.7, Escape(chart.labels[i]));
    svg += fmt::format(R"(<rect class="bar" x="{}" y="{:.1f}" width="{:.1f}" height="{:.1f}" data-value="{}"/>)",
                       kLabelWidth, y + 3, w, kRow - 6.0, Figure(chart.values[i], ""));
    svg += fmt::format(R"(<text class="figure" x="{:.1f}" y="{:.1f}">{}</text>)", kLabelWidth + w + 4,
                       y + kRow * 0.7, Figure(chart.values[i], chart.unit));
  }
  return svg + "</svg>";
}

}  // namespace

std::string RenderSvg(const BarChart& chart) {
  const std::size_t n = std::min(chart.labels.size(), chart.values.size());
  const double top = AxisTop(chart, n);
  return chart.horizontal ? Rows(chart, n, top) : Columns(chart, n, top);
}

}  // namespace jetway::reports
