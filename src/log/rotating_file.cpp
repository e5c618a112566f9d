#include "log/rotating_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/core.h>

namespace jetway::log {

namespace fs = std::filesystem;

namespace {

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

// <path>.<stamp>, or <path>.<stamp>-N when that name is taken (several rotations in one second).
fs::path RotatedName(const fs::path& path) {
  const std::string base = path.string() + "." + UtcStamp();
  fs::path name = base;
  for (int n = 1; fs::exists(name); ++n) name = fmt::format("{}-{}", base, n);
  return name;
}

}  // namespace

RotatingFile::RotatingFile(fs::path path, RotationPolicy policy) : path_(std::move(path)), policy_(policy) {
  Open();
  Prune();
}

RotatingFile::~RotatingFile() {
  if (fd_ >= 0) ::close(fd_);
}

void RotatingFile::Open() {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open the log file " + path_.string());
  struct stat st {};
  size_ = ::fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void RotatingFile::Write(Level, std::string_view line) {
  if (size_ > 0 && size_ + line.size() > policy_.max_bytes) Rotate();
  Append(line);
}

void RotatingFile::WriteBatch(const std::vector<Line>& lines) {
  std::string pending;
  for (const auto& line : lines) {
    if (size_ + pending.size() > 0 && size_ + pending.size() + line.text.size() > policy_.max_bytes) {
      Append(pending);
      pending.clear();
      Rotate();
    }
    pending += line.text;
  }
  Append(pending);
}

void RotatingFile::Append(std::string_view text) {
  if (fd_ < 0 || text.empty()) return;
  // A line the disk cannot take is lost rather than stopping the request that logs it.
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  size_ += written;
}

void RotatingFile::Rotate() {
  ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  fs::rename(path_, RotatedName(path_), ec);
  try {
    Open();
  } catch (const std::system_error&) {
    return;  // no log file for now; the next rotation tries again
  }
  Prune();
}

void RotatingFile::Prune() const {
  struct Rotated {
    fs::path path;
    fs::file_time_type written;
  };
  std::vector<Rotated> rotated;
  const std::string prefix = path_.filename().string() + ".";
  std::error_code ec;
  const fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 && entry.is_regular_file(ec))
      rotated.push_back({entry.path(), entry.last_write_time(ec)});
  }
  // Newest first: the first keep_files that are young enough stay.
  std::sort(rotated.begin(), rotated.end(), [](const Rotated& a, const Rotated& b) {
    return a.written != b.written ? a.written > b.written : a.path > b.path;
  });
  const auto oldest_kept = fs::file_time_type::clock::now() - std::chrono::hours{24} * policy_.keep_days;
  for (std::size_t i = 0; i < rotated.size(); ++i)
    if (i >= static_cast<std::size_t>(std::max(0, policy_.keep_files)) || rotated[i].written < oldest_kept)
      fs::remove(rotated[i].path, ec);
}

}  // namespace jetway::log
