// The process's own figures for the metrics, from /proc/self: CPU time, resident memory and open files.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace jetway::ops {

struct ProcessStats {
  double cpu_seconds = 0;  // user + system
  std::uint64_t resident_bytes = 0;
  std::uint64_t open_files = 0;
  std::uint64_t max_files = 0;
};

// /proc/self/stat's line: utime and stime (fields 14 and 15) in clock ticks, rss (field 24) in pages. The command
// name in parentheses may hold spaces and parentheses itself, so fields count from the last ')'.
std::optional<ProcessStats> ParseProcStat(std::string_view stat, long ticks_per_second, long page_size);

// Now, for this process; zeros where /proc cannot be read.
ProcessStats ReadProcessStats();

}  // namespace jetway::ops
