#include "integrity/install_files.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

namespace jetway::integrity {
namespace {

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) out += fmt::format("{:02x}", bytes[i]);
  return out;
}

std::string HashText(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return Hex(digest, sizeof digest);
}

// One entry of a walked tree: a link's target text, a regular file's bytes; anything else (a device, a pipe) is
// named for what it is, so that it differs from any file.
std::string HashEntry(const std::filesystem::directory_entry& entry) {
  std::error_code error;
  if (entry.is_symlink(error)) return HashText("symlink:" + std::filesystem::read_symlink(entry.path(), error).string());
  if (entry.is_regular_file(error)) return HashFile(entry.path());
  return "not-a-file";
}

void HashTree(const std::filesystem::path& root, const std::string& prefix, FileHashes& out) {
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) return;  // its files all show as missing
  std::filesystem::recursive_directory_iterator it(root, std::filesystem::directory_options::none, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_directory(error) && !it->is_symlink(error)) continue;
    out[prefix + "/" + it->path().lexically_relative(root).generic_string()] = HashEntry(*it);
  }
}

void HashOne(const std::filesystem::path& file, const std::string& prefix, FileHashes& out) {
  std::error_code error;
  if (file.empty() || !std::filesystem::exists(std::filesystem::symlink_status(file, error))) return;
  out[prefix + "/" + file.filename().string()] = HashFile(file);
}

}  // namespace

std::string HashFile(const std::filesystem::path& file) {
  if (sodium_init() < 0) return "unreadable:libsodium";
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fmt::format("unreadable:{}", std::strerror(errno));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  unsigned char buffer[64 * 1024];
  ssize_t got = 0;
  while ((got = ::read(fd, buffer, sizeof buffer)) > 0 || (got < 0 && errno == EINTR))
    if (got > 0) crypto_hash_sha256_update(&state, buffer, static_cast<unsigned long long>(got));
  const int read_errno = errno;
  ::close(fd);
  if (got < 0) return fmt::format("unreadable:{}", std::strerror(read_errno));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return Hex(digest, sizeof digest);
}

FileHashes HashInstall(const InstallLayout& layout) {
  FileHashes out;
  HashOne(layout.binary, "bin", out);
  HashTree(layout.web_dir, "web", out);
  HashOne(layout.airports_csv, "data", out);
  HashOne(layout.common_passwords, "data", out);
  if (!layout.crs_rules.empty()) HashTree(layout.crs_rules, "crs/rules", out);
  return out;
}

}  // namespace jetway::integrity
