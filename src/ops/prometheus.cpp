#include "ops/prometheus.hpp"

#include <fmt/core.h>

#include <cmath>

namespace jetway::ops {

void Exposition::Family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void Exposition::Head(std::string_view name, const Labels& labels) {
  out_ += name;
  if (labels.empty()) return;
  out_ += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out_ += ',';
    out_ += labels[i].first;
    out_ += "=\"";
    for (char c : labels[i].second) {
      if (c == '\\') out_ += "\\\\";
      else if (c == '"') out_ += "\\\"";
      else if (c == '\n') out_ += "\\n";
      else out_ += c;
    }
    out_ += '"';
  }
  out_ += '}';
}

void Exposition::Sample(std::string_view name, const Labels& labels, double value) {
  Head(name, labels);
  if (std::isinf(value)) out_ += value > 0 ? " +Inf\n" : " -Inf\n";
  else fmt::format_to(std::back_inserter(out_), " {}\n", value);
}

void Exposition::Sample(std::string_view name, const Labels& labels, std::uint64_t value) {
  Head(name, labels);
  fmt::format_to(std::back_inserter(out_), " {}\n", value);
}

}  // namespace jetway::ops
