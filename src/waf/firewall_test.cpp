#include "waf/firewall.hpp"

#include <gtest/gtest.h>

#include "build_paths.hpp"
#include "log/log.hpp"
#include "waf/screen.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace jetway::waf {
namespace {

Settings At(Mode mode, int paranoia_level = 1) {
  return {mode, paranoia_level, JETWAY_SOURCE_DIR "/web/waf", "/usr/share/modsecurity-crs"};
}

http::Request Get(std::string path, std::string query_string = {}) {
  http::Request request;
  request.method = "GET";
  request.path = std::move(path);
  request.query_string = std::move(query_string);
  request.remote = "192.0.2.10";
  request.headers = {{"Host", "book.example.com"},
                     {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"},
                     {"Accept", "application/json"}};
  return request;
}

http::Request PostJson(std::string path, std::string body) {
  auto request = Get(std::move(path));
  request.method = "POST";
  request.headers["Content-Type"] = "application/json";
  request.body = std::move(body);
  return request;
}

bool Matched(const Verdict& verdict, int first, int last) {
  return std::any_of(verdict.rule_ids.begin(), verdict.rule_ids.end(),
                     [&](int id) { return id >= first && id <= last; });
}

class FirewallTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = Firewall::Load(At(Mode::kBlocking));
    ASSERT_TRUE(loaded) << loaded.error().message;
    blocking_ = loaded->release();
  }
  static void TearDownTestSuite() { delete blocking_; }
  static Firewall* blocking_;
};
Firewall* FirewallTest::blocking_ = nullptr;

TEST(WafMode, ParsesTheThreeModes) {
  EXPECT_EQ(ParseMode("blocking"), Mode::kBlocking);
  EXPECT_EQ(ParseMode("detection"), Mode::kDetection);
  EXPECT_EQ(ParseMode("off"), Mode::kOff);
  EXPECT_EQ(ParseMode("on"), std::nullopt);
  EXPECT_EQ(ModeName(Mode::kDetection), "detection");
}

TEST_F(FirewallTest, AnOrdinarySearchPasses) {
  const auto verdict = blocking_->Inspect(Get("/api/v1/availability", "origin=CPH&destination=HAM&date=2027-01-15"));
  EXPECT_FALSE(verdict.attack);
  EXPECT_FALSE(verdict.blocked);
  EXPECT_EQ(verdict.score, 0);
}

TEST_F(FirewallTest, SqlInjectionInTheQueryIsBlocked) {
  const auto verdict = blocking_->Inspect(Get("/api/v1/bookings/ABC123", "last_name=x%27%20OR%201%3D1--"));
  EXPECT_TRUE(verdict.attack);
  EXPECT_TRUE(verdict.blocked);
  EXPECT_GE(verdict.score, 5);
  EXPECT_TRUE(Matched(verdict, 942000, 942999));  // REQUEST-942-APPLICATION-ATTACK-SQLI
  EXPECT_NE(std::find(verdict.rule_ids.begin(), verdict.rule_ids.end(), 949110), verdict.rule_ids.end());
}

TEST_F(FirewallTest, ScriptInAJsonValueIsBlocked) {
  const auto verdict = blocking_->Inspect(
      PostJson("/api/v1/bookings/ABC123/passengers", R"({"passengers":[{"last_name":"<script>alert(1)</script>"}]})"));
  EXPECT_TRUE(verdict.blocked);
  EXPECT_TRUE(Matched(verdict, 941000, 941999));  // REQUEST-941-APPLICATION-ATTACK-XSS
}

TEST_F(FirewallTest, PathTraversalRemoteFilesCommandsAndScannersAreBlocked) {
  EXPECT_TRUE(Matched(blocking_->Inspect(Get("/static/x", "file=../../../../etc/passwd")), 930000, 930999));
  EXPECT_TRUE(Matched(blocking_->Inspect(Get("/", "page=http://203.0.113.9/shell.txt?")), 931000, 931999));
  EXPECT_TRUE(Matched(blocking_->Inspect(Get("/", "q=%3Bcat%20/etc/passwd")), 932000, 932999));
  auto scanner = Get("/");
  scanner.headers["User-Agent"] = "sqlmap/1.7.2#stable (https://sqlmap.org)";
  const auto verdict = blocking_->Inspect(scanner);
  EXPECT_TRUE(verdict.blocked);
  EXPECT_TRUE(Matched(verdict, 913000, 913999));  // REQUEST-913-SCANNER-DETECTION
}

TEST_F(FirewallTest, ARepeatedCleanRequestPassesOnItsRememberedVerdictAndAnAttackIsAlwaysInspected) {
  const auto search = Get("/api/v1/availability", "origin=CPH&destination=RIX&date=2027-02-01");
  const auto before = blocking_->cached_verdicts();
  EXPECT_FALSE(blocking_->Inspect(search).attack);
  EXPECT_FALSE(blocking_->Inspect(search).attack);
  EXPECT_EQ(blocking_->cached_verdicts(), before + 1);
  auto elsewhere = search;  // the same request from another client is another request
  elsewhere.remote = "198.51.100.7";
  EXPECT_FALSE(blocking_->Inspect(elsewhere).attack);
  EXPECT_EQ(blocking_->cached_verdicts(), before + 1);

  const auto attack = Get("/api/v1/availability", "origin=CPH&destination=RIX&date=2027-02-01%27%20OR%201%3D1--");
  EXPECT_TRUE(blocking_->Inspect(attack).blocked);
  EXPECT_TRUE(blocking_->Inspect(attack).blocked);  // never remembered
  EXPECT_FALSE(blocking_->Inspect(search).attack);  // and it made the firewall forget: inspected again
  EXPECT_EQ(blocking_->cached_verdicts(), before + 1);
  auto smuggled = search;  // what differs only in a header is inspected on its own
  smuggled.headers["User-Agent"] = "sqlmap/1.7.2#stable (https://sqlmap.org)";
  EXPECT_TRUE(blocking_->Inspect(smuggled).blocked);
}

TEST_F(FirewallTest, RulesBelowTheThresholdAreLoggedWhenTheyRunNotForEachRepeatOfTheRequest) {
  auto numeric_host = Get("/api/v1/availability", "origin=CPH&destination=AAL&date=2027-02-03");
  numeric_host.headers["Host"] = "192.0.2.80";  // 920350, a warning that scores nothing here
  std::ostringstream out;
  log::Logger logger(out);
  const auto screen = MakeScreen(*blocking_, logger);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(screen(numeric_host).has_value());
  const auto text = out.str();
  const auto first = text.find("\"msg\":\"firewall rules matched\"");
  ASSERT_NE(first, std::string::npos) << text;
  EXPECT_NE(text.find("920350", first), std::string::npos) << text;
  EXPECT_EQ(text.find("\"msg\":\"firewall rules matched\"", first + 1), std::string::npos) << text;

  auto uncached_settings = At(Mode::kBlocking);
  uncached_settings.verdict_cache_entries = 0;
  auto uncached = Firewall::Load(uncached_settings);
  ASSERT_TRUE(uncached) << uncached.error().message;
  std::ostringstream every;
  log::Logger every_logger(every);
  const auto inspecting = MakeScreen(**uncached, every_logger);
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(inspecting(numeric_host).has_value());
  const auto all = every.str();
  EXPECT_NE(all.find("firewall rules matched", all.find("firewall rules matched") + 1), std::string::npos)
      << "inspected twice, logged twice: " << all;
}

TEST(FirewallModes, DetectionOnlyFindsTheAttackButDoesNotBlock) {
  auto detection = Firewall::Load(At(Mode::kDetection));
  ASSERT_TRUE(detection) << detection.error().message;
  const auto verdict = (*detection)->Inspect(Get("/api/v1/bookings/ABC123", "last_name=x%27%20OR%201%3D1--"));
  EXPECT_TRUE(verdict.attack);
  EXPECT_FALSE(verdict.blocked);
}

TEST(FirewallModes, AHigherParanoiaLevelCatchesMore) {
  // A link to another site in a parameter: at level 1 ordinary (a referrer, a return address), at level 2 the CRS's
  // off-domain reference rule (931130) counts it as a remote file inclusion.
  const auto request = Get("/", "next=https%3A%2F%2Fevil.example%2Fx");
  auto level1 = Firewall::Load(At(Mode::kBlocking, 1));
  auto level2 = Firewall::Load(At(Mode::kBlocking, 2));
  ASSERT_TRUE(level1 && level2);
  EXPECT_FALSE((*level1)->Inspect(request).attack);
  const auto verdict = (*level2)->Inspect(request);
  EXPECT_TRUE(verdict.blocked);
  EXPECT_NE(std::find(verdict.rule_ids.begin(), verdict.rule_ids.end(), 931130), verdict.rule_ids.end());
}

TEST(FirewallModes, MissingRulesStopTheLoadAndSaySo) {
  auto settings = At(Mode::kBlocking);
  settings.rules_dir = "/nonexistent/waf";
  auto loaded = Firewall::Load(settings);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, "INVALID_WAF_RULES");
  EXPECT_NE(loaded.error().message.find("/nonexistent/waf"), std::string::npos) << loaded.error().message;
}

TEST(FirewallModes, TheMainConfigurationSetsModeAndParanoiaLevelBeforeTheCrs) {
  const auto text = MainConfiguration(At(Mode::kDetection, 3));
  EXPECT_EQ(text.find("SecRuleEngine DetectionOnly\n"), 0u);
  const auto paranoia = text.find("setvar:tx.paranoia_level=3");
  const auto crs = text.find("Include /usr/share/modsecurity-crs/rules/REQUEST-901-INITIALIZATION.conf\n");
  ASSERT_NE(paranoia, std::string::npos);
  ASSERT_NE(crs, std::string::npos);
  EXPECT_LT(paranoia, crs);
  EXPECT_EQ(MainConfiguration(At(Mode::kBlocking)).find("SecRuleEngine On\n"), 0u);
}

TEST(FirewallModes, EveryCrsFileIsLoadedInOrderButTheOnesThatCannotMatchHere) {
  const std::filesystem::path rules = "/usr/share/modsecurity-crs/rules";
  const auto text = MainConfiguration(At(Mode::kBlocking));
  const auto not_loaded = CrsFilesNotLoaded();
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(rules))
    if (entry.path().extension() == ".conf") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& name : not_loaded)  // a CRS that renamed one would load it again: say so
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name << " is no longer in the CRS";
  std::size_t last = 0;
  int loaded = 0;
  for (const auto& name : names) {
    const auto at = text.find("Include " + (rules / name).string() + "\n");
    if (std::find(not_loaded.begin(), not_loaded.end(), name) != not_loaded.end()) {
      EXPECT_EQ(at, std::string::npos) << name;
      continue;
    }
    ASSERT_NE(at, std::string::npos) << name;
    EXPECT_GT(at, last) << name << " out of order";
    last = at;
    ++loaded;
  }
  EXPECT_GE(loaded, 20);  // 911-944, the scoring and the response files
  EXPECT_EQ(text.find("*.conf"), std::string::npos);
}

TEST(FirewallModes, JetwaysSettingsNeverEnableWhatIsLeftOut) {
  // What the files left out read: an application's exclusion package, the DoS and reputation settings, the
  // per-address collection (opened by rule 901321, which jetway removes).
  std::string settings;
  for (const auto& entry : std::filesystem::directory_iterator(JETWAY_SOURCE_DIR "/web/waf")) {
    std::ifstream in(entry.path());
    settings += std::string(std::istreambuf_iterator<char>(in), {});
  }
  for (const char* variable : {"crs_exclusions_", "dos_burst_time_slice", "dos_counter_threshold", "dos_block_timeout",
                               "high_risk_country_codes", "block_search_ip", "block_suspicious_ip",
                               "block_harvester_ip", "block_spammer_ip", "SecHttpBlKey", "initcol:ip"})
    EXPECT_EQ(settings.find(variable), std::string::npos) << variable;
  EXPECT_NE(settings.find("SecRuleRemoveById 901321"), std::string::npos);
}

TEST(FirewallModes, MissingCrsRulesStopTheLoadAndSaySo) {
  auto settings = At(Mode::kBlocking);
  settings.crs_dir = "/nonexistent/crs";
  auto loaded = Firewall::Load(settings);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, "INVALID_WAF_RULES");
  EXPECT_NE(loaded.error().message.find("/nonexistent/crs"), std::string::npos) << loaded.error().message;
}

// The CRS's Apache exception (905110) turned the whole rule engine off for this request; jetway does not load it.
TEST_F(FirewallTest, ApachesLocalDummyConnectionIsInspectedLikeAnyOther) {
  auto request = Get("/");
  request.remote = "127.0.0.1";
  request.headers["User-Agent"] = "Apache/2.4.57 (Debian) (internal dummy connection)";
  request.headers["Referer"] = "http://book.example.com/?id=1' UNION SELECT password FROM staff_users--";
  const auto verdict = blocking_->Inspect(request);
  EXPECT_TRUE(verdict.blocked);
  EXPECT_TRUE(Matched(verdict, 942000, 942999));
}

}  // namespace
}  // namespace jetway::waf
