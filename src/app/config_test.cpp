#include "app/config.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

namespace jetway::app {

namespace {
EnvLookup Env(std::map<std::string, std::string> values) {
  return [values](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}
}  // namespace

TEST(Config, DefaultsThenEnvironment) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->listen_address, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 8080);
  EXPECT_EQ(config->data_dir, "var");
  EXPECT_EQ(config->hold_seconds, 1200);
  config = LoadConfig(std::nullopt, Env({{"JETWAY_LISTEN", "0.0.0.0:9090"}, {"JETWAY_DATA_DIR", "/tmp/x"},
                                         {"JETWAY_HOLD_SECONDS", "5"}}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->listen_address, "0.0.0.0");
  EXPECT_EQ(config->listen_port, 9090);
  EXPECT_EQ(config->data_dir, "/tmp/x");
  EXPECT_EQ(config->hold_seconds, 5);
}

TEST(Config, RefusesBadValues) {
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_LISTEN", "nonsense"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_LISTEN", "127.0.0.1:70000"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_HOLD_SECONDS", "-1"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::string("/nonexistent/jetway.toml"), Env({}), "a.csv"));
}

TEST(Config, ListenAcceptsIpv6) {
  Config config;
  ASSERT_TRUE(ApplyListen(config, "[::1]:8081"));
  EXPECT_EQ(config.listen_address, "::1");
  EXPECT_EQ(config.listen_port, 8081);
}

TEST(Config, AppsAndDatabases) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->apps.public_app && config->apps.admin && config->apps.agent);
  EXPECT_TRUE(config->database.data.empty());
  config = LoadConfig(std::nullopt,
                      Env({{"JETWAY_APPS", "admin,agent"},
                           {"JETWAY_DATABASE_DATA", "postgresql://o@db/d"},
                           {"JETWAY_DATABASE_WEB", "postgresql://o@db/w"},
                           {"JETWAY_DATABASE_MGMT", "postgresql://o@db/m"},
                           {"JETWAY_DATABASE_PUBLIC_PASSWORD", "p"},
                           {"JETWAY_DATABASE_ROLE_PREFIX", "x9"}}),
                      "a.csv");
  ASSERT_TRUE(config);
  EXPECT_FALSE(config->apps.public_app);
  EXPECT_TRUE(config->apps.admin && config->apps.agent);
  EXPECT_EQ(config->database.web, "postgresql://o@db/w");
  EXPECT_EQ(config->database.public_password, "p");
  EXPECT_EQ(config->database.role_prefix, "x9");
  // All three databases or none; a known application; a role prefix that is a plain SQL name.
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_DATABASE_DATA", "postgresql://o@db/d"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_APPS", "public,kiosk"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_APPS", ""}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_DATABASE_ROLE_PREFIX", "Bad-Name"}}), "a.csv"));
}

}  // namespace jetway::app

namespace jetway::app {

TEST(Config, FirewallFromTomlThenEnvironment) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->waf.mode, "blocking");  // on unless an operator says otherwise
  EXPECT_EQ(config->waf.paranoia_level, 1);
  EXPECT_EQ(config->waf.crs_dir, "/usr/share/modsecurity-crs");
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_waf_config_{}.toml", ::getpid());
  std::ofstream(path) << "[waf]\nmode = \"detection\"\nparanoia_level = 2\ncrs_dir = \"/opt/crs\"\n";
  config = LoadConfig(path.string(), Env({}), "a.csv");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->waf.mode, "detection");
  EXPECT_EQ(config->waf.paranoia_level, 2);
  EXPECT_EQ(config->waf.crs_dir, "/opt/crs");
  config = LoadConfig(path.string(), Env({{"JETWAY_WAF_MODE", "off"}, {"JETWAY_WAF_PARANOIA_LEVEL", "4"}}), "a.csv");
  std::filesystem::remove(path);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->waf.mode, "off");
  EXPECT_EQ(config->waf.paranoia_level, 4);
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_WAF_MODE", "on"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_WAF_PARANOIA_LEVEL", "5"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_WAF_PARANOIA_LEVEL", "0"}}), "a.csv"));
}

TEST(Config, PasswordHashCostFromTomlThenEnvironment) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->password_hash.mem_bytes, identity::HashCost{}.mem_bytes);  // identity's own, 64 MiB
  EXPECT_EQ(config->password_hash.ops, identity::HashCost{}.ops);
  EXPECT_FALSE(config->password_hash.BelowOwaspMinimum());
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_hash_config_{}.toml", ::getpid());
  std::ofstream(path) << "[passwords]\nhash_mib = 128\nhash_passes = 4\n";
  config = LoadConfig(path.string(), Env({}), "a.csv");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->password_hash.mem_bytes, std::size_t{128} << 20);
  EXPECT_EQ(config->password_hash.ops, 4u);
  config = LoadConfig(path.string(), Env({{"JETWAY_PASSWORD_HASH_MIB", "1"}, {"JETWAY_PASSWORD_HASH_PASSES", "1"}}),
                      "a.csv");
  std::filesystem::remove(path);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->password_hash.mem_bytes, std::size_t{1} << 20);
  EXPECT_EQ(config->password_hash.ops, 1u);
  EXPECT_TRUE(config->password_hash.BelowOwaspMinimum());
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_PASSWORD_HASH_MIB", "0"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_PASSWORD_HASH_MIB", "4097"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_PASSWORD_HASH_PASSES", "0"}}), "a.csv"));
}

// Server threads by the cores unless set; requests that change data have threads of their own, more on SQLite
// (bigger commit groups) than on PostgreSQL.
TEST(Config, ThreadsByCoresAndWriteThreadsByEngineUnlessSet) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->threads, std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency())));
  EXPECT_EQ(LoadConfig(std::nullopt, Env({{"JETWAY_THREADS", "6"}}), "a.csv")->threads, 6);
  EXPECT_EQ(config->write_threads, 64);
  EXPECT_EQ(config->write_thread_nice, 5) << "searches win the cores from SQLite's many write threads";
  const std::map<std::string, std::string> postgres{{"JETWAY_DATABASE_DATA", "postgresql://o@db/d"},
                                                    {"JETWAY_DATABASE_WEB", "postgresql://o@db/w"},
                                                    {"JETWAY_DATABASE_MGMT", "postgresql://o@db/m"}};
  config = LoadConfig(std::nullopt, Env(postgres), "a.csv");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->write_threads, 8);
  EXPECT_EQ(config->write_thread_nice, 0);
  auto set = postgres;
  set["JETWAY_WRITE_THREADS"] = "0";
  config = LoadConfig(std::nullopt, Env(set), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->write_threads, 0);
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_write_threads_{}.toml", ::getpid());
  std::ofstream(path) << "[server]\nwrite_threads = 24\n";
  config = LoadConfig(path.string(), Env({}), "a.csv");
  std::filesystem::remove(path);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->write_threads, 24);
  EXPECT_EQ(LoadConfig(std::nullopt, Env({{"JETWAY_WRITE_THREADS", "257"}}), "a.csv").error().code, "INVALID_CONFIG");
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_WRITE_THREADS", "-1"}}), "a.csv"));
}

TEST(Config, RequestRateAndReadTimeout) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->requests_per_second_per_client, 50);
  EXPECT_EQ(config->request_burst_per_client, 200);
  EXPECT_EQ(config->read_timeout_seconds, 20);
  config = LoadConfig(std::nullopt, Env({{"JETWAY_REQUESTS_PER_SECOND_PER_CLIENT", "0"},
                                         {"JETWAY_REQUEST_BURST_PER_CLIENT", "10"}, {"JETWAY_READ_TIMEOUT_SECONDS", "5"}}),
                      "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->requests_per_second_per_client, 0);  // no limit
  EXPECT_EQ(config->request_burst_per_client, 10);
  EXPECT_EQ(config->read_timeout_seconds, 5);
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_REQUEST_BURST_PER_CLIENT", "0"}}), "a.csv"));
  config = LoadConfig(std::nullopt, Env({}), "a.csv");
  EXPECT_EQ(config->admin.requests_per_second_per_staff, 10);
  EXPECT_EQ(config->admin.request_burst_per_staff, 100);
  config = LoadConfig(std::nullopt, Env({{"JETWAY_REQUESTS_PER_SECOND_PER_STAFF", "2"},
                                         {"JETWAY_REQUEST_BURST_PER_STAFF", "5"}}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->admin.requests_per_second_per_staff, 2);
  EXPECT_EQ(config->admin.request_burst_per_staff, 5);
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_REQUEST_BURST_PER_STAFF", "0"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_READ_TIMEOUT_SECONDS", "0"}}), "a.csv"));
}

TEST(Config, TheAgentPortalHasItsOwnListenerSessionsAndRate) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->agent.listen_address, "");  // not served until given a listener
  EXPECT_EQ(config->agent.session_idle_minutes, 30);
  EXPECT_EQ(config->agent.requests_per_second_per_staff, 10);
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_agent_config_{}.toml", ::getpid());
  std::ofstream(path) << "[agent]\nlisten = \"127.0.0.1:8082\"\nrequire_totp = true\nsession_hours = 8\n"
                         "public_url = \"https://agents.x9.example\"\n";
  config = LoadConfig(path.string(), Env({{"JETWAY_REQUESTS_PER_SECOND_PER_AGENT", "3"},
                                          {"JETWAY_AGENT_SECURE_COOKIES", "0"}}), "a.csv");
  std::filesystem::remove(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->agent.listen_address, "127.0.0.1");
  EXPECT_EQ(config->agent.listen_port, 8082);
  EXPECT_TRUE(config->agent.require_totp);
  EXPECT_FALSE(config->admin.require_totp);
  EXPECT_EQ(config->agent.session_hours, 8);
  EXPECT_EQ(config->agent.public_url, "https://agents.x9.example");
  EXPECT_EQ(config->agent.requests_per_second_per_staff, 3);
  EXPECT_FALSE(config->agent.secure_cookies);
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_AGENT_LISTEN", "127.0.0.1:99999"}}), "a.csv"));
}

TEST(Config, MailFromTomlThenEnvironment) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->mail.smtp_url, "");  // no sender until configured; mails wait in the outbox
  EXPECT_EQ(config->mail.interval_ms, 5000);
  EXPECT_EQ(config->mail.retry_base_seconds, 30);
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_mail_config_{}.toml", ::getpid());
  std::ofstream(path) << "[mail]\nsmtp_url = \"smtp://mail.x9.example:587\"\nfrom = \"Kattegat Air <bookings@x9.example>\"\n"
                         "interval_ms = 2000\nretry_base_seconds = 60\n";
  config = LoadConfig(path.string(), Env({}), "a.csv");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->mail.smtp_url, "smtp://mail.x9.example:587");
  EXPECT_EQ(config->mail.from, "Kattegat Air <bookings@x9.example>");
  EXPECT_EQ(config->mail.interval_ms, 2000);
  EXPECT_EQ(config->mail.retry_base_seconds, 60);
  config = LoadConfig(path.string(),
                      Env({{"JETWAY_SMTP_URL", "smtp://127.0.0.1:2525"}, {"JETWAY_MAIL_FROM", "a@b.example"},
                           {"JETWAY_MAIL_INTERVAL_MS", "100"}, {"JETWAY_MAIL_RETRY_SECONDS", "1"}}),
                      "a.csv");
  std::filesystem::remove(path);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->mail.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(config->mail.from, "a@b.example");
  EXPECT_EQ(config->mail.interval_ms, 100);
  EXPECT_EQ(config->mail.retry_base_seconds, 1);
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_SMTP_URL", "http://127.0.0.1:25"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_MAIL_FROM", "not an address"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_MAIL_FROM", "a@b.example\r\nBcc: c@d.example"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_MAIL_INTERVAL_MS", "0"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_MAIL_RETRY_SECONDS", "0"}}), "a.csv"));
  EXPECT_FALSE(LoadConfig(std::nullopt, Env({{"JETWAY_MAIL_RETRY_SECONDS", "3601"}}), "a.csv"));
}

}  // namespace jetway::app

namespace jetway::app {

TEST(Config, IntegrityFromTomlThenEnvironment) {
  auto config = LoadConfig(std::nullopt, Env({}), "a.csv");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->integrity.manifest, "");  // not checked unless an installer signed one
  EXPECT_EQ(config->integrity.check_interval_seconds, 3600);
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_integrity_config_{}.toml", ::getpid());
  std::ofstream(path) << "[integrity]\nmanifest = \"/etc/jetway/manifest\"\npublic_key = \"/etc/jetway/key.pub\"\n"
                         "check_interval_seconds = 600\n";
  config = LoadConfig(path.string(), Env({}), "a.csv");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->integrity.manifest, "/etc/jetway/manifest");
  EXPECT_EQ(config->integrity.public_key, "/etc/jetway/key.pub");
  EXPECT_EQ(config->integrity.check_interval_seconds, 600);
  config = LoadConfig(path.string(), Env({{"JETWAY_INTEGRITY_MANIFEST", "/m"}, {"JETWAY_INTEGRITY_PUBLIC_KEY", "/k"},
                                          {"JETWAY_INTEGRITY_CHECK_INTERVAL_SECONDS", "5"}}),
                      "a.csv");
  std::filesystem::remove(path);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->integrity.manifest, "/m");
  EXPECT_EQ(config->integrity.public_key, "/k");
  EXPECT_EQ(config->integrity.check_interval_seconds, 5);
}

TEST(Config, AManifestWithoutAPublicKeyIsRefused) {
  const auto config = LoadConfig(std::nullopt, Env({{"JETWAY_INTEGRITY_MANIFEST", "/m"}}), "a.csv");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().field, "integrity.public_key");
  EXPECT_EQ(LoadConfig(std::nullopt, Env({{"JETWAY_INTEGRITY_CHECK_INTERVAL_SECONDS", "0"}}), "a.csv").error().code,
            "INVALID_CONFIG");
}

}  // namespace jetway::app

namespace jetway::app {
namespace {

TEST(Config, ListenerUrlSaysTheSchemeTheListenerSpeaks) {
  EXPECT_EQ(ListenerUrl("127.0.0.1", 8081, false), "http://127.0.0.1:8081");
  EXPECT_EQ(ListenerUrl("10.0.0.5", 8081, true), "https://10.0.0.5:8081");
  EXPECT_EQ(ListenerUrl("::1", 443, true), "https://[::1]:443");
}

}  // namespace
}  // namespace jetway::app
