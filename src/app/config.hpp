// jetway's configuration: defaults, overridden by jetway.toml, overridden by JETWAY_* environment variables,
// overridden by command-line flags (applied by main). A plain value, built once in main.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "booking/limits.hpp"
#include "core/error.hpp"
#include "identity/password.hpp"

namespace jetway::app {

// Where the three databases live. Empty URLs mean SQLite files in data_dir (the embedded default); PostgreSQL URLs
// are the owner's, used by `migrate` and `demo`. `serve` on PostgreSQL logs in as `<role_prefix>_public` (and so on)
// with the role passwords below, which `migrate` sets.
struct DatabaseConfig {
  std::string data;
  std::string web;
  std::string mgmt;
  // An asynchronous standby of `data` for availability searches (PostgreSQL only); empty: they read `data`.
  std::string data_replica;
  std::string role_prefix = "jetway";
  std::string public_password;
  std::string admin_password;
  std::string agent_password;
  int pool_size = 0;  // per database; 0 = server threads + write threads + 2
  int acquire_timeout_ms = 5000;
};

// The applications one `serve` process runs: all three by default; in production an internet-facing node runs
// `public` and an internal node `admin,agent`, each logging in to PostgreSQL with its own role.
struct AppSet {
  bool public_app = true;  // IBE and partner API
  bool admin = true;       // back office
  bool agent = true;       // agent portal
};

// The confirmation e-mails: queued in the data database's outbox by every confirm, sent by the public application
// through this SMTP server. No smtp_url: nothing is sent and the messages wait in the outbox.
struct MailConfig {
  std::string smtp_url;                          // smtp://host:port or smtps://host:port
  std::string from = "no-reply@jetway.invalid";  // "Name <address>" or an address (then the airline's name)
  int interval_ms = 5000;                        // how often the sender looks for due messages
  int retry_base_seconds = 30;                   // the first retry's wait; doubles per attempt, at most an hour
};

// Partners' webhooks (partners/webhook_sender.hpp), delivered by the public application.
struct WebhookConfig {
  int interval_ms = 1000;        // how often the sender looks for due events
  int retry_base_seconds = 10;   // the first retry's wait; doubles per attempt, at most an hour
  int timeout_seconds = 5;       // for the partner's answer
};

// The back office (the admin application): its own listener, so it can be kept off the internet; without one it
// is not served. Staff sessions and sign-in.
struct AdminConfig {
  std::string listen_address;  // empty: no back-office listener
  std::uint16_t listen_port = 0;
  std::string public_url;      // its address for staff, in e-mailed links; empty: ListenerUrl of the listener
  bool secure_cookies = true;  // false only for plain-HTTP development (the staff cookie is then not Secure)
  bool require_totp = false;   // every member of staff enrols a second factor
  int session_idle_minutes = 30;
  int session_hours = 12;
  // Requests a second per signed-in member of staff (all their sessions together), in bursts: against a stolen or
  // runaway session scraping the bookings. A person clicking through pages makes one or two a second. 0: no limit.
  int requests_per_second_per_staff = 10;
  int request_burst_per_staff = 100;
  // The largest request body the back office takes: its schedule files (SSIM) are uploaded whole, and a regional
  // airline's season is some hundreds of kilobytes. The public listener keeps [server] max_body_bytes.
  int max_body_bytes = 4 << 20;
};

// [log]: JSON lines on stderr (the systemd journal when run as a service), or to a file rotated by size and kept
// by count and age.
struct LogConfig {
  std::string file;  // empty: stderr
  int max_megabytes = 100;
  int keep_files = 10;
  int keep_days = 14;
};

// [backup]: the running server's backups of the SQLite databases (on PostgreSQL: base backups and the WAL archive,
// deploy/postgresql). One node takes them, chosen through the management database.
struct BackupConfig {
  int interval_seconds = 300;  // 0: none
  int keep_days = 14;          // the daily ones
  // Each is a full copy (a million bookings: 540 MiB, bench/operations.py), so the frequent ones are kept hours,
  // not days: they are the disaster-recovery copy, the daily ones the history.
  int keep_frequent_hours = 2;
  std::string dir;  // empty: <data_dir>/backups
};

// [monitoring]: error tracking (ops::ErrorTracker) and, on top of it, the alerts and the status page's probes.
struct MonitoringConfig {
  int flush_ms = 5000;  // how often each node writes its errors and request counts to the management database
  int status_probe_seconds = 60;  // how often each node probes for the status page (one node's probes are counted)
};

// [alerts]: the rules each node evaluates (ops::Alerter) and who is told. Without on_call the alerts are only logged.
struct AlertsConfig {
  int interval_seconds = 30;  // 0: no alerts
  std::string on_call;        // comma-separated e-mail addresses
  int window_seconds = 300;   // the error rate and p99 are over this much of the latest traffic
  int error_rate_percent = 5;
  int min_requests = 20;
  int p99_ms = 2000;
  int backup_max_age_seconds = 900;  // three missed five-minute backups
  int disk_free_percent = 10;
  int mail_failures = 1;  // messages an attempt failed for and not sent since
  int standbys = 0;       // PostgreSQL standbys the primary should stream to (deploy/postgresql: 1)
  int replication_lag_seconds = 30;
  int certificate_days = 14;  // a TLS certificate ([server] tls_certificate) expiring within these days
};

// [waf]: the web application firewall (waf::Firewall), on every listener. Its rule files are web_dir/waf.
struct WafConfig {
  std::string mode = "blocking";  // blocking, detection (log only) or off
  int paranoia_level = 1;         // the OWASP CRS's 1-4
  std::string crs_dir = "/usr/share/modsecurity-crs";  // Debian's modsecurity-crs
  // Verdicts remembered for byte-identical requests (waf::VerdictCache): repeated searches skip the rules.
  int verdict_cache_entries = 4096;  // 0: every request inspected
  int verdict_cache_seconds = 60;
};

// [search]: the node's in-process snapshot of what availability searches read (shopping::SearchSnapshot).
struct SearchConfig {
  int snapshot_entries = 20000;  // of each kind of piece (flights' seats, a day's flights on a route, fares); 0: off
  int snapshot_max_age_ms = 1000;  // no piece is served longer after it was read, whatever the feed says
  int feed_poll_ms = 5;            // how often the node reads the change feed (changes made on other nodes)
};

// [security]: the attack signs each node counts per client address and window (ops::SecurityWatch), recorded as
// security events in the management database, shown in the back office and alerted on.
struct SecurityConfig {
  int window_seconds = 600;
  int firewall_blocks = 20;
  int not_found = 50;
  int rate_limited = 200;
  int login_failures = 10;  // staff e-mail addresses failing to sign in within a window
  int keep_days = 90;
};

// [integrity]: the signed manifest of the install (src/integrity), checked at start and every interval; a file that
// differs raises an alert. Without a manifest the install is not checked (and the start says so).
struct IntegrityConfig {
  std::string manifest;    // made by `jetway manifest sign`
  std::string public_key;  // made by `jetway manifest keygen`; its private half stays off this machine
  int check_interval_seconds = 3600;
};

struct Config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  AdminConfig admin;
  // The agent portal (the agent application, travel agencies' people): the same settings as the back office's, in
  // [agent] and JETWAY_AGENT_*; requests_per_second_per_staff counts per agency user there.
  AdminConfig agent;
  std::string data_dir = "var";
  std::string airports_csv;
  // Passwords staff may not choose (identity::CommonPasswords); by default common-passwords.txt beside airports_csv.
  std::string common_passwords;
  // Argon2id's work per staff and agency password ([passwords] hash_mib, hash_passes): identity::HashCost's own
  // by default. Lower only where sign-ins must be cheap, as in the tests: start-up warns below OWASP's minimum.
  identity::HashCost password_hash;
  std::string web_dir;  // the web pages: static/ (CSS, JS, images), templates/ (Mustache), locales/ (texts)
  int hold_seconds = 20 * 60;
  int booking_link_hours = 24;  // how long the booking site's links to a booking's pages open it
  int expiry_interval_ms = 5000;
  // [server] threads: the server threads, which read (every request but those that change data, on the write
  // threads). Unset (0): twice the cores, at least 4; on 2 cores 4 threads answered searches at the rate 8 did with
  // a p99 of 2.3 ms instead of 3.5 (fewer threads for the cores to switch between).
  int threads = 0;
  // [server] write_threads: requests that change data run on threads of their own (http::ServerOptions); 0: none.
  // Unset (-1): 64 on SQLite, where more writers make bigger commit groups (the writer's queue runs their work on
  // one thread's turn, SqliteWriter::Combine: 16 threads made groups of ~4 there, 64 of ~15, and 20 % more bookings
  // with the firewall off). The price, on 2 cores saturated by the firewall (ModSecurity runs on the write thread):
  // the same bookings/s, with a p99 of 126-138 ms against 67-73 at 16 (89-96 at 32), the cores shared by more
  // requests at once. 8 on PostgreSQL, where more transactions at once only share the same cores with their server
  // processes (bookings/s measured no higher).
  int write_threads = -1;
  // The write threads' nice value, derived: 5 on SQLite, 0 on PostgreSQL. With 64 write threads running the firewall
  // on 2 saturated cores, searches beside the bookings got 3,434/s at p50 1.12 ms against 12,473/s and 0.13 ms with
  // 16 (a core shared by more threads gives each less); at nice 5, 11,534/s and 0.14 ms, with bookings/s unchanged
  // (and, without the firewall and nothing beside, 5,723-6,264 against 5,812-6,856 requests/s at nice 0). On
  // PostgreSQL the 8 write threads share the cores with the server's processes, which a lower priority would favour.
  int write_thread_nice = 0;
  int max_connections = 10000;  // concurrent; capped below the open-file limit at start
  int max_connections_per_client = 256;  // [server]: open at once from one address (0: no limit); proxies exempt
  int max_body_bytes = 64 * 1024;
  int read_timeout_seconds = 20;  // [server]: a whole request must arrive within this (slow loris); idle keep-alive
  // [limits] requests_per_second_per_client, request_burst_per_client: every client address's token bucket, on
  // every listener, against floods (429 over it). A browser loading a page makes a handful of requests; 50 a
  // second leaves room for an office of passengers behind one address. 0: no limit.
  int requests_per_second_per_client = 50;
  int request_burst_per_client = 200;
  // [server] tls_certificate, tls_key: PEM files; with both, every listener speaks HTTPS (SIGHUP reloads them).
  std::string tls_certificate;
  std::string tls_key;
  // [server] tls_ocsp_response: the certificate's OCSP response (DER), stapled to handshakes; fetched by a timer.
  std::string tls_ocsp_response;
  std::string trusted_proxies;  // [server] trusted_proxies: networks whose X-Forwarded-For names the client
  // [server] drain_seconds: after SIGTERM, how long /readyz answers 503 while requests are still served, so the load
  // balancer's health checks (deploy/haproxy: every second, down after two failures) take the node out first.
  int drain_seconds = 5;
  booking::BookingLimits limits;  // [limits]: what one client may do (holds, look-ups, cards, e-mails)
  DatabaseConfig database;
  MailConfig mail;
  WebhookConfig webhooks;
  LogConfig log;
  BackupConfig backup;
  MonitoringConfig monitoring;
  AlertsConfig alerts;
  WafConfig waf;
  SearchConfig search;
  IntegrityConfig integrity;
  SecurityConfig security;
  // [metrics] token: GET /metrics on the public listener answers only "Authorization: Bearer <token>" (without a
  // token it is not served there). The back office's listener serves it to anybody on its allowed networks.
  std::string metrics_token;
  AppSet apps;
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// [alerts] on_call as bare addresses; nullopt when one of them is not an address (LoadConfig refuses that).
std::optional<std::vector<std::string>> OnCallAddresses(const Config& config);

// Where backups go: [backup] dir, else <data_dir>/backups.
std::string BackupDir(const Config& config);

// Parses a comma-separated list of public, admin and agent.
core::Result<void> ApplyApps(Config& config, const std::string& apps);
// Parses "ADDR:PORT" (IPv4 or a host name; "[v6]:PORT" for IPv6).
core::Result<void> ApplyListen(Config& config, const std::string& listen);
// The same for the back office's listener, and for the agent portal's.
core::Result<void> ApplyAdminListen(Config& config, const std::string& listen);
core::Result<void> ApplyAgentListen(Config& config, const std::string& listen);
// Reads `toml_path` when given (it must exist) or ./jetway.toml when present, then the environment.
core::Result<Config> LoadConfig(const std::optional<std::string>& toml_path, const EnvLookup& env,
                                const std::string& default_airports_csv, const std::string& default_web_dir = "");

// "https://10.0.0.5:8081" (IPv6 in brackets): where a listener is reached, HTTPS when [server] tls_certificate is set.
std::string ListenerUrl(const std::string& address, std::uint16_t port, bool tls);

}  // namespace jetway::app
