// The web application firewall: ModSecurity v3 (Debian libmodsecurity3) with the OWASP Core Rule Set (Debian
// modsecurity-crs) in anomaly-scoring mode, run inside the process on every request before any handler sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/http.hpp"
#include "waf/modsecurity_engine.hpp"
#include "waf/verdict.hpp"
#include "waf/verdict_cache.hpp"

namespace jetway::waf {

enum class Mode {
  kOff,        // no firewall
  kDetection,  // every request is inspected and what would be blocked is logged, but served
  kBlocking,   // a request whose anomaly score reaches the threshold is refused with 403
};

std::optional<Mode> ParseMode(std::string_view text);  // "off", "detection", "blocking"
std::string_view ModeName(Mode mode);

struct Settings {
  Mode mode = Mode::kBlocking;
  int paranoia_level = 1;  // the CRS's 1-4: higher catches more, and blocks more legitimate requests
  // jetway's own rule files (engine settings, CRS settings, exclusions): web/waf
  std::string rules_dir;
  std::string crs_dir = "/usr/share/modsecurity-crs";  // the CRS's rules/ live here
  // Verdicts remembered for byte-identical requests (waf::VerdictCache); 0 entries: every request inspected.
  std::size_t verdict_cache_entries = 4096;
  int verdict_cache_seconds = 60;
};

class Firewall {
 public:
  // Loads the rules; an error names the file and line the rule parser choked on.
  static core::Result<std::unique_ptr<Firewall>> Load(const Settings& settings);
  ~Firewall();
  Firewall(const Firewall&) = delete;
  Firewall& operator=(const Firewall&) = delete;

  Mode mode() const { return mode_; }
  // Thread-safe: each call is its own ModSecurity transaction over the shared, read-only rules, unless the same
  // request was inspected a moment ago and was no attack (VerdictCache).
  Verdict Inspect(const http::Request& request) const;
  // Requests answered with a remembered verdict, since start.
  std::uint64_t cached_verdicts() const { return cache_ ? cache_->hits() : 0; }

 private:
  Firewall(Mode mode, std::unique_ptr<ModSecurityEngine> engine, std::unique_ptr<VerdictCache> cache);
  Verdict Run(const http::Request& request) const;  // the rules themselves
  Mode mode_;
  std::unique_ptr<ModSecurityEngine> engine_;
  std::unique_ptr<VerdictCache> cache_;  // null when off
};

// The main configuration Load gives ModSecurity: the engine mode and paranoia level, then jetway's files and the
// CRS's in their order. Apart so a test can read what is loaded.
std::string MainConfiguration(const Settings& settings);
// The CRS files MainConfiguration leaves out: rules that cannot match under jetway's settings (firewall.cpp says why).
std::span<const std::string_view> CrsFilesNotLoaded();

}  // namespace jetway::waf
