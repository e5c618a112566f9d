#include "integrity/install_files.hpp"

#include <system_error>

#include "core/digest.hpp"

namespace jetway::integrity {
namespace {

// One entry of a walked tree: a link's target text, a regular file's bytes; anything else (a device, a pipe) is
// named for what it is, so that it differs from any file.
std::string HashEntry(const std::filesystem::directory_entry& entry) {
  std::error_code error;
  if (entry.is_symlink(error)) return core::Sha256Hex("symlink:" + std::filesystem::read_symlink(entry.path(), error).string());
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
  auto sum = core::Sha256File(file);
  return sum ? std::move(*sum) : "unreadable:" + sum.error().message;
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
