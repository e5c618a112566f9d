#include "app/integrity.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>
#include <system_error>

#include <fmt/format.h>

#include "build_paths.hpp"
#include "integrity/signing.hpp"
#include "waf/firewall.hpp"

namespace jetway::app {
namespace {

// A key file only its owner may read, never written over.
bool WriteNewFile(const std::string& path, const std::string& text, mode_t mode, std::ostream& err) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    err << fmt::format("jetway: cannot create {}: {}\n", path, std::strerror(errno));
    return false;
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) err << fmt::format("jetway: cannot write {}\n", path);
  return written;
}

std::optional<std::string> ReadKey(const std::string& path, std::ostream& err) {
  auto text = integrity::ReadSmallFile(path, 4096);  // a key is one line
  if (!text || text->empty()) {
    err << fmt::format("jetway: cannot read the key {}\n", path);
    return std::nullopt;
  }
  return text;
}

void PrintNames(std::ostream& out, const char* label, const std::vector<std::string>& names) {
  for (const auto& name : names) out << fmt::format("{:<8} {}\n", label, name);
}

integrity::InstallCheck CheckNow(const Config& config, const std::string& manifest, const std::string& public_key,
                                 const core::Clock& clock) {
  return integrity::CheckInstall(manifest, public_key, InstallLayoutOf(config, OwnBinary()), clock.Now());
}

void LogCheck(const integrity::InstallCheck& check, log::Logger& logger) {
  if (check.ok()) {
    logger.Info("install integrity", {log::Str("result", integrity::Summary(check)),
                                      log::Str("public_key", check.fingerprint)});
  } else {
    logger.Error("install integrity", {log::Str("result", integrity::Summary(check)),
                                       log::Str("public_key", check.fingerprint)});
  }
}

}  // namespace

std::filesystem::path OwnBinary() {
  std::error_code error;
  auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : path;
}

integrity::InstallLayout InstallLayoutOf(const Config& config, const std::filesystem::path& binary) {
  const bool firewall_on = waf::ParseMode(config.waf.mode).value_or(waf::Mode::kOff) != waf::Mode::kOff;
  return {binary, config.web_dir, config.airports_csv, config.common_passwords,
          firewall_on ? std::filesystem::path(config.waf.crs_dir) / "rules" : std::filesystem::path()};
}

int RunManifestKeygen(const std::string& private_path, const std::string& public_path, std::ostream& out,
                      std::ostream& err) {
  const auto pair = integrity::GenerateKeyPair();
  if (!WriteNewFile(private_path, pair.private_key, 0600, err)) return 2;
  if (!WriteNewFile(public_path, pair.public_key, 0644, err)) return 2;
  out << fmt::format("private key {} (keep it off the servers)\npublic key  {} {}\n", private_path, public_path,
                     integrity::Fingerprint(pair.public_key));
  return 0;
}

int RunManifestSign(const Config& config, const std::string& private_path, const std::optional<std::string>& out_path,
                    const core::Clock& clock, std::ostream& out, std::ostream& err) {
  const auto target = out_path.value_or(config.integrity.manifest);
  if (target.empty()) {
    err << "jetway: say where the manifest goes: --out FILE or [integrity] manifest\n";
    return 2;
  }
  const auto key = ReadKey(private_path, err);
  if (!key) return 2;
  const integrity::Manifest manifest{JETWAY_VERSION, core::FormatUtc(clock.Now()),
                                     integrity::HashInstall(InstallLayoutOf(config, OwnBinary()))};
  const auto body = integrity::ManifestBody(manifest);
  const auto signature = integrity::Sign(*key, body);
  if (!signature) {
    err << fmt::format("jetway: {}: {}\n", private_path, signature.error().message);
    return 2;
  }
  const auto temporary = target + ".new";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << body << "signature " << *signature << "\n";
    if (!file.flush()) {
      err << fmt::format("jetway: cannot write {}\n", temporary);
      return 2;
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, target, error);
  if (error) {
    err << fmt::format("jetway: cannot write {}: {}\n", target, error.message());
    return 2;
  }
  out << fmt::format("signed {} files into {}\n", manifest.files.size(), target);
  return 0;
}

int RunVerifyInstall(const Config& config, const std::optional<std::string>& manifest,
                     const std::optional<std::string>& public_key, const core::Clock& clock, std::ostream& out,
                     std::ostream& err) {
  const auto manifest_path = manifest.value_or(config.integrity.manifest);
  const auto key_path = public_key.value_or(config.integrity.public_key);
  if (manifest_path.empty() || key_path.empty()) {
    err << "jetway: no manifest to check against: --manifest and --public-key, or [integrity] manifest and "
           "public_key\n";
    return 2;
  }
  const auto check = CheckNow(config, manifest_path, key_path, clock);
  if (!check.error.empty()) {
    err << fmt::format("jetway: {}\n", integrity::Summary(check));
    return 2;
  }
  out << fmt::format("manifest {} (jetway {}), public key {}\n", manifest_path, check.manifest_version,
                     check.fingerprint);
  PrintNames(out, "changed", check.differences.changed);
  PrintNames(out, "missing", check.differences.missing);
  PrintNames(out, "extra", check.differences.extra);
  const auto differ = check.differences.count();
  out << (check.ok() ? integrity::Summary(check)
                     : fmt::format("{} of the manifest's {} files differ{}", differ, check.files,
                                   check.differences.extra.empty() ? "" : ", or are not in it"))
      << "\n";
  return check.ok() ? 0 : 1;
}

std::unique_ptr<ops::PeriodicTask> StartInstallChecks(const Config& config, integrity::LatestCheck& latest,
                                                      const core::Clock& clock, log::Logger& logger) {
  const auto& settings = config.integrity;
  if (settings.manifest.empty()) {
    logger.Warn("integrity.manifest is not set: the install is not checked against a signed manifest");
    return nullptr;
  }
  auto check = [&config, &latest, &clock, &logger] {
    auto result = CheckNow(config, config.integrity.manifest, config.integrity.public_key, clock);
    LogCheck(result, logger);
    latest.Set(std::move(result));
  };
  check();
  return std::make_unique<ops::PeriodicTask>("check-install", std::chrono::seconds{settings.check_interval_seconds},
                                             check, logger);
}

}  // namespace jetway::app
