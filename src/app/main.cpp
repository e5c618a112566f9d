// jetway's entry point: parses the command line, builds the configuration, opens the three databases and wires
// the services, the API and the background tasks together. The only place with process-wide state.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "api/api_v1.hpp"
#include "app/front_door.hpp"
#include "app/config.hpp"
#include "app/databases.hpp"
#include "app/integrity.hpp"
#include "app/monitoring.hpp"
#include "app/demo_airline.hpp"
#include "app/back_office.hpp"
#include "app/booking_sites.hpp"
#include "aerocrs/catalog.hpp"
#include "aerocrs/partner_api.hpp"
#include "agents/agency_service.hpp"
#include "app/partner_cli.hpp"
#include "app/ssim_cli.hpp"
#include "app/staff_cli.hpp"
#include "partners/partner_events.hpp"
#include "partners/partner_meter.hpp"
#include "partners/partner_service.hpp"
#include "partners/webhook_sender.hpp"
#include "booking/booking_service.hpp"
#include "booking/boarding_pass_mail.hpp"
#include "booking/schedule_change_mail.hpp"
#include "booking/confirmation_mail.hpp"
#include "booking/payment.hpp"
#include "build_paths.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "http/server.hpp"
#include "log/background_sink.hpp"
#include "log/fatal_signal.hpp"
#include "ops/backup.hpp"
#include "ops/backup_scheduler.hpp"
#include "ops/error_tracker.hpp"
#include "ops/request_window.hpp"
#include "ops/security_events.hpp"
#include "ops/security_watch.hpp"
#include "ops/alerter.hpp"
#include "ops/node_lease.hpp"
#include "ops/health.hpp"
#include "ops/metrics.hpp"
#include "ops/process_stats.hpp"
#include "ops/unavailable.hpp"
#include "status/status_board.hpp"
#include "status/status_pages.hpp"
#include "ibe/ibe.hpp"
#include "log/journal.hpp"
#include "log/log.hpp"
#include "log/rotating_file.hpp"
#include "identity/notice_mail.hpp"
#include "identity/reset_mail.hpp"
#include "identity/staff_service.hpp"
#include "mail/composers.hpp"
#include "mail/outbox.hpp"
#include "mail/sender.hpp"
#include "mail/smtp_transport.hpp"
#include "ops/periodic_task.hpp"
#include "reference/reference_service.hpp"
#include "schedule/network_service.hpp"
#include "shopping/availability_service.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "waf/firewall.hpp"
#include "web/assets.hpp"
#include "web/locales.hpp"
#include "web/signer.hpp"
#include "web/site.hpp"
#include "web/static_routes.hpp"
#include "web/templates.hpp"

namespace jetway::app {
namespace {

void RunDemo(Databases& dbs, log::Logger& logger) {
  auto lease = dbs.data->Acquire();
  const auto directory = reference::AirportDirectory::Load(*lease);
  core::SystemClock clock;
  const auto today = core::LocalDate{date::floor<date::days>(clock.Now())};
  const auto summary = LoadDemoAirline(*lease, directory, today);
  {
    auto web = dbs.web->Acquire();
    LoadDemoSite(*web);
  }
  if (summary.already_loaded) {
    logger.Info("demo airline already loaded");
    return;
  }
  store::RefreshStatistics(*lease);
  logger.Info("demo airline loaded", {log::Num("schedule_lines", summary.schedule_lines),
                                      log::Num("flights", summary.flights), log::Num("fares", summary.fares)});
}

// Swagger UI (web/apidocs/, copied there from tools/api-reference's npm package by scripts/setup.sh) and the script
// that starts it (web/static/api-reference.js) as static assets; empty when Swagger UI is not installed (the
// reference page then says so). Compressed quickly: at a megabyte and more, the best compression would hold up
// start-up for seconds.
api::ApiReference LoadApiReference(const std::filesystem::path& web_dir, web::AssetStore& assets) {
  auto read = [](const std::filesystem::path& file) -> std::optional<std::string> {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const auto* starter = assets.ByName("api-reference.js");
  auto script = read(web_dir / "apidocs" / "swagger-ui-bundle.js");
  auto style = read(web_dir / "apidocs" / "swagger-ui.css");
  if (!starter || !script || !style) return {};
  return {assets.Add("swagger-ui-bundle.js", std::move(*script), web::Effort::kFast).url,
          assets.Add("swagger-ui.css", std::move(*style), web::Effort::kFast).url, starter->url};
}

// The log's destination: the file of [log] file, rotated; else stderr, with syslog priorities when stderr is the
// systemd journal's stream.
std::unique_ptr<log::Sink> OpenLog(const LogConfig& config, const char* journal_stream) {
  if (!config.file.empty())
    return std::make_unique<log::RotatingFile>(
        config.file, log::RotationPolicy{static_cast<std::uint64_t>(config.max_megabytes) << 20, config.keep_files,
                                         config.keep_days});
  return std::make_unique<log::StreamSink>(std::cerr, log::IsJournalStream(2, journal_stream ? journal_stream : ""));
}

}  // namespace

int RunBackup(const Config& config, const std::optional<std::string>& to, std::ostream& out, std::ostream& err) {
  const std::filesystem::path dir = to ? *to : BackupDir(config);
  core::SystemClock clock;
  auto info = ops::BackupSqliteDatabases(config.data_dir, dir, clock.Now(), JETWAY_VERSION);
  if (!info) {
    err << "jetway: " << info.error().code << ": " << info.error().message << "\n";
    return 1;
  }
  out << fmt::format("backed up to {} ({} bytes in {} ms)\n", info->directory.string(), info->bytes, info->took.count());
  return 0;
}

int RunRestore(const Config& config, const std::string& from, std::ostream& out, std::ostream& err) {
  auto restored = ops::RestoreSqliteDatabases(from, config.data_dir);
  if (!restored) {
    err << "jetway: " << restored.error().code << ": " << restored.error().message << "\n";
    return 1;
  }
  out << fmt::format("restored {} into {}\n", from, config.data_dir);
  return 0;
}

namespace {

// Each application logs in with its own role on PostgreSQL; on SQLite they all share one set of files.
struct AppLogins {
  std::vector<std::pair<Login, Databases>> logins;
  // The node's own login: the public app's, else the back office's, else the agent portal's. The public app's
  // bookings and the node's own work (hold expiry, errors, the status board, metrics) use it; the agent role may do
  // none of that work, so an agent-only node is not a deployment (deploy/: the internal node runs admin,agent).
  Databases* selling = nullptr;
  // The databases as `login` (on SQLite, the one shared set).
  Databases& For(Login login) {
    for (auto& [l, databases] : logins)
      if (l == login) return databases;
    return logins.front().second;
  }
};

AppLogins OpenAppLogins(const Config& config) {
  AppLogins result;
  if (!UsesPostgres(config)) {
    result.logins.emplace_back(Login::kOwner, OpenDatabases(config, Login::kOwner));
  } else {
    for (auto [enabled, login] : {std::pair{config.apps.public_app, Login::kPublic},
                                  {config.apps.admin, Login::kAdmin},
                                  {config.apps.agent, Login::kAgent}})
      if (enabled) result.logins.emplace_back(login, OpenDatabases(config, login));
  }
  for (auto& [login, databases] : result.logins) RequireMigrated(config, databases);
  result.selling = &result.logins.front().second;
  return result;
}


// HTTPS with the certificate and key of [server], or none (plain HTTP); files that do not load stop the start.
std::shared_ptr<http::TlsCertificates> LoadTls(const app::Config& config, log::Logger& logger) {
  if (config.tls_certificate.empty()) return nullptr;
  auto tls = std::make_shared<http::TlsCertificates>(
      http::TlsFiles{config.tls_certificate, config.tls_key, config.tls_ocsp_response});
  std::string error;
  if (!tls->Load(&error)) throw std::runtime_error("the TLS certificate does not load: " + error);
  logger.Info("HTTPS", {log::Str("certificate", config.tls_certificate), log::Str("subject", tls->Subject())});
  if (const auto stale_at = tls->OcspNextUpdate())
    logger.Info("OCSP stapling", {log::Str("response", config.tls_ocsp_response),
                                  log::Str("next_update", core::FormatUtc(core::FromEpoch(*stale_at)))});
  return tls;
}

// The alert rules' view of the certificate: read at each evaluation, so a renewal (SIGHUP) ends the alert.
std::function<std::optional<ops::CertificateSeen>()> CertificateReader(
    const std::shared_ptr<http::TlsCertificates>& tls) {
  if (!tls) return {};
  return [tls]() -> std::optional<ops::CertificateSeen> {
    const auto not_after = tls->NotAfter();
    if (!not_after) return std::nullopt;
    return ops::CertificateSeen{tls->Subject(), core::FromEpoch(*not_after)};
  };
}

// The web application firewall of [waf], or none when it is off; rules that do not load stop the start.
std::unique_ptr<waf::Firewall> LoadFirewall(const app::Config& config, const std::filesystem::path& web_dir,
                                            log::Logger& logger) {
  const auto mode = *waf::ParseMode(config.waf.mode);  // checked by LoadConfig
  if (mode == waf::Mode::kOff) {
    logger.Warn("waf.mode is off: requests are not inspected by the web application firewall");
    return nullptr;
  }
  auto firewall = waf::Firewall::Load({mode, config.waf.paranoia_level, (web_dir / "waf").string(), config.waf.crs_dir,
                                       static_cast<std::size_t>(config.waf.verdict_cache_entries),
                                       config.waf.verdict_cache_seconds});
  if (!firewall) throw std::runtime_error(firewall.error().message);
  logger.Info("web application firewall", {log::Str("mode", waf::ModeName(mode)),
                                           log::Num("paranoia_level", config.waf.paranoia_level)});
  return std::move(*firewall);
}

int Serve(AppLogins& apps, const Config& config, log::Logger& logger) {
  Databases& dbs = *apps.selling;
  auto directory = [&] {
    auto lease = dbs.data->Acquire();
    return reference::AirportDirectory::Load(*lease);
  }();
  core::SystemClock clock;
  core::SystemRandom random;
  booking::TestCardGateway gateway;
  // Searches read from the node's snapshot; every data pool of the node counts its commits into it, so a change made
  // here is in the next search (shopping::SearchSnapshot states the bound).
  std::unique_ptr<shopping::SearchSnapshot> snapshot;
  if (config.search.snapshot_entries > 0) {
    snapshot = std::make_unique<shopping::SearchSnapshot>(
        shopping::SnapshotSettings{std::chrono::milliseconds{config.search.snapshot_max_age_ms},
                                   static_cast<std::size_t>(config.search.snapshot_entries)});
    for (auto& [login, databases] : apps.logins) databases.data->CountCommitsIn(&snapshot->commits());
  }
  shopping::AvailabilityService availability(*dbs.data, directory, clock, dbs.data_replica.get(), snapshot.get());
  booking::BookingService bookings(*dbs.data, directory, clock, random, gateway,
                                   std::chrono::seconds{config.hold_seconds}, config.limits);
  schedule::NetworkService network(*dbs.data);
  const std::filesystem::path web_dir = config.web_dir;
  auto assets = web::AssetStore::Load((web_dir / "static").string());
  const auto templates = web::Templates::Load(web_dir / "templates");
  const auto locales = web::Locales::Load(web_dir / "locales");
  const web::Signer signer = [&] {
    auto lease = dbs.web->Acquire();
    auto key = web::LoadSiteKey(*lease);
    if (!key) throw std::runtime_error("the web database has no site key; run `jetway migrate` as the owner");
    return web::Signer(*key);
  }();
  auto url_of = [&assets](const char* name) {
    const auto* asset = assets.ByName(name);
    return asset ? asset->url : std::string();
  };
  ops::Metrics metrics(JETWAY_VERSION, std::chrono::system_clock::now());
  bookings.CountEventsIn(metrics);
  const waf::Firewall* firewall_seen = nullptr;  // set once it is loaded, below
  const BookingSites* sites_seen = nullptr;      // set once they are made, below
  auto render_metrics = [&metrics, &dbs, &clock, &config, &firewall_seen, &sites_seen, &snapshot] {
    ops::ScrapeFigures figures;
    if (firewall_seen) figures.firewall_remembered = firewall_seen->cached_verdicts();
    if (sites_seen) {
      const auto pages = sites_seen->ResultPages();
      figures.result_pages_found = pages.found;
      figures.result_pages_kept = pages.kept;
    }
    if (snapshot) {
      const auto s = snapshot->stats();
      figures.search_snapshot =
          ops::SnapshotFigures{s.hits, s.loads, s.follows, s.flights_evicted, s.catalogue_reloads, s.flights_held};
    }
    figures.databases = ops::ReadDatabases(dbs.Named());
    if (auto outbox = ops::ReadOutbox(*dbs.data)) {
      figures.outbox = std::move(*outbox);
      figures.outbox_known = true;
    }
    figures.process = ops::ReadProcessStats();
    figures.now = clock.Now();
    try {
      if (UsesPostgres(config)) {
        figures.backup = ops::ReadArchiverStatus(*dbs.data);
        figures.standbys = ops::ReadStandbys(*dbs.data);
      }
      else if (config.backup.interval_seconds > 0) figures.backup = ops::ReadBackupStatus(*dbs.mgmt);
    } catch (const store::StoreError&) {
      // the database is down: jetway_database_up says so
    }
    return metrics.Render(figures);
  };
  partners::PartnerService partner_credentials(*dbs.mgmt, clock, random);
  partners::PartnerMeter partner_meter(*dbs.mgmt, clock);
  agents::AgencyService partner_agencies(*dbs.mgmt, *dbs.data, clock);
  aerocrs::Catalog partner_catalog(*dbs.data, directory, clock);
  pricing::FareAdminService partner_fares(*dbs.data, clock);
  schedule::ScheduleAdminService partner_schedules(*dbs.data, directory, clock);
  schedule::SsimService partner_ssim(*dbs.data, directory, clock);
  aerocrs::PartnerApiContext partner_api{partner_credentials, partner_meter, partner_catalog, availability,
                                         bookings,            partner_agencies, partner_fares, partner_schedules,
                                         directory,           clock};
  partner_api.ssim = &partner_ssim;
  // API v1 takes partners' credentials too, with their grants and quotas (docs/partner-api.md).
  api::ApiContext context{availability, bookings, network, directory, clock, aerocrs::ApiGate(partner_api),
                          LoadApiReference(web_dir, assets)};
  BookingSites sites(LoadSites(dbs), {templates, locales, signer, assets, url_of("site.css"), url_of("ibe.js"),
                                      availability, bookings, directory, clock,
                                      std::chrono::hours{config.booking_link_hours}});
  sites_seen = &sites;
  web::LiveSite& live_site = sites.DefaultLook();
  const web::PageContext& site_pages = sites.DefaultPages();
  http::Router router;
  std::atomic<bool> draining{false};  // set on SIGTERM: the node is leaving the load balancer's pool
  // Ready when every database answers every login this process uses, until the node starts draining.
  auto AddHealth = [&](http::Router& on) {
    ops::AddHealthRoutes(
      on,
      [&apps, &config, &draining] {
        ops::Readiness r{UsesPostgres(config) ? "postgresql" : "sqlite", true, true, true};
        r.draining = draining.load();
        for (auto& [login, databases] : apps.logins) {
          r.data = store::Ping(*databases.data) && r.data;
          r.web = store::Ping(*databases.web) && r.web;
          r.mgmt = store::Ping(*databases.mgmt) && r.mgmt;
        }
        return r;
      },
      JETWAY_VERSION);
  };
  AddHealth(router);
  if (!config.metrics_token.empty()) ops::AddMetricsRoute(router, render_metrics, config.metrics_token);
  if (config.apps.public_app) {
    api::AddApiV1Routes(router, context);
    aerocrs::AddPartnerApiRoutes(router, partner_api);
    sites.AddRoutes(router);
    web::AddStaticRoutes(router, assets, sites.Looks());
  }
  // The back office on its own listener, over the admin login's databases.
  std::unique_ptr<BackOffice> office;
  if (config.apps.admin && !config.admin.listen_address.empty()) {
    office = std::make_unique<BackOffice>(config, apps.For(Login::kAdmin), site_pages, live_site, assets, directory,
                                          gateway, clock, random);
    AddHealth(office->router());
    ops::AddMetricsRoute(office->router(), render_metrics);
  } else if (config.apps.admin) {
    logger.Info("the back office is not served: give it a listener ([admin] listen, --admin-listen)");
  }
  // The agent portal on its own listener, over the agent login's databases.
  std::unique_ptr<BackOffice> portal;
  if (config.apps.agent && !config.agent.listen_address.empty()) {
    portal = std::make_unique<BackOffice>(config, apps.For(Login::kAgent), site_pages, live_site, assets, directory,
                                          gateway, clock, random, Desk::kAgentPortal);
    AddHealth(portal->router());
  } else if (config.apps.agent) {
    logger.Info("the agent portal is not served: give it a listener ([agent] listen, --agent-listen)");
  }
  if (!config.apps.public_app && !office && !portal)
    logger.Warn("no application to serve; serving health checks only");
  if ((office || portal) && config.password_hash.BelowOwaspMinimum())
    logger.Warn("passwords.hash_mib or hash_passes is below OWASP's minimum for Argon2id (19 MiB, 2 passes): "
                "staff and agency passwords are cheap to guess from a stolen database; fit for tests only");

  // Attack signs in this node's answers, recorded as security events (the back office's Security screen, alerts).
  ops::SecurityWatch security_watch(SecurityThresholdsOf(config));
  ops::PeriodicTask security_task(
      "security-events", std::chrono::milliseconds{config.monitoring.flush_ms},
      [&, staff_mgmt = office ? apps.For(Login::kAdmin).mgmt.get() : nullptr] {
        ops::RecordSecurityEvents(security_watch, *dbs.mgmt, staff_mgmt, clock.Now(), ops::NodeName(),
                                  std::chrono::hours{24 * config.security.keep_days});
      },
      logger);

  // Airports and the airline's look edited in the back office (on any node) reach this node within the interval.
  ops::PeriodicTask refresh_reference(
      "refresh-reference", std::chrono::seconds{30},
      [&] {
        auto lease = dbs.data->Acquire();
        if (directory.Refresh(*lease)) logger.Info("airports refreshed", {log::Num("airports", directory.size())});
        auto web = dbs.web->Acquire();
        if (sites.Refresh(*web)) logger.Info("site settings refreshed");
      },
      logger);
  ops::PeriodicTask expiry(
      "expire-holds", std::chrono::milliseconds{config.expiry_interval_ms},
      [&] {
        if (int n = bookings.ExpireDue(); n > 0) logger.Info("expired holds", {log::Num("count", n)});
      },
      logger);

  // Changes made on other nodes reach this node's search snapshot within the interval. A lost database is logged
  // once, not every few milliseconds; meanwhile no piece outlives [search] snapshot_max_age_ms.
  std::unique_ptr<ops::PeriodicTask> search_feed;
  if (snapshot)
    search_feed = std::make_unique<ops::PeriodicTask>(
        "search-feed", std::chrono::milliseconds{config.search.feed_poll_ms},
        [&, failing = false]() mutable {
          try {
            availability.FollowFeed();
            if (failing) logger.Info("search feed followed again");
            failing = false;
          } catch (const store::StoreError& e) {
            if (!failing) logger.Warn("search feed cannot be read", {log::Str("error", e.what())});
            failing = true;
          }
        },
        logger);
  // The feed is kept ten minutes (nodes follow it within milliseconds); the back office's node prunes it, or on
  // SQLite the node itself (its one login may).
  std::unique_ptr<ops::PeriodicTask> feed_pruning;
  if (office || !UsesPostgres(config))
    feed_pruning = std::make_unique<ops::PeriodicTask>(
        "prune-search-feed", std::chrono::minutes{1},
        [&] {
          auto lease = apps.For(Login::kAdmin).data->Acquire();
          shopping::PruneFeed(*lease, clock.Now());
        },
        logger);

  // Passengers of flights the schedule changed are re-accommodated by the back office's node; the pages do it at
  // once after each change, this sweep after a stop in between.
  std::unique_ptr<ops::PeriodicTask> reaccommodation;
  if (office)
    reaccommodation = std::make_unique<ops::PeriodicTask>(
        "reaccommodate", std::chrono::seconds{5},
        [&] {
          const auto sweep = office->Reaccommodate();
          if (sweep.handled > 0) logger.Info("re-accommodated", {log::Num("bookings", sweep.handled)});
          for (const auto& failure : sweep.failures) logger.Error("re-accommodation failed", {log::Str("error", failure)});
        },
        logger);

  // Every node writes its own errors and request counts (the back office's error screen).
  ops::ErrorTracker errors(JETWAY_VERSION, ops::NodeName());
  ops::RequestWindow request_window(std::chrono::seconds{config.alerts.window_seconds});  // for the alerts
  ops::PeriodicTask error_flush(
      "flush-errors", std::chrono::milliseconds{config.monitoring.flush_ms}, [&] { errors.Flush(*dbs.mgmt); }, logger);

  // Backups of the SQLite databases while serving; on PostgreSQL they are the server's (deploy/postgresql).
  std::unique_ptr<ops::BackupScheduler> backups;
  std::unique_ptr<ops::PeriodicTask> backup_task;
  if (!UsesPostgres(config) && config.backup.interval_seconds > 0) {
    ops::BackupPolicy policy{std::chrono::seconds{config.backup.interval_seconds}, config.backup.keep_days,
                             config.backup.keep_frequent_hours};
    const std::filesystem::path dir = BackupDir(config);
    backups = std::make_unique<ops::BackupScheduler>(*dbs.mgmt, config.data_dir, dir, policy, clock, JETWAY_VERSION,
                                                     ops::NodeName(), logger);
    backup_task = std::make_unique<ops::PeriodicTask>(
        "backup", std::min(policy.interval, std::chrono::seconds{60}), [&backups] { backups->Tick(); }, logger);
    logger.Info("backing up", {log::Str("dir", dir.string()), log::Num("interval_seconds", config.backup.interval_seconds),
                               log::Num("keep_days", config.backup.keep_days)});
  }

  // The confirmation e-mails go out from the public application, on the mail task's own thread (a send may take
  // seconds). Every node that runs it drains the same outbox; the outbox's claims keep them from sending twice.
  std::unique_ptr<mail::SmtpTransport> smtp;
  std::unique_ptr<mail::Outbox> outbox;
  std::unique_ptr<booking::ConfirmationMailSource> confirmations;
  std::unique_ptr<booking::BoardingPassMailSource> boarding_passes;
  std::unique_ptr<booking::ScheduleChangeMailSource> schedule_change_mails;
  std::unique_ptr<identity::PasswordResetMailSource> password_resets;
  std::unique_ptr<identity::SecurityNoticeMailSource> security_notices;
  ops::AlertMailSource alert_mails;
  mail::Composers composers;
  std::unique_ptr<mail::Sender> sender;
  std::unique_ptr<ops::PeriodicTask> mail_task;  // declared last: stops before what it uses goes away
  if (config.apps.public_app) {
    if (config.mail.smtp_url.empty()) {
      logger.Warn("mail.smtp_url is not set: confirmation e-mails are queued in the outbox but not sent");
    } else {
      mail::RetryPolicy policy;
      policy.base = std::chrono::seconds{config.mail.retry_base_seconds};
      smtp = std::make_unique<mail::SmtpTransport>(mail::SmtpSettings{config.mail.smtp_url});
      outbox = std::make_unique<mail::Outbox>(*dbs.data, clock, policy);
      // The e-mails' templates and texts are the pages': loaded once, above.
      confirmations =
          std::make_unique<booking::ConfirmationMailSource>(bookings, *dbs.data, directory, templates, locales);
      composers.Add(booking::kConfirmationMail, *confirmations);
      boarding_passes =
          std::make_unique<booking::BoardingPassMailSource>(bookings, *dbs.data, directory, templates, locales);
      composers.Add(booking::kBoardingPassMail, *boarding_passes);
      schedule_change_mails =
          std::make_unique<booking::ScheduleChangeMailSource>(bookings, *dbs.data, directory, templates, locales);
      composers.Add(booking::kScheduleChangeMail, *schedule_change_mails);
      password_resets = std::make_unique<identity::PasswordResetMailSource>(templates, locales, live_site.Current().site.name,
                                                                            identity::IdentityPolicy{}.reset_lifetime);
      composers.Add(identity::kPasswordResetMail, *password_resets);
      security_notices = std::make_unique<identity::SecurityNoticeMailSource>(templates, locales, live_site.Current().site.name);
      composers.Add(identity::kSecurityNoticeMail, *security_notices);
      composers.Add(ops::kAlertMail, alert_mails);
      // Checked by LoadConfig.
      sender =
          std::make_unique<mail::Sender>(*outbox, composers, *smtp, *mail::ParseMailbox(config.mail.from), logger);
      mail_task = std::make_unique<ops::PeriodicTask>(
          "send-mail", std::chrono::milliseconds{config.mail.interval_ms}, [&sender] { sender->SendDue(); }, logger);
      // The URL without any user:password@ it may carry.
      std::string server = config.mail.smtp_url;
      if (auto scheme = server.find("://"), at = server.rfind('@'); at != std::string::npos && at > scheme)
        server.erase(scheme + 3, at + 1 - (scheme + 3));
      logger.Info("sending mail", {log::Str("smtp_server", server), log::Str("from", config.mail.from),
                                   log::Num("interval_ms", config.mail.interval_ms)});
    }
  }

  // Partners' calls reach the shared counts (quotas per day, usage) within two seconds even when no call follows.
  ops::PeriodicTask partner_usage_flush("flush-partner-usage", std::chrono::seconds{2},
                                        [&partner_meter] { partner_meter.Flush(); }, logger);

  // Partners' webhooks go out from the public application on a task of their own; every node drains the one outbox.
  std::unique_ptr<partners::EventOutbox> partner_events;
  std::unique_ptr<partners::CurlWebhookTransport> webhook_transport;
  std::unique_ptr<partners::WebhookSender> webhook_sender;
  std::unique_ptr<ops::PeriodicTask> webhook_task;
  if (config.apps.public_app) {
    partner_events = std::make_unique<partners::EventOutbox>(
        *dbs.data, clock, partners::EventRetry{std::chrono::seconds{config.webhooks.retry_base_seconds}});
    webhook_transport =
        std::make_unique<partners::CurlWebhookTransport>(std::chrono::seconds{config.webhooks.timeout_seconds});
    webhook_sender = std::make_unique<partners::WebhookSender>(*partner_events, partner_credentials,
                                                               *webhook_transport, clock, logger);
    webhook_task = std::make_unique<ops::PeriodicTask>(
        "send-webhooks", std::chrono::milliseconds{config.webhooks.interval_ms},
        [&webhook_sender] { webhook_sender->SendDue(); }, logger);
  }

  // After the mail task, so it stops first: it may send through the same SMTP transport.
  const auto tls = LoadTls(config, logger);
  integrity::LatestCheck install_check;
  const auto install_task = StartInstallChecks(config, install_check, clock, logger);
  const auto observer = MakeObserver(config, dbs, request_window, clock, CertificateReader(tls),
                                     install_task ? &install_check : nullptr);
  const std::chrono::seconds status_interval{config.monitoring.status_probe_seconds};
  status::StatusBoard status_board(
      *dbs.mgmt, observer,
      {config.apps.public_app, office != nullptr, !config.mail.smtp_url.empty(),
       std::chrono::seconds{config.alerts.backup_max_age_seconds}},
      clock, ops::NodeName(), status_interval, logger);
  status_board.Tick();  // the page has something to show from the start
  ops::PeriodicTask status_task("status", status_interval, [&status_board] { status_board.Tick(); }, logger);
  if (config.apps.public_app) status::AddStatusRoutes(router, site_pages, status_board);
  auto alerter = MakeAlerter(config, dbs, observer, smtp.get(), clock, logger);
  std::unique_ptr<ops::PeriodicTask> alert_task;
  if (alerter)
    alert_task = std::make_unique<ops::PeriodicTask>(
        "alerts", std::chrono::seconds{config.alerts.interval_seconds}, [&alerter] { alerter->Tick(); }, logger);

  http::ServerOptions options;
  options.address = config.listen_address;
  options.port = config.listen_port;
  options.threads = static_cast<std::size_t>(config.threads);
  options.write_threads = static_cast<std::size_t>(config.write_threads);
  options.write_thread_nice = config.write_thread_nice;
  options.max_connections = static_cast<std::size_t>(config.max_connections);
  options.max_connections_per_client = static_cast<std::size_t>(config.max_connections_per_client);
  options.max_body_bytes = static_cast<std::size_t>(config.max_body_bytes);
  options.read_timeout = std::chrono::seconds{config.read_timeout_seconds};
  options.reserved_descriptors = DescriptorsNeeded(config);
  options.trusted_proxies = *http::ParseNetworks(config.trusted_proxies);  // checked by LoadConfig
  options.on_exception = ops::ResponseForException;
  const auto firewall = LoadFirewall(config, web_dir, logger);
  firewall_seen = firewall.get();
  std::optional<core::RateLimiter> request_rate;
  if (config.requests_per_second_per_client > 0)
    request_rate.emplace(core::RatePolicy{static_cast<double>(config.requests_per_second_per_client),
                                          config.request_burst_per_client});
  options.tls = tls;
  options.screen = FrontDoor(request_rate ? &*request_rate : nullptr, firewall.get(), logger);
  options.drain_grace = std::chrono::seconds{config.drain_seconds};
  options.on_drain = [&draining] { draining.store(true); };
  options.on_response = [&metrics, &errors, &request_window, &security_watch, &clock](
                            std::string_view listener, const http::Request& request, const http::Response& response,
                            std::chrono::microseconds elapsed) {
    const auto now = clock.Now();
    security_watch.ObserveAnswer(response.status, response.log_code, request.remote, now);
    metrics.ObserveRequest(listener, request.route, request.method, response.status, elapsed);
    request_window.Observe(now, response.status, elapsed);
    const std::string_view route = request.route.empty() ? std::string_view("unmatched") : request.route;
    errors.Observe(now, listener, route, response.status, [&] {
      return ops::ErrorEvent{now,           request.request_id, std::string(listener), std::string(route),
                             request.method, request.path,      response.status,       response.log_code,
                             response.fault};
    });
  };
  std::vector<http::Listener> listeners{{config.listen_address, config.listen_port, &router, "public"}};
  if (office)
    listeners.push_back({config.admin.listen_address, config.admin.listen_port, &office->router(), "admin",
                         static_cast<std::size_t>(config.admin.max_body_bytes)});
  if (portal) listeners.push_back({config.agent.listen_address, config.agent.listen_port, &portal->router(), "agent"});
  http::Serve(options, listeners, logger, [&] {
    auto url = [tls = options.tls != nullptr](const std::string& address, std::uint16_t port) {
      return app::ListenerUrl(address, port, tls) + "/";
    };
    fmt::print("jetway is running at {}\n", url(config.listen_address, config.listen_port));
    if (office) fmt::print("the back office is at {}\n", url(config.admin.listen_address, config.admin.listen_port));
    if (portal) fmt::print("the agent portal is at {}\n", url(config.agent.listen_address, config.agent.listen_port));
    std::fflush(stdout);
  });
  expiry.Stop();
  if (search_feed) search_feed->Stop();
  if (feed_pruning) feed_pruning->Stop();
  if (reaccommodation) reaccommodation->Stop();
  status_task.Stop();
  security_task.Stop();
  if (alert_task) alert_task->Stop();
  error_flush.Stop();
  try {
    errors.Flush(*dbs.mgmt);  // the last requests' figures
  } catch (const std::exception& e) {
    logger.Warn("the last error figures were not written", {log::Str("error", e.what())});
  }
  if (mail_task) mail_task->Stop();
  if (backup_task) backup_task->Stop();
  logger.Info("stopped");
  return 0;
}

}  // namespace
}  // namespace jetway::app

int main(int argc, char** argv) {
  using namespace jetway;
  store::ConfigureSqliteProcess();  // before any database is opened
  CLI::App cli{"jetway: an airline reservation system"};
  std::optional<std::string> config_path, listen, data_dir;
  cli.add_option("--config", config_path, "path to jetway.toml (default: ./jetway.toml when present)");
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--data-dir", data_dir, "directory of the SQLite databases (default var)");
  };
  auto* serve = cli.add_subcommand("serve", "run the HTTP server (migrates first)");
  add_common(serve);
  serve->add_option("--listen", listen, "ADDRESS:PORT to listen on (default 127.0.0.1:8080)");
  std::optional<std::string> admin_listen;
  serve->add_option("--admin-listen", admin_listen, "ADDRESS:PORT of the back office (default: not served)");
  std::optional<std::string> agent_listen;
  serve->add_option("--agent-listen", agent_listen, "ADDRESS:PORT of the agent portal (default: not served)");
  std::optional<std::string> apps;
  serve->add_option("--apps", apps, "applications to run: public,admin,agent (default all)");
  auto* migrate = cli.add_subcommand("migrate", "create or upgrade the data, web and mgmt databases");
  add_common(migrate);
  auto* demo = cli.add_subcommand("demo", "load the demo airline (Kattegat Air, X9)");
  add_common(demo);
  auto* user = cli.add_subcommand("user", "staff users of the back office");
  auto* user_add = user->add_subcommand("add", "add a staff user (the first administrator on a fresh install)");
  add_common(user_add);
  app::UserAddOptions user_options;
  user_add->add_option("--email", user_options.email, "the person's e-mail address (their sign-in)")->required();
  user_add->add_option("--role", user_options.role,
                       "administrator, reservations, revenue, schedules, finance, check_in or read_only; "
                       "with --agency: agency_admin, agent or read_only")
      ->required();
  user_add->add_option("--agency", user_options.agency,
                       "a travel agency's code: the user is that agency's, signing in to the agent portal");
  user_add->add_option("--name", user_options.name, "the name shown in the back office");
  user_add->add_flag("--password-stdin", user_options.password_from_stdin,
                     "read the password from standard input (else a one-time password is printed)");
  user->require_subcommand(1);
  auto* partner = cli.add_subcommand("partner", "partners of the partner API (AeroCRS v5-compatible)");
  auto* partner_add = partner->add_subcommand("add", "add a partner's credential; its secret is read from standard input");
  add_common(partner_add);
  app::PartnerAddOptions partner_options;
  partner_add->add_option("--auth-id", partner_options.auth_id, "what the partner sends as auth_id")->required();
  partner_add->add_option("--name", partner_options.name, "the partner's name (default: the auth_id)");
  partner_add->add_option("--agency", partner_options.agency,
                          "the code of the travel agency it books for, whose account pays");
  partner_add->add_option("--airlines", partner_options.airlines, "the airlines it sees and books (default: all)");
  partner_add->add_option("--methods", partner_options.methods,
                          "methods or groups it may call: reference, shopping, booking, payment, extras, agents, "
                          "inventory, dcs, all (default: the first five)");
  partner_add->add_option("--searches-per-minute", partner_options.searches_per_minute);
  partner_add->add_option("--searches-per-day", partner_options.searches_per_day);
  partner_add->add_option("--bookings-per-minute", partner_options.bookings_per_minute);
  partner_add->add_option("--bookings-per-day", partner_options.bookings_per_day);
  partner_add->add_option("--look-to-book", partner_options.look_to_book, "searches per booking a day (0: no ceiling)");
  partner_add->add_option("--webhook-url", partner_options.webhook_url, "where booking events are pushed");
  std::string access_auth_id;
  std::vector<std::pair<CLI::App*, app::PartnerAccess>> partner_access;
  for (auto [name, action, what] :
       {std::tuple{"disable", app::PartnerAccess::kDisable, "shut a partner out: its every call is refused"},
        std::tuple{"enable", app::PartnerAccess::kEnable, "let a disabled partner call again"},
        std::tuple{"new-secret", app::PartnerAccess::kNewSecret,
                   "replace a partner's secret (the new one read from standard input); the old is refused at once"}}) {
    auto* sub = partner->add_subcommand(name, what);
    add_common(sub);
    sub->add_option("--auth-id", access_auth_id, "the partner's auth_id")->required();
    partner_access.emplace_back(sub, action);
  }
  partner->require_subcommand(1);
  auto* ssim = cli.add_subcommand("ssim", "the schedule as an IATA SSIM (Chapter 7) data set");
  app::SsimOptions ssim_options;
  auto* ssim_export = ssim->add_subcommand("export", "write the hosted airlines' schedules as a data set");
  add_common(ssim_export);
  ssim_export->add_option("--output,-o", ssim_options.file, "where to write it (default: standard output)");
  ssim_export->add_option("--airline", ssim_options.airline, "one airline's only (its designator)");
  auto* ssim_import = ssim->add_subcommand("import", "add and change schedule lines from a data set");
  add_common(ssim_import);
  ssim_import->add_option("file", ssim_options.file, "the data set (- for standard input)")->required();
  ssim_import->add_option("--airline", ssim_options.airline, "import this carrier of the data set only");
  ssim_import->add_flag("--dry-run", ssim_options.dry_run, "say what would change; change nothing");
  ssim_import->add_flag("--confirm-bookings", ssim_options.confirm_bookings,
                        "apply changes that move or remove flights with bookings");
  ssim_import->add_flag("--replace", ssim_options.replace,
                        "the data set is the whole schedule for its carrier's period: cancel the flights there of "
                        "lines it does not name");
  ssim->require_subcommand(1);
  auto* audit = cli.add_subcommand("audit", "the audit log of staff actions");
  auto* audit_verify = audit->add_subcommand("verify", "check the audit log's hash chain; non-zero when broken");
  add_common(audit_verify);
  audit->require_subcommand(1);
  auto* backup = cli.add_subcommand("backup", "copy the three databases, as of one moment, into a new directory");
  add_common(backup);
  std::optional<std::string> backup_to;
  backup->add_option("--to", backup_to, "where the backup directory is made (default [backup] dir, DATA_DIR/backups)");
  auto* restore = cli.add_subcommand("restore", "put a backup's databases in place (into an empty data directory)");
  add_common(restore);
  std::string restore_from;
  restore->add_option("backup", restore_from, "the backup directory (jetway-<time>)")->required();
  auto* manifest = cli.add_subcommand("manifest", "the signed manifest of the install's files (verify-install)");
  auto* keygen = manifest->add_subcommand("keygen", "make an Ed25519 key pair to sign manifests with");
  std::string private_key_path, public_key_path;
  keygen->add_option("--private", private_key_path, "where the private key goes (keep it off the servers)")->required();
  keygen->add_option("--public", public_key_path, "where the public key goes ([integrity] public_key)")->required();
  auto* sign = manifest->add_subcommand("sign", "hash the install's files and sign the list");
  add_common(sign);
  std::string signing_key;
  std::optional<std::string> manifest_out;
  sign->add_option("--key", signing_key, "the private key from `jetway manifest keygen`")->required();
  sign->add_option("--out", manifest_out, "where the manifest goes (default [integrity] manifest)");
  manifest->require_subcommand(1);
  auto* verify_install = cli.add_subcommand(
      "verify-install", "check the binary, web files, data files and firewall rules against the signed manifest");
  add_common(verify_install);
  std::optional<std::string> verify_manifest, verify_key;
  verify_install->add_option("--manifest", verify_manifest, "the manifest (default [integrity] manifest)");
  verify_install->add_option("--public-key", verify_key, "the public key (default [integrity] public_key)");
  auto* routes = cli.add_subcommand("routes", "list a desk's routes and the permission each needs (JSON lines)");
  std::string routes_app = "admin";
  routes->add_option("--app", routes_app, "admin (the back office) or agent (the agent portal)")
      ->check(CLI::IsMember({"admin", "agent"}));
  bool version_build = false;
  cli.add_subcommand("version", "print the version")
      ->add_flag("--build", version_build, "and how this binary was built (type, flags, compiler, sanitizers)");
  cli.require_subcommand(1);
  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("version")) {
    fmt::print("jetway {}\n", JETWAY_VERSION);
    if (version_build)
      fmt::print("build: {}; flags: {}; compiler: {}; sanitizers: {}; allocator: {}\n", JETWAY_BUILD_TYPE,
                 JETWAY_BUILD_FLAGS, JETWAY_COMPILER,
                 std::string_view(JETWAY_SANITIZED) == "ON" ? "address, undefined" : "none", JETWAY_ALLOCATOR);
    return 0;
  }
  if (cli.got_subcommand("routes")) {
    app::PrintRoutes(std::cout, routes_app == "agent" ? app::Desk::kAgentPortal : app::Desk::kBackOffice);
    return 0;
  }
  log::InstallFatalSignalHandlers();
  auto config = app::LoadConfig(
      config_path,
      [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        return value ? std::optional<std::string>(value) : std::nullopt;
      },
      JETWAY_DEFAULT_AIRPORTS_CSV, JETWAY_DEFAULT_WEB_DIR);
  if (!config) {
    fmt::print(stderr, "jetway: {}\n", config.error().message);
    return 2;
  }
  std::unique_ptr<log::Sink> log_sink;
  try {
    log_sink = app::OpenLog(config->log, std::getenv("JOURNAL_STREAM"));
  } catch (const std::exception& e) {
    fmt::print(stderr, "jetway: {}\n", e.what());
    return 2;
  }
  // The server's lines leave on a thread of their own (log/background_sink.hpp): a line a request was a system call
  // under a lock on every request thread. Other commands write theirs at once.
  std::optional<log::BackgroundSink> background;
  if (serve->parsed()) background.emplace(*log_sink);
  log::Logger logger(background ? static_cast<log::Sink&>(*background) : *log_sink);
  if (data_dir) config->data_dir = *data_dir;
  if (apps) {
    if (auto ok = app::ApplyApps(*config, *apps); !ok) {
      fmt::print(stderr, "jetway: {}\n", ok.error().message);
      return 2;
    }
  }
  if (admin_listen) {
    if (auto ok = app::ApplyAdminListen(*config, *admin_listen); !ok) {
      fmt::print(stderr, "jetway: {}\n", ok.error().message);
      return 2;
    }
  }
  if (agent_listen) {
    if (auto ok = app::ApplyAgentListen(*config, *agent_listen); !ok) {
      fmt::print(stderr, "jetway: {}\n", ok.error().message);
      return 2;
    }
  }
  if (listen) {
    if (auto ok = app::ApplyListen(*config, *listen); !ok) {
      fmt::print(stderr, "jetway: {}\n", ok.error().message);
      return 2;
    }
  }
  if (keygen->parsed()) return app::RunManifestKeygen(private_key_path, public_key_path, std::cout, std::cerr);
  if (sign->parsed() || verify_install->parsed()) {
    core::SystemClock clock;
    return sign->parsed() ? app::RunManifestSign(*config, signing_key, manifest_out, clock, std::cout, std::cerr)
                          : app::RunVerifyInstall(*config, verify_manifest, verify_key, clock, std::cout, std::cerr);
  }
  if (backup->parsed() || restore->parsed()) {
    if (app::UsesPostgres(*config)) {
      fmt::print(stderr, "jetway: on PostgreSQL, back up with pg_basebackup and WAL archiving (deploy/postgresql); "
                         "`jetway {}` copies the SQLite databases\n", backup->parsed() ? "backup" : "restore");
      return 2;
    }
    return backup->parsed() ? app::RunBackup(*config, backup_to, std::cout, std::cerr)
                            : app::RunRestore(*config, restore_from, std::cout, std::cerr);
  }
  try {
    {
      // The owner migrates (and loads the demo); on SQLite `serve` migrates too, so that one command runs the
      // embedded default. On PostgreSQL migrations are a deliberate `jetway migrate` by the owner.
      const bool serving = cli.got_subcommand(serve);
      if (!serving || !app::UsesPostgres(*config)) {
        auto owner = app::OpenDatabases(*config, app::Login::kOwner);
        const bool operator_migrates = cli.got_subcommand(migrate) || cli.got_subcommand(demo);
        app::MigrateAll(*config, owner, logger,
                        operator_migrates ? app::RoleGrants::kAlways : app::RoleGrants::kWhenMigrated);
        if (cli.got_subcommand(demo)) app::RunDemo(owner, logger);
        if (user_add->parsed()) return app::RunUserAdd(*config, owner, user_options, std::cin, std::cout, std::cerr);
        if (audit_verify->parsed()) return app::RunAuditVerify(owner, std::cout);
        if (partner_add->parsed()) return app::RunPartnerAdd(owner, partner_options, std::cin, std::cout, std::cerr);
        if (ssim_export->parsed()) return app::RunSsimExport(owner, ssim_options, std::cout, std::cerr);
        if (ssim_import->parsed()) return app::RunSsimImport(owner, ssim_options, std::cin, std::cout, std::cerr);
        for (auto [sub, action] : partner_access)
          if (sub->parsed())
            return app::RunPartnerAccess(owner, action, access_auth_id, std::cin, std::cout, std::cerr);
      }
      if (!serving) return 0;
    }
    auto apps = app::OpenAppLogins(*config);
    return app::Serve(apps, *config, logger);
  } catch (const std::exception& e) {
    logger.Error("fatal", {log::Str("error", e.what())});
    return 1;
  }
  return 0;
}
