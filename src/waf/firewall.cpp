#include "waf/firewall.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "waf/modsecurity_engine.hpp"

namespace jetway::waf {

namespace {

// The CRS's blocking evaluation: it matches when the inbound anomaly score reached the threshold.
constexpr int kInboundBlockingRule = 949110;

}  // namespace

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
      "Include {}/*.conf\n"
      "Include {}\n",
      settings.mode == Mode::kBlocking ? "On" : "DetectionOnly", (own / "modsecurity.conf").string(),
      settings.paranoia_level, (own / "crs-setup.conf").string(), (own / "exclusions-before-crs.conf").string(),
      (own / "rules-before-crs.conf").string(), crs.string(), (own / "exclusions-after-crs.conf").string());
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
