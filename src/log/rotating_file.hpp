// The log as a file that is rotated by size and kept by count and age, for a node run without the systemd journal:
// when the next line would take the file past max_bytes it is renamed to <path>.<UTC time> and a new one started,
// and rotated files beyond keep_files, or older than keep_days, are deleted. The file being written is never deleted.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "log/log.hpp"

namespace jetway::log {

struct RotationPolicy {
  std::uint64_t max_bytes = 100ull << 20;
  int keep_files = 10;
  int keep_days = 14;
};

class RotatingFile : public Sink {
 public:
  // Opens (appends to) `path`, creating it; throws std::system_error when it cannot.
  RotatingFile(std::filesystem::path path, RotationPolicy policy);
  ~RotatingFile() override;
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  void Write(Level level, std::string_view line) override;
  // The lines with one write(2) between rotations.
  void WriteBatch(const std::vector<Line>& lines) override;

 private:
  void Append(std::string_view text);
  void Open();
  void Rotate();
  void Prune() const;

  std::filesystem::path path_;
  RotationPolicy policy_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace jetway::log
