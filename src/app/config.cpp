#include "app/config.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>
#include <toml++/toml.h>

#include "core/text.hpp"
#include "http/client_address.hpp"
#include "mail/mime.hpp"
#include "waf/firewall.hpp"

namespace jetway::app {

using core::ErrorKind;
using core::Fail;

namespace {

// Whole-number settings read the same way: a key in a jetway.toml section, an environment variable, an allowed range
// (checked for both) and where the value goes.
struct IntSetting {
  const char* section;
  const char* key;
  const char* env;
  int min;
  int max;
  std::function<void(Config&, int)> set;
};

const std::vector<IntSetting>& IntSettings() {
  static const std::vector<IntSetting> settings{
      {"server", "max_connections", "JETWAY_MAX_CONNECTIONS", 1, 1'000'000,
       [](Config& c, int v) { c.max_connections = v; }},
      {"server", "max_connections_per_client", "JETWAY_MAX_CONNECTIONS_PER_CLIENT", 0, 1'000'000,
       [](Config& c, int v) { c.max_connections_per_client = v; }},
      {"server", "read_timeout_seconds", "JETWAY_READ_TIMEOUT_SECONDS", 1, 3600,
       [](Config& c, int v) { c.read_timeout_seconds = v; }},
      {"server", "max_body_bytes", "JETWAY_MAX_BODY_BYTES", 1024, 64 << 20, [](Config& c, int v) { c.max_body_bytes = v; }},
      {"passwords", "hash_mib", "JETWAY_PASSWORD_HASH_MIB", 1, 4096,
       [](Config& c, int v) { c.password_hash.mem_bytes = static_cast<std::size_t>(v) << 20; }},
      {"passwords", "hash_passes", "JETWAY_PASSWORD_HASH_PASSES", 1, 16,
       [](Config& c, int v) { c.password_hash.ops = static_cast<unsigned long long>(v); }},
      {"admin", "max_body_bytes", "JETWAY_ADMIN_MAX_BODY_BYTES", 1024, 64 << 20,
       [](Config& c, int v) { c.admin.max_body_bytes = v; }},
      {"log", "max_megabytes", "JETWAY_LOG_MAX_MEGABYTES", 1, 100'000, [](Config& c, int v) { c.log.max_megabytes = v; }},
      {"log", "keep_files", "JETWAY_LOG_KEEP_FILES", 1, 10'000, [](Config& c, int v) { c.log.keep_files = v; }},
      {"log", "keep_days", "JETWAY_LOG_KEEP_DAYS", 1, 3650, [](Config& c, int v) { c.log.keep_days = v; }},
      {"backup", "interval_seconds", "JETWAY_BACKUP_INTERVAL_SECONDS", 0, 7 * 24 * 3600,
       [](Config& c, int v) { c.backup.interval_seconds = v; }},
      {"backup", "keep_days", "JETWAY_BACKUP_KEEP_DAYS", 1, 3650, [](Config& c, int v) { c.backup.keep_days = v; }},
      {"backup", "keep_frequent_hours", "JETWAY_BACKUP_KEEP_FREQUENT_HOURS", 1, 24 * 365,
       [](Config& c, int v) { c.backup.keep_frequent_hours = v; }},
      {"limits", "requests_per_second_per_client", "JETWAY_REQUESTS_PER_SECOND_PER_CLIENT", 0, 1'000'000,
       [](Config& c, int v) { c.requests_per_second_per_client = v; }},
      {"limits", "request_burst_per_client", "JETWAY_REQUEST_BURST_PER_CLIENT", 1, 1'000'000,
       [](Config& c, int v) { c.request_burst_per_client = v; }},
      {"security", "window_seconds", "JETWAY_SECURITY_WINDOW_SECONDS", 10, 24 * 3600,
       [](Config& c, int v) { c.security.window_seconds = v; }},
      {"security", "firewall_blocks", "JETWAY_SECURITY_FIREWALL_BLOCKS", 1, 1'000'000,
       [](Config& c, int v) { c.security.firewall_blocks = v; }},
      {"security", "not_found", "JETWAY_SECURITY_NOT_FOUND", 1, 1'000'000,
       [](Config& c, int v) { c.security.not_found = v; }},
      {"security", "rate_limited", "JETWAY_SECURITY_RATE_LIMITED", 1, 1'000'000,
       [](Config& c, int v) { c.security.rate_limited = v; }},
      {"security", "login_failures", "JETWAY_SECURITY_LOGIN_FAILURES", 1, 1'000'000,
       [](Config& c, int v) { c.security.login_failures = v; }},
      {"security", "keep_days", "JETWAY_SECURITY_KEEP_DAYS", 1, 3650, [](Config& c, int v) { c.security.keep_days = v; }},
      {"integrity", "check_interval_seconds", "JETWAY_INTEGRITY_CHECK_INTERVAL_SECONDS", 1, 7 * 24 * 3600,
       [](Config& c, int v) { c.integrity.check_interval_seconds = v; }},
      {"waf", "paranoia_level", "JETWAY_WAF_PARANOIA_LEVEL", 1, 4, [](Config& c, int v) { c.waf.paranoia_level = v; }},
      {"waf", "verdict_cache_entries", "JETWAY_WAF_VERDICT_CACHE_ENTRIES", 0, 1'000'000,
       [](Config& c, int v) { c.waf.verdict_cache_entries = v; }},
      {"waf", "verdict_cache_seconds", "JETWAY_WAF_VERDICT_CACHE_SECONDS", 1, 3600,
       [](Config& c, int v) { c.waf.verdict_cache_seconds = v; }},
      {"search", "snapshot_entries", "JETWAY_SEARCH_SNAPSHOT_ENTRIES", 0, 10'000'000,
       [](Config& c, int v) { c.search.snapshot_entries = v; }},
      {"search", "snapshot_max_age_ms", "JETWAY_SEARCH_SNAPSHOT_MAX_AGE_MS", 1, 60'000,
       [](Config& c, int v) { c.search.snapshot_max_age_ms = v; }},
      {"search", "feed_poll_ms", "JETWAY_SEARCH_FEED_POLL_MS", 1, 60'000,
       [](Config& c, int v) { c.search.feed_poll_ms = v; }},
      {"monitoring", "flush_ms", "JETWAY_MONITORING_FLUSH_MS", 100, 600'000,
       [](Config& c, int v) { c.monitoring.flush_ms = v; }},
      {"monitoring", "status_probe_seconds", "JETWAY_STATUS_PROBE_SECONDS", 1, 3600,
       [](Config& c, int v) { c.monitoring.status_probe_seconds = v; }},
      {"alerts", "certificate_days", "JETWAY_ALERTS_CERTIFICATE_DAYS", 1, 365,
       [](Config& c, int v) { c.alerts.certificate_days = v; }},
      {"alerts", "interval_seconds", "JETWAY_ALERTS_INTERVAL_SECONDS", 0, 3600,
       [](Config& c, int v) { c.alerts.interval_seconds = v; }},
      {"alerts", "window_seconds", "JETWAY_ALERTS_WINDOW_SECONDS", 10, 3600,
       [](Config& c, int v) { c.alerts.window_seconds = v; }},
      {"alerts", "error_rate_percent", "JETWAY_ALERTS_ERROR_RATE_PERCENT", 0, 100,
       [](Config& c, int v) { c.alerts.error_rate_percent = v; }},
      {"alerts", "min_requests", "JETWAY_ALERTS_MIN_REQUESTS", 1, 1'000'000,
       [](Config& c, int v) { c.alerts.min_requests = v; }},
      {"alerts", "p99_ms", "JETWAY_ALERTS_P99_MS", 1, 600'000, [](Config& c, int v) { c.alerts.p99_ms = v; }},
      {"alerts", "backup_max_age_seconds", "JETWAY_ALERTS_BACKUP_MAX_AGE_SECONDS", 1, 30 * 24 * 3600,
       [](Config& c, int v) { c.alerts.backup_max_age_seconds = v; }},
      {"alerts", "disk_free_percent", "JETWAY_ALERTS_DISK_FREE_PERCENT", 0, 100,
       [](Config& c, int v) { c.alerts.disk_free_percent = v; }},
      {"alerts", "mail_failures", "JETWAY_ALERTS_MAIL_FAILURES", 1, 1'000'000,
       [](Config& c, int v) { c.alerts.mail_failures = v; }},
      {"alerts", "standbys", "JETWAY_ALERTS_STANDBYS", 0, 16, [](Config& c, int v) { c.alerts.standbys = v; }},
      {"alerts", "replication_lag_seconds", "JETWAY_ALERTS_REPLICATION_LAG_SECONDS", 1, 86400,
       [](Config& c, int v) { c.alerts.replication_lag_seconds = v; }},
      {"server", "drain_seconds", "JETWAY_DRAIN_SECONDS", 0, 300, [](Config& c, int v) { c.drain_seconds = v; }},
      {"ibe", "booking_link_hours", "JETWAY_BOOKING_LINK_HOURS", 1, 24 * 90,
       [](Config& c, int v) { c.booking_link_hours = v; }},
      {"admin", "session_idle_minutes", "JETWAY_ADMIN_SESSION_IDLE_MINUTES", 1, 24 * 60,
       [](Config& c, int v) { c.admin.session_idle_minutes = v; }},
      {"admin", "requests_per_second_per_staff", "JETWAY_REQUESTS_PER_SECOND_PER_STAFF", 0, 1'000'000,
       [](Config& c, int v) { c.admin.requests_per_second_per_staff = v; }},
      {"admin", "request_burst_per_staff", "JETWAY_REQUEST_BURST_PER_STAFF", 1, 1'000'000,
       [](Config& c, int v) { c.admin.request_burst_per_staff = v; }},
      {"admin", "session_hours", "JETWAY_ADMIN_SESSION_HOURS", 1, 24 * 7,
       [](Config& c, int v) { c.admin.session_hours = v; }},
      {"agent", "session_idle_minutes", "JETWAY_AGENT_SESSION_IDLE_MINUTES", 1, 24 * 60,
       [](Config& c, int v) { c.agent.session_idle_minutes = v; }},
      {"agent", "requests_per_second_per_user", "JETWAY_REQUESTS_PER_SECOND_PER_AGENT", 0, 1'000'000,
       [](Config& c, int v) { c.agent.requests_per_second_per_staff = v; }},
      {"agent", "request_burst_per_user", "JETWAY_REQUEST_BURST_PER_AGENT", 1, 1'000'000,
       [](Config& c, int v) { c.agent.request_burst_per_staff = v; }},
      {"agent", "session_hours", "JETWAY_AGENT_SESSION_HOURS", 1, 24 * 7,
       [](Config& c, int v) { c.agent.session_hours = v; }},
      {"limits", "holds_per_client", "JETWAY_HOLDS_PER_CLIENT", 1, 100000,
       [](Config& c, int v) { c.limits.holds_per_client = v; }},
      {"limits", "held_seats_per_client_per_flight", "JETWAY_HELD_SEATS_PER_CLIENT_PER_FLIGHT", 1, 100000,
       [](Config& c, int v) { c.limits.held_seats_per_client_per_flight = v; }},
      {"limits", "held_seats_per_client", "JETWAY_HELD_SEATS_PER_CLIENT", 1, 1000000,
       [](Config& c, int v) { c.limits.held_seats_per_client = v; }},
      {"limits", "unnamed_hold_seconds", "JETWAY_UNNAMED_HOLD_SECONDS", 1, 7 * 24 * 3600,
       [](Config& c, int v) { c.limits.unnamed_hold_time = std::chrono::seconds{v}; }},
      {"limits", "lookup_failures_per_client", "JETWAY_LOOKUP_FAILURES_PER_CLIENT", 1, 1000000,
       [](Config& c, int v) { c.limits.lookups_per_client.max_failures = v; }},
      {"limits", "lookup_failures_per_booking", "JETWAY_LOOKUP_FAILURES_PER_BOOKING", 1, 1000000,
       [](Config& c, int v) { c.limits.lookups_per_booking.max_failures = v; }},
      {"limits", "declines_per_booking", "JETWAY_DECLINES_PER_BOOKING", 1, 1000,
       [](Config& c, int v) { c.limits.declines_per_booking = v; }},
      {"limits", "declines_per_client", "JETWAY_DECLINES_PER_CLIENT", 1, 1000000,
       [](Config& c, int v) { c.limits.declines_per_client.max_failures = v; }},
      {"limits", "confirmation_mails_per_hour", "JETWAY_CONFIRMATION_MAILS_PER_HOUR", 1, 1000,
       [](Config& c, int v) { c.limits.confirmation_mails_per_hour = v; }},
      {"webhooks", "interval_ms", "JETWAY_WEBHOOK_INTERVAL_MS", 10, 3'600'000,
       [](Config& c, int v) { c.webhooks.interval_ms = v; }},
      {"webhooks", "retry_base_seconds", "JETWAY_WEBHOOK_RETRY_SECONDS", 1, 3600,
       [](Config& c, int v) { c.webhooks.retry_base_seconds = v; }},
      {"webhooks", "timeout_seconds", "JETWAY_WEBHOOK_TIMEOUT_SECONDS", 1, 60,
       [](Config& c, int v) { c.webhooks.timeout_seconds = v; }},
  };
  return settings;
}

core::Result<int> ParseInt(const std::string& text, const char* name, int min, int max) {
  auto value = core::ParseInteger(text, min, max);
  if (!value)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", fmt::format("{} must be a whole number {}-{}", name, min, max), name);
  return static_cast<int>(*value);
}

}  // namespace

namespace {

core::Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen, const char* what) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                fmt::format("{} must be ADDRESS:PORT, e.g. 127.0.0.1:8080", what), what);
  const auto port_name = fmt::format("{} port", what);
  auto port = ParseInt(listen.substr(colon + 1), port_name.c_str(), 0, 65535);
  if (!port) return std::unexpected(port.error());
  std::string address = listen.substr(0, colon);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  return std::pair{address, static_cast<std::uint16_t>(*port)};
}

}  // namespace

core::Result<void> ApplyListen(Config& config, const std::string& listen) {
  auto parsed = ParseListen(listen, "listen");
  if (!parsed) return std::unexpected(parsed.error());
  std::tie(config.listen_address, config.listen_port) = *parsed;
  return {};
}

core::Result<void> ApplyAdminListen(Config& config, const std::string& listen) {
  auto parsed = ParseListen(listen, "admin listen");
  if (!parsed) return std::unexpected(parsed.error());
  std::tie(config.admin.listen_address, config.admin.listen_port) = *parsed;
  return {};
}

core::Result<void> ApplyAgentListen(Config& config, const std::string& listen) {
  auto parsed = ParseListen(listen, "agent listen");
  if (!parsed) return std::unexpected(parsed.error());
  std::tie(config.agent.listen_address, config.agent.listen_port) = *parsed;
  return {};
}

std::string BackupDir(const Config& config) {
  return config.backup.dir.empty() ? (std::filesystem::path(config.data_dir) / "backups").string() : config.backup.dir;
}

core::Result<void> ApplyApps(Config& config, const std::string& apps) {
  AppSet set{false, false, false};
  std::size_t start = 0;
  while (start <= apps.size()) {
    const std::size_t comma = std::min(apps.find(',', start), apps.size());
    const std::string name = apps.substr(start, comma - start);
    if (name == "public") set.public_app = true;
    else if (name == "admin") set.admin = true;
    else if (name == "agent") set.agent = true;
    else
      return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                  fmt::format("unknown application '{}' in apps (public, admin, agent)", name), "apps");
    start = comma + 1;
  }
  config.apps = set;
  return {};
}

core::Result<Config> LoadConfig(const std::optional<std::string>& toml_path, const EnvLookup& env,
                                const std::string& default_airports_csv, const std::string& default_web_dir) {
  Config config;
  config.airports_csv = default_airports_csv;
  config.web_dir = default_web_dir;
  std::optional<std::string> path = toml_path;
  if (!path && std::filesystem::exists("jetway.toml")) path = "jetway.toml";
  if (path) {
    toml::table table;
    try {
      table = toml::parse_file(*path);
    } catch (const toml::parse_error& e) {
      return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", fmt::format("{}: {}", *path, e.description()), "config");
    }
    if (auto listen = table["listen"].value<std::string>())
      if (auto ok = ApplyListen(config, *listen); !ok) return std::unexpected(ok.error());
    if (auto dir = table["data_dir"].value<std::string>()) config.data_dir = *dir;
    if (auto apps = table["apps"].value<std::string>())
      if (auto ok = ApplyApps(config, *apps); !ok) return std::unexpected(ok.error());
    if (auto csv = table["airports_csv"].value<std::string>()) config.airports_csv = *csv;
    if (auto list = table["common_passwords"].value<std::string>()) config.common_passwords = *list;
    if (auto dir = table["web_dir"].value<std::string>()) config.web_dir = *dir;
    if (auto v = table["server"]["threads"].value<int>()) config.threads = *v;
    if (auto v = table["server"]["write_threads"].value<int>()) config.write_threads = *v;
    if (auto v = table["log"]["file"].value<std::string>()) config.log.file = *v;
    if (auto v = table["metrics"]["token"].value<std::string>()) config.metrics_token = *v;
    if (auto v = table["backup"]["dir"].value<std::string>()) config.backup.dir = *v;
    if (auto v = table["alerts"]["on_call"].value<std::string>()) config.alerts.on_call = *v;
    if (auto v = table["waf"]["mode"].value<std::string>()) config.waf.mode = *v;
    if (auto v = table["waf"]["crs_dir"].value<std::string>()) config.waf.crs_dir = *v;
    if (auto v = table["integrity"]["manifest"].value<std::string>()) config.integrity.manifest = *v;
    if (auto v = table["integrity"]["public_key"].value<std::string>()) config.integrity.public_key = *v;
    if (auto v = table["admin"]["listen"].value<std::string>())
      if (auto ok = ApplyAdminListen(config, *v); !ok) return std::unexpected(ok.error());
    if (auto v = table["admin"]["secure_cookies"].value<bool>()) config.admin.secure_cookies = *v;
    if (auto v = table["admin"]["public_url"].value<std::string>()) config.admin.public_url = *v;
    if (auto v = table["admin"]["require_totp"].value<bool>()) config.admin.require_totp = *v;
    if (auto v = table["agent"]["listen"].value<std::string>())
      if (auto ok = ApplyAgentListen(config, *v); !ok) return std::unexpected(ok.error());
    if (auto v = table["agent"]["secure_cookies"].value<bool>()) config.agent.secure_cookies = *v;
    if (auto v = table["agent"]["public_url"].value<std::string>()) config.agent.public_url = *v;
    if (auto v = table["agent"]["require_totp"].value<bool>()) config.agent.require_totp = *v;
    if (auto v = table["server"]["trusted_proxies"].value<std::string>()) config.trusted_proxies = *v;
    if (auto v = table["server"]["tls_certificate"].value<std::string>()) config.tls_certificate = *v;
    if (auto v = table["server"]["tls_key"].value<std::string>()) config.tls_key = *v;
    if (auto v = table["server"]["tls_ocsp_response"].value<std::string>()) config.tls_ocsp_response = *v;
    if (auto v = table["booking"]["hold_seconds"].value<int>()) config.hold_seconds = *v;
    if (auto v = table["booking"]["expiry_interval_ms"].value<int>()) config.expiry_interval_ms = *v;
    for (const auto& setting : IntSettings())
      if (auto v = table[setting.section][setting.key].value<int>()) {
        if (*v < setting.min || *v > setting.max)
          return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                      fmt::format("{}.{} must be {}-{}", setting.section, setting.key, setting.min, setting.max),
                      setting.key);
        setting.set(config, *v);
      }
    auto& db = config.database;
    const auto database = table["database"];
    for (auto [key, target] : {std::pair{"data", &db.data}, {"web", &db.web}, {"mgmt", &db.mgmt},
                               {"data_replica", &db.data_replica},
                               {"role_prefix", &db.role_prefix}})
      if (auto v = database[key].value<std::string>()) *target = *v;
    for (auto [key, target] : {std::pair{"public", &db.public_password}, {"admin", &db.admin_password},
                               {"agent", &db.agent_password}})
      if (auto v = database["roles"][key].value<std::string>()) *target = *v;
    if (auto v = database["pool_size"].value<int>()) db.pool_size = *v;
    if (auto v = database["acquire_timeout_ms"].value<int>()) db.acquire_timeout_ms = *v;
    const auto mail = table["mail"];
    if (auto v = mail["smtp_url"].value<std::string>()) config.mail.smtp_url = *v;
    if (auto v = mail["from"].value<std::string>()) config.mail.from = *v;
    if (auto v = mail["interval_ms"].value<int>()) config.mail.interval_ms = *v;
    if (auto v = mail["retry_base_seconds"].value<int>()) config.mail.retry_base_seconds = *v;
  }
  if (auto v = env("JETWAY_LISTEN"))
    if (auto ok = ApplyListen(config, *v); !ok) return std::unexpected(ok.error());
  if (auto v = env("JETWAY_DATA_DIR")) config.data_dir = *v;
  if (auto v = env("JETWAY_APPS"))
    if (auto ok = ApplyApps(config, *v); !ok) return std::unexpected(ok.error());
  if (auto v = env("JETWAY_ADMIN_LISTEN"))
    if (auto ok = ApplyAdminListen(config, *v); !ok) return std::unexpected(ok.error());
  if (auto v = env("JETWAY_ADMIN_PUBLIC_URL")) config.admin.public_url = *v;
  if (auto v = env("JETWAY_ADMIN_SECURE_COOKIES")) config.admin.secure_cookies = *v != "0" && *v != "false";
  if (auto v = env("JETWAY_ADMIN_REQUIRE_TOTP")) config.admin.require_totp = *v == "1" || *v == "true";
  if (auto v = env("JETWAY_AGENT_LISTEN"))
    if (auto ok = ApplyAgentListen(config, *v); !ok) return std::unexpected(ok.error());
  if (auto v = env("JETWAY_AGENT_PUBLIC_URL")) config.agent.public_url = *v;
  if (auto v = env("JETWAY_AGENT_SECURE_COOKIES")) config.agent.secure_cookies = *v != "0" && *v != "false";
  if (auto v = env("JETWAY_AGENT_REQUIRE_TOTP")) config.agent.require_totp = *v == "1" || *v == "true";
  if (auto v = env("JETWAY_AIRPORTS_CSV")) config.airports_csv = *v;
  if (auto v = env("JETWAY_COMMON_PASSWORDS")) config.common_passwords = *v;
  if (config.common_passwords.empty())
    config.common_passwords = (std::filesystem::path(config.airports_csv).parent_path() / "common-passwords.txt").string();
  if (auto v = env("JETWAY_WEB_DIR")) config.web_dir = *v;
  if (auto v = env("JETWAY_THREADS")) {
    auto n = ParseInt(*v, "JETWAY_THREADS", 1, 256);
    if (!n) return std::unexpected(n.error());
    config.threads = *n;
  }
  if (auto v = env("JETWAY_WRITE_THREADS")) {
    auto n = ParseInt(*v, "JETWAY_WRITE_THREADS", 0, 256);
    if (!n) return std::unexpected(n.error());
    config.write_threads = *n;
  }
  if (auto v = env("JETWAY_TRUSTED_PROXIES")) config.trusted_proxies = *v;
  if (auto v = env("JETWAY_TLS_CERTIFICATE")) config.tls_certificate = *v;
  if (auto v = env("JETWAY_TLS_KEY")) config.tls_key = *v;
  if (auto v = env("JETWAY_TLS_OCSP_RESPONSE")) config.tls_ocsp_response = *v;
  if (auto v = env("JETWAY_LOG_FILE")) config.log.file = *v;
  if (auto v = env("JETWAY_METRICS_TOKEN")) config.metrics_token = *v;
  if (auto v = env("JETWAY_BACKUP_DIR")) config.backup.dir = *v;
  if (auto v = env("JETWAY_ALERTS_ON_CALL")) config.alerts.on_call = *v;
  if (auto v = env("JETWAY_WAF_MODE")) config.waf.mode = *v;
  if (auto v = env("JETWAY_WAF_CRS_DIR")) config.waf.crs_dir = *v;
  if (auto v = env("JETWAY_INTEGRITY_MANIFEST")) config.integrity.manifest = *v;
  if (auto v = env("JETWAY_INTEGRITY_PUBLIC_KEY")) config.integrity.public_key = *v;
  for (const auto& setting : IntSettings())
    if (auto v = env(setting.env)) {
      auto n = ParseInt(*v, setting.env, setting.min, setting.max);
      if (!n) return std::unexpected(n.error());
      setting.set(config, *n);
    }
  if (auto v = env("JETWAY_HOLD_SECONDS")) {
    auto n = ParseInt(*v, "JETWAY_HOLD_SECONDS", 1, 7 * 24 * 3600);
    if (!n) return std::unexpected(n.error());
    config.hold_seconds = *n;
  }
  if (auto v = env("JETWAY_EXPIRY_INTERVAL_MS")) {
    auto n = ParseInt(*v, "JETWAY_EXPIRY_INTERVAL_MS", 10, 3'600'000);
    if (!n) return std::unexpected(n.error());
    config.expiry_interval_ms = *n;
  }
  if (auto v = env("JETWAY_SMTP_URL")) config.mail.smtp_url = *v;
  if (auto v = env("JETWAY_MAIL_FROM")) config.mail.from = *v;
  if (auto v = env("JETWAY_MAIL_INTERVAL_MS")) {
    auto n = ParseInt(*v, "JETWAY_MAIL_INTERVAL_MS", 10, 3'600'000);
    if (!n) return std::unexpected(n.error());
    config.mail.interval_ms = *n;
  }
  if (auto v = env("JETWAY_MAIL_RETRY_SECONDS")) {
    auto n = ParseInt(*v, "JETWAY_MAIL_RETRY_SECONDS", 1, 3600);
    if (!n) return std::unexpected(n.error());
    config.mail.retry_base_seconds = *n;
  }
  auto& db = config.database;
  for (auto [name, target] :
       {std::pair{"JETWAY_DATABASE_DATA", &db.data}, {"JETWAY_DATABASE_WEB", &db.web}, {"JETWAY_DATABASE_MGMT", &db.mgmt},
        {"JETWAY_DATABASE_DATA_REPLICA", &db.data_replica},
        {"JETWAY_DATABASE_ROLE_PREFIX", &db.role_prefix}, {"JETWAY_DATABASE_PUBLIC_PASSWORD", &db.public_password},
        {"JETWAY_DATABASE_ADMIN_PASSWORD", &db.admin_password},
        {"JETWAY_DATABASE_AGENT_PASSWORD", &db.agent_password}})
    if (auto v = env(name)) *target = *v;
  if (auto v = env("JETWAY_DATABASE_POOL_SIZE")) {
    auto n = ParseInt(*v, "JETWAY_DATABASE_POOL_SIZE", 1, 1000);
    if (!n) return std::unexpected(n.error());
    db.pool_size = *n;
  }
  if (db.pool_size < 0 || db.pool_size > 1000)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "database.pool_size must be 1-1000", "database.pool_size");
  if (db.acquire_timeout_ms < 1 || db.acquire_timeout_ms > 600'000)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "database.acquire_timeout_ms must be 1-600000",
                "database.acquire_timeout_ms");
  const bool any_url = !db.data.empty() || !db.web.empty() || !db.mgmt.empty();
  if (any_url && (db.data.empty() || db.web.empty() || db.mgmt.empty()))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "database.data, database.web and database.mgmt must be given together (or none, for SQLite)",
                "database");
  if (!db.data_replica.empty() && (db.data.empty() || !db.data_replica.starts_with("postgresql://")))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "database.data_replica must be a postgresql:// URL, beside a PostgreSQL database.data",
                "database.data_replica");
  if (db.role_prefix.empty() || db.role_prefix.size() > 40 ||
      !std::all_of(db.role_prefix.begin(), db.role_prefix.end(),
                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "database.role_prefix must be 1-40 characters of a-z, 0-9 and _", "database.role_prefix");
  if (config.threads == 0) config.threads = std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  if (config.threads < 1 || config.threads > 256)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "server.threads must be 1-256", "threads");
  if (config.write_threads == -1) config.write_threads = any_url ? 8 : 64;
  config.write_thread_nice = any_url ? 0 : 5;
  if (config.write_threads < 0 || config.write_threads > 256)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "server.write_threads must be 0-256", "write_threads");
  if (!http::ParseNetworks(config.trusted_proxies))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "server.trusted_proxies must be a comma-separated list of addresses or networks (10.0.0.0/8)",
                "trusted_proxies");
  if (!config.metrics_token.empty() && config.metrics_token.size() < 16)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "metrics.token must be at least 16 characters", "metrics.token");
  if (config.hold_seconds < 1) return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "hold_seconds must be positive", "hold_seconds");
  const auto& mail = config.mail;
  if (!mail.smtp_url.empty() && !mail.smtp_url.starts_with("smtp://") && !mail.smtp_url.starts_with("smtps://"))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "mail.smtp_url must be an smtp:// or smtps:// URL",
                "mail.smtp_url");
  if (!mail::ParseMailbox(mail.from))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "mail.from must be an e-mail address, optionally with a name: Name <address>", "mail.from");
  if (mail.interval_ms < 10 || mail.interval_ms > 3'600'000)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "mail.interval_ms must be 10-3600000", "mail.interval_ms");
  if (mail.retry_base_seconds < 1 || mail.retry_base_seconds > 3600)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "mail.retry_base_seconds must be 1-3600",
                "mail.retry_base_seconds");
  if (config.expiry_interval_ms < 10)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "expiry_interval_ms must be at least 10", "expiry_interval_ms");
  if (config.tls_certificate.empty() != config.tls_key.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "server.tls_certificate and server.tls_key go together",
                "server.tls_certificate");
  if (!config.tls_ocsp_response.empty() && config.tls_certificate.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "server.tls_ocsp_response needs server.tls_certificate",
                "server.tls_ocsp_response");
  if (!config.integrity.manifest.empty() && config.integrity.public_key.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "integrity.manifest needs integrity.public_key: a manifest is only as good as its signature",
                "integrity.public_key");
  if (!waf::ParseMode(config.waf.mode))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "waf.mode must be blocking, detection or off", "waf.mode");
  if (!OnCallAddresses(config))
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG",
                "alerts.on_call must be a comma-separated list of e-mail addresses", "alerts.on_call");
  return config;
}

std::optional<std::vector<std::string>> OnCallAddresses(const Config& config) {
  std::vector<std::string> addresses;
  std::string_view rest = config.alerts.on_call;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto item = core::Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;
    auto mailbox = mail::ParseMailbox(item);
    if (!mailbox) return std::nullopt;
    addresses.push_back(mailbox->address);
  }
  return addresses;
}

std::string ListenerUrl(const std::string& address, std::uint16_t port, bool tls) {
  const bool v6 = address.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", tls ? "https" : "http", v6 ? "[" : "", address, v6 ? "]" : "", port);
}

}  // namespace jetway::app
