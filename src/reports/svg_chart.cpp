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

std::string RenderSvg(const BarChart& chart) {
  const int plot_w = kChartWidth - kLeft - kRight;
  const int plot_h = kChartHeight - kTop - kBottom;
  const std::size_t n = std::min(chart.labels.size(), chart.values.size());
  const double top = NiceCeiling(n ? *std::max_element(chart.values.begin(), chart.values.begin() + n) : 0);
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" height="{}" )"
      R"(role="img" aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>)",
      kChartWidth, kChartHeight, kChartWidth, kChartHeight, chart.id, chart.id, chart.id, Escape(chart.title),
      chart.id, Escape(chart.description));
  for (int g = 0; g <= kGridLines; ++g) {
    const double value = top * g / kGridLines;
    const double y = kTop + plot_h - plot_h * static_cast<double>(g) / kGridLines;
    svg += fmt::format(R"(<line class="grid" x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}"/>)", kLeft, y, kLeft + plot_w, y);
    svg += fmt::format(R"(<text class="axis" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", kLeft - 6, y + 4,
                       Figure(value, chart.unit));
  }
  if (n == 0) return svg + "</svg>";
  const double slot = static_cast<double>(plot_w) / n;
  const double bar = std::max(1.0, slot * 0.8);
  const std::size_t label_every = (n + kMaxLabels - 1) / kMaxLabels;
  for (std::size_t i = 0; i < n; ++i) {
    const double value = std::max(0.0, chart.values[i]);
    const double h = plot_h * value / top;
    const double x = kLeft + slot * i + (slot - bar) / 2;
    svg += fmt::format(R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" data-value="{}"/>)",
                       x, kTop + plot_h - h, bar, h, Figure(value, ""));
    if (i % label_every == 0)
      svg += fmt::format(R"(<text class="label" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", x + bar / 2,
                         kTop + plot_h + 16, Escape(chart.labels[i]));
  }
  return svg + "</svg>";
}

}  // namespace jetway::reports
