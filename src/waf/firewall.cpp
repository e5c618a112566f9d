#include "waf/firewall.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "waf/modsecurity_engine.hpp"

namespace jetway::waf {

namespace {

// The CRS's blocking evaluation: it matches when the inbound anomaly score reached the threshold.
constexpr int kInboundBlockingRule = 949110;

// CRS files that can never add to a request's score under jetway's settings, left out because every rule costs
// each request a few microseconds just to be skipped (bench/waf_rules.sh: a search's firewall CPU went from 728 us
// to 683 without them, a hold's from 1,008 to 946):
// - the 903.900x packages loosen rules for Drupal, WordPress, Nextcloud, DokuWiki, cPanel and XenForo, and act only
//   when crs-setup.conf names that application (tx.crs_exclusions_*), which jetway's never does;
// - 905 exempts Apache's "internal dummy connection" from 127.0.0.1 from every rule: Apache's, not jetway's, and
//   behind a proxy on the same host anyone could send it;
// - 910 (IP reputation) and 912 (DoS) read the per-address "ip" collection, which jetway does not open (rule 901321
//   is removed), and a country list and an RBL key that crs-setup.conf does not set; jetway's limits count per
//   client. A test (FirewallModes) keeps web/waf's files from setting what these read.
constexpr std::string_view kNotLoaded[] = {
    "REQUEST-903.9001-DRUPAL-EXCLUSION-RULES.conf",   "REQUEST-903.9002-WORDPRESS-EXCLUSION-RULES.conf",
    "REQUEST-903.9003-NEXTCLOUD-EXCLUSION-RULES.conf", "REQUEST-903.9004-DOKUWIKI-EXCLUSION-RULES.conf",
    "REQUEST-903.9005-CPANEL-EXCLUSION-RULES.conf",   "REQUEST-903.9006-XENFORO-EXCLUSION-RULES.conf",
    "REQUEST-905-COMMON-EXCEPTIONS.conf",             "REQUEST-910-IP-REPUTATION.conf",
    "REQUEST-912-DOS-PROTECTION.conf"};

// One Include per CRS file loaded, in the order ModSecurity's own glob would take them. A directory that cannot be
// read is left to that glob, so that the load fails with ModSecurity's words naming the path.
std::string CrsIncludes(const std::filesystem::path& rules) {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator it(rules, error), end; !error && it != end; it.increment(error)) {
    const auto name = it->path().filename().string();
    const bool skipped = std::find(std::begin(kNotLoaded), std::end(kNotLoaded), name) != std::end(kNotLoaded);
    if (it->path().extension() == ".conf" && !skipped) names.push_back(name);
  }
  if (error || names.empty()) return fmt::format("Include {}/*.conf\n", rules.string());
  std::sort(names.begin(), names.end());
  std::string includes;
  for (const auto& name : names) includes += fmt::format("Include {}\n", (rules / name).string());
  return includes;
}

}  // namespace

std::span<const std::string_view> CrsFilesNotLoaded() { return kNotLoaded; }

std::optional<Mode> ParseMode(std::string_view text) {
  if (text == "off") return Mode::kOff;
  if (text == "detection") return Mode::kDetection;
  if (text == "blocking") return Mode::kBlocking;
  return std::nullopt;
}

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kOff: return "off";
    case Mode::kDetection: return "detection";
    case Mode::kBlocking: return "blocking";
  }
  return "off";
}

std::string MainConfiguration(const Settings& settings) {
  const auto own = std::filesystem::path(settings.rules_dir);
  const auto crs = std::filesystem::path(settings.crs_dir) / "rules";
  // The CRS reads tx.paranoia_level once, in REQUEST-901, unless it is set already: this sets it first.
  return fmt::format(
      "SecRuleEngine {}\n"
      "Include {}\n"
      "SecAction \"id:900000,phase:1,pass,nolog,t:none,setvar:tx.paranoia_level={}\"\n"
      "Include {}\n"
      "Include {}\n"
      "Include {}\n"
      "{}"
      "Include {}\n",
      settings.mode == Mode::kBlocking ? "On" : "DetectionOnly", (own / "modsecurity.conf").string(),
      settings.paranoia_level, (own / "crs-setup.conf").string(), (own / "exclusions-before-crs.conf").string(),
      (own / "rules-before-crs.conf").string(), CrsIncludes(crs), (own / "exclusions-after-crs.conf").string());
}

Firewall::Firewall(Mode mode, std::unique_ptr<ModSecurityEngine> engine, std::unique_ptr<VerdictCache> cache)
    : mode_(mode), engine_(std::move(engine)), cache_(std::move(cache)) {}
Firewall::~Firewall() = default;

core::Result<std::unique_ptr<Firewall>> Firewall::Load(const Settings& settings) {
  std::string error;
  auto engine = ModSecurityEngine::Load(MainConfiguration(settings),
                                        (std::filesystem::path(settings.rules_dir) / "main.conf").string(), &error);
  if (!engine)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_WAF_RULES",
                      fmt::format("the firewall's rules do not load: {}", error), "waf");
  std::unique_ptr<VerdictCache> cache;
  if (settings.verdict_cache_entries > 0)
    cache = std::make_unique<VerdictCache>(VerdictCache::Limits{
        settings.verdict_cache_entries, std::chrono::seconds{settings.verdict_cache_seconds}, 4096});
  return std::unique_ptr<Firewall>(new Firewall(settings.mode, std::move(engine), std::move(cache)));
}

Verdict Firewall::Inspect(const http::Request& request) const {
  const auto key = cache_ ? cache_->KeyOf(request) : std::string();
  if (cache_)
    if (auto remembered = cache_->Find(key)) {
      remembered->remembered = true;
      return std::move(*remembered);
    }
  auto verdict = Run(request);
  if (cache_) {
    if (verdict.attack)
      cache_->Forget();  // rules with per-client state (IP reputation) must see every request again
    else
      cache_->Remember(key, verdict);
  }
  return verdict;
}

Verdict Firewall::Run(const http::Request& request) const {
  RawRequest raw{request.remote, request.method, request.path, {request.headers.begin(), request.headers.end()},
                 request.body, request.request_id};
  if (!request.query_string.empty()) raw.uri += "?" + request.query_string;
  const auto found = engine_->Inspect(raw);
  Verdict verdict;
  verdict.blocked = found.disruptive;
  verdict.score = found.score;
  for (const auto& [id, message] : found.matches) {
    verdict.rule_ids.push_back(id);
    verdict.messages.push_back(message);
    verdict.attack |= id == kInboundBlockingRule;
  }
  return verdict;
}

}  // namespace jetway::waf
