#include "integrity/check.hpp"

#include <fmt/format.h>

#include <fstream>
#include <system_error>

#include "integrity/signing.hpp"

namespace jetway::integrity {
namespace {

constexpr std::size_t kMaxFileBytes = 64 << 20;  // a manifest of 100,000 files is 7 MiB; keys are a line

void AppendNames(std::string& out, const char* label, const std::vector<std::string>& names, std::size_t& budget) {
  if (names.empty()) return;
  out += fmt::format("{}{}", out.ends_with(": ") ? "" : "; ", label);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (budget == 0) {
      out += fmt::format(" and {} more", names.size() - i);
      return;
    }
    out += (i == 0 ? " " : ", ") + names[i];
    --budget;
  }
}

}  // namespace

std::optional<std::string> ReadSmallFile(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error || size > max_bytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string text(size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return text;
}

InstallCheck CheckInstall(const std::filesystem::path& manifest, const std::filesystem::path& public_key,
                          const InstallLayout& layout, core::Instant now) {
  InstallCheck check;
  check.checked = now;
  const auto key = ReadSmallFile(public_key, kMaxFileBytes);
  if (!key) {
    check.error = fmt::format("cannot read the public key {}", public_key.string());
    return check;
  }
  check.fingerprint = Fingerprint(*key);
  const auto text = ReadSmallFile(manifest, kMaxFileBytes);
  if (!text) {
    check.error = fmt::format("cannot read the manifest {}", manifest.string());
    return check;
  }
  auto parsed = ParseManifest(*text);
  if (!parsed) {
    check.error = fmt::format("{}: {}", manifest.string(), parsed.error().message);
    return check;
  }
  if (auto verified = Verify(*key, parsed->body, parsed->signature); !verified) {
    check.error = fmt::format("{}: {}", manifest.string(), verified.error().message);
    return check;
  }
  check.manifest_version = parsed->manifest.version;
  check.files = parsed->manifest.files.size();
  check.differences = Compare(parsed->manifest.files, HashInstall(layout));
  return check;
}

std::string Summary(const InstallCheck& check, std::size_t names) {
  if (!check.error.empty()) return "install cannot be checked: " + check.error;
  const auto& diff = check.differences;
  if (diff.clean()) return fmt::format("install matches its signed manifest ({} files)", check.files);
  std::string out = fmt::format("{} file{} differ{} from the signed manifest: ", diff.count(),
                                diff.count() == 1 ? "" : "s", diff.count() == 1 ? "s" : "");
  AppendNames(out, "changed", diff.changed, names);
  AppendNames(out, "missing", diff.missing, names);
  AppendNames(out, "extra", diff.extra, names);
  return out;
}

void LatestCheck::Set(InstallCheck check) {
  std::lock_guard lock(mutex_);
  check_ = std::move(check);
}

std::optional<InstallCheck> LatestCheck::Get() const {
  std::lock_guard lock(mutex_);
  return check_;
}

}  // namespace jetway::integrity
