// The install's integrity from the command line and in the server: `jetway manifest keygen`, `jetway manifest sign`
// and `jetway verify-install`, and the check the server runs at start and every [integrity] check_interval_seconds.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "core/time.hpp"
#include "integrity/check.hpp"
#include "log/log.hpp"
#include "ops/periodic_task.hpp"

namespace jetway::app {

// What this configuration runs from: `binary`, its web directory, data files, and the CRS rules when the firewall
// is on.
integrity::InstallLayout InstallLayoutOf(const Config& config, const std::filesystem::path& binary);
std::filesystem::path OwnBinary();

// Writes a new key pair; refuses to replace an existing file. 0 on success, 2 on error.
int RunManifestKeygen(const std::string& private_path, const std::string& public_path, std::ostream& out,
                      std::ostream& err);
// Hashes the install and writes the signed manifest to `out_path` (default [integrity] manifest).
int RunManifestSign(const Config& config, const std::string& private_path, const std::optional<std::string>& out_path,
                    const core::Clock& clock, std::ostream& out, std::ostream& err);
// 0: the install matches; 1: files differ; 2: it cannot be checked (no manifest, a bad signature).
int RunVerifyInstall(const Config& config, const std::optional<std::string>& manifest,
                     const std::optional<std::string>& public_key, const core::Clock& clock, std::ostream& out,
                     std::ostream& err);

// Checks now (logged) and then every interval into `latest`; nullptr, with a warning, when no manifest is set.
std::unique_ptr<ops::PeriodicTask> StartInstallChecks(const Config& config, integrity::LatestCheck& latest,
                                                      const core::Clock& clock, log::Logger& logger);

}  // namespace jetway::app
