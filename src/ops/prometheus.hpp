// The Prometheus text exposition format (version 0.0.4): each metric family's HELP and TYPE once, then its
// samples, label values escaped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jetway::ops {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

class Exposition {
 public:
  // Starts a family: type is counter, gauge or histogram.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  void Sample(std::string_view name, const Labels& labels, std::uint64_t value);
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Head(std::string_view name, const Labels& labels);
  std::string out_;
};

}  // namespace jetway::ops
