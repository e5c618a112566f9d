#include "ops/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace jetway::ops {

std::optional<ProcessStats> ParseProcStat(std::string_view stat, long ticks_per_second, long page_size) {
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0 || page_size <= 0) return std::nullopt;
  // After ") " comes field 3 (state); utime is field 14, stime 15, rss 24.
  std::string_view rest = stat.substr(close + 1);
  std::uint64_t fields[25] = {};
  int field = 2;
  std::size_t i = 0;
  while (i < rest.size() && field < 24) {
    while (i < rest.size() && rest[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < rest.size() && rest[i] != ' ' && rest[i] != '\n') ++i;
    if (start == i) break;
    ++field;
    std::uint64_t value = 0;
    std::from_chars(rest.data() + start, rest.data() + i, value);  // a non-number (the state letter) stays 0
    fields[field] = value;
  }
  if (field < 24) return std::nullopt;
  ProcessStats stats;
  stats.cpu_seconds = static_cast<double>(fields[14] + fields[15]) / static_cast<double>(ticks_per_second);
  stats.resident_bytes = fields[24] * static_cast<std::uint64_t>(page_size);
  return stats;
}

ProcessStats ReadProcessStats() {
  std::ifstream in("/proc/self/stat");
  const std::string stat{std::istreambuf_iterator<char>(in), {}};
  ProcessStats stats = ParseProcStat(stat, ::sysconf(_SC_CLK_TCK), ::sysconf(_SC_PAGESIZE)).value_or(ProcessStats{});
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != decltype(it){};
       it.increment(ec))
    ++stats.open_files;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) stats.max_files = limit.rlim_cur;
  return stats;
}

}  // namespace jetway::ops
