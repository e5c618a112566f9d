// Checking an install against its signed manifest: the signature first (a manifest that does not verify says
// nothing about the files), then every file. Used by `jetway verify-install` and by the server at start and every
// [integrity] check_interval_seconds, whose latest result the alerts read.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "integrity/install_files.hpp"
#include "integrity/manifest.hpp"

namespace jetway::integrity {

struct InstallCheck {
  core::Instant checked;
  std::string error;  // the manifest or key could not be read, or the signature does not verify
  std::string manifest_version;
  std::string fingerprint;  // of the public key used
  std::size_t files = 0;    // listed in the manifest
  Differences differences;
  bool ok() const { return error.empty() && differences.clean(); }
};

InstallCheck CheckInstall(const std::filesystem::path& manifest, const std::filesystem::path& public_key,
                          const InstallLayout& layout, core::Instant now);

// A manifest's or key's text: nullopt when the file cannot be read or is longer than `max_bytes`.
std::optional<std::string> ReadSmallFile(const std::filesystem::path& path, std::size_t max_bytes);

// One line for a log or an alert: "install matches its signed manifest (412 files)", or what is wrong with at most
// `names` file names ("3 files differ from the signed manifest: changed web/static/app.js; missing ...; extra ...").
std::string Summary(const InstallCheck& check, std::size_t names = 10);

// The latest check, shared between the task that runs it and the alerts that read it.
class LatestCheck {
 public:
  void Set(InstallCheck check);
  std::optional<InstallCheck> Get() const;

 private:
  mutable std::mutex mutex_;
  std::optional<InstallCheck> check_;
};

}  // namespace jetway::integrity
