// The pieces under every page: templates (escaping, partials, shared data), the signer, cookies, the language
// catalogue and the site settings with their key.
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "http/http.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"
#include "web/cookies.hpp"
#include "web/locales.hpp"
#include "web/page.hpp"
#include "web/signer.hpp"
#include "web/site.hpp"
#include "web/templates.hpp"

namespace jetway::web {
namespace {

TEST(Templates, EscapesValuesAndResolvesPartialsAndSharedData) {
  auto templates = Templates::FromTexts(
      {{"page", "<p>{{name}}</p>{{> parts/greeting}}{{{raw}}}"}, {"parts/greeting", "<b>{{t.hello}} {{name}}</b>"}});
  View view;
  view["name"] = Text("<script>alert(\"x\")</script> & 'co'");
  view["raw"] = Text("<hr>");
  View shared;
  View texts;
  texts["hello"] = Text("Hej");
  shared["t"] = std::move(texts);
  shared["name"] = Text("shadowed");
  const auto html = templates.Render("page", view, &shared);
  EXPECT_EQ(html,
            "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;</p>"
            "<b>Hej &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;</b><hr>");
  EXPECT_TRUE(templates.Has("parts/greeting"));
  EXPECT_FALSE(templates.Has("missing"));
  EXPECT_THROW(templates.Render("missing", view), std::out_of_range);
}

// Dotted names: each part looked up in the one before, in the innermost view where the whole name resolves; a
// missing part renders nothing (an object too); {{.}} is the current item. The output is what kainjow's own
// context renders (checked against it).
TEST(Templates, DottedNamesWalkTheirPartsInTheInnermostViewWhereTheyResolve) {
  auto templates = Templates::FromTexts(
      {{"page", "[{{t.hello}}|{{a.b.c}}|{{a.b.missing}}|{{a.missing.c}}|{{t.}}|"
                "{{#items}}{{t.hello}}{{.}};{{/items}}|{{#a.b}}{{c}}{{/a.b}}|{{^a.none}}no{{/a.none}}]"}});
  View view;
  View c;
  c["c"] = Text("deep");
  View b;
  b["b"] = std::move(c);
  view["a"] = std::move(b);
  view["items"] = List({Text("x"), Text("y")});
  View shared;
  View texts;
  texts["hello"] = Text("Hej");
  shared["t"] = std::move(texts);
  shared["a"] = Text("not reached: the view has a");
  EXPECT_EQ(templates.Render("page", view, &shared), "[Hej|deep||||Hejx;Hejy;|deep|no]");
}

TEST(Templates, RefusesATemplateThatDoesNotParse) {
  EXPECT_THROW(Templates::FromTexts({{"broken", "{{#open}} never closed"}}), std::runtime_error);
}

TEST(Templates, LoadsTheShippedTemplates) {
  const auto templates = Templates::Load(JETWAY_SOURCE_DIR "/web/templates");
  EXPECT_TRUE(templates.Has("layout"));
}

TEST(Signer, VerifiesItsOwnTagsOnlyForTheSamePurposeAndMessage) {
  const Signer signer(NewSiteKey());
  const auto tag = signer.Sign("offer", "1234~Y~12900~EUR");
  EXPECT_EQ(tag.size(), 32u);
  EXPECT_TRUE(signer.Verify("offer", "1234~Y~12900~EUR", tag));
  EXPECT_FALSE(signer.Verify("offer", "1234~Y~12800~EUR", tag));
  EXPECT_FALSE(signer.Verify("booking", "1234~Y~12900~EUR", tag));
  EXPECT_FALSE(signer.Verify("offer", "1234~Y~12900~EUR", tag.substr(0, 31)));
  EXPECT_FALSE(Signer(NewSiteKey()).Verify("offer", "1234~Y~12900~EUR", tag));
  EXPECT_THROW(Signer("not hex"), std::invalid_argument);
  EXPECT_NE(NewToken(), NewToken());
  EXPECT_EQ(NewToken().size(), 32u);
}

// The tag is HMAC-SHA-512/256 (crypto_auth) of the purpose, a NUL and the message, cut to 128 bits: tags signed by
// an earlier build (links in e-mails, open pages) must still verify after an upgrade.
TEST(Signer, TagIsTheHmacOfPurposeNulAndMessage) {
  const std::string key_hex(64, 'a');
  std::array<unsigned char, crypto_auth_KEYBYTES> key{};
  key.fill(0xaa);
  const std::string input = std::string("offer") + '\0' + "1234~Y~12900~EUR";
  std::array<unsigned char, crypto_auth_BYTES> mac{};
  crypto_auth(mac.data(), reinterpret_cast<const unsigned char*>(input.data()), input.size(), key.data());
  std::array<char, 33> expected{};
  sodium_bin2hex(expected.data(), expected.size(), mac.data(), 16);
  const Signer signer(key_hex);
  EXPECT_EQ(signer.Sign("offer", "1234~Y~12900~EUR"), std::string(expected.data()));
  EXPECT_EQ(signer.Sign("offer", "1234~Y~12900~EUR"), signer.Sign("offer", "1234~Y~12900~EUR"));  // state not spent
  EXPECT_NE(signer.Sign("offer", ""), signer.Sign("offe", "r"));
}

TEST(Cookies, ReadsOneCookieAmongManyAndWritesSafeAttributes) {
  http::Request request;
  request.headers["Cookie"] = "a=1; jw_sid=abc123 ; jw_lang=\"da\"";
  EXPECT_EQ(CookieValue(request, "jw_sid"), "abc123");
  EXPECT_EQ(CookieValue(request, "jw_lang"), "da");
  EXPECT_EQ(CookieValue(request, "jw"), std::nullopt);
  EXPECT_EQ(SetCookieHeader("jw_sid", "abc", {}), "jw_sid=abc; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(SetCookieHeader("jw_staff", "t", {0, true, true, false}), "jw_staff=t; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(SetCookieHeader("jw_staff", "", {0, false, true, true}), "jw_staff=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  EXPECT_EQ(SetCookieHeader("jw_lang", "da", {31536000, true}),
            "jw_lang=da; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000; Secure");
  EXPECT_FALSE(IsSecureRequest(request));
  request.headers["X-Forwarded-Proto"] = "https";
  EXPECT_TRUE(IsSecureRequest(request));
}

TEST(Locales, FallsBackToEnglishAndPicksFromAcceptLanguage) {
  const auto locales = Locales::FromJson({{"en", R"({"language_name":"English","hello":"Hello","bye":"Bye"})"},
                                          {"da", R"({"language_name":"Dansk","hello":"Hej"})"}});
  const auto* da = locales.Find("da");
  ASSERT_NE(da, nullptr);
  EXPECT_EQ(locales.Text(*da, "hello"), "Hej");
  EXPECT_EQ(locales.Text(*da, "bye"), "Bye");
  EXPECT_EQ(locales.Text(*da, "unknown"), "unknown");
  EXPECT_EQ(da->name, "Dansk");
  EXPECT_EQ(locales.languages().front().code, "en");
  EXPECT_EQ(locales.FromAcceptLanguage("da-DK,da;q=0.9,en;q=0.8"), "da");
  EXPECT_EQ(locales.FromAcceptLanguage("de-DE, en;q=0.5, da;q=0.7"), "da");
  EXPECT_EQ(locales.FromAcceptLanguage("de, fr"), std::nullopt);
  EXPECT_EQ(locales.FromAcceptLanguage("da;q=0"), std::nullopt);
  EXPECT_THROW(Locales::FromJson({{"da", R"({"hello":"Hej"})"}}), std::runtime_error);
  EXPECT_THROW(Locales::FromJson({{"en", R"({"hello":1})"}}), std::runtime_error);
}

// The texts the page script shows go to the page as one JSON object, made once per language.
TEST(Locales, ScriptTextsAreOneJsonObjectPerLanguage) {
  const auto locales =
      Locales::FromJson({{"en", R"({"js_total":"Total","hello":"Hello"})"}, {"da", R"({"js_total":"I alt"})"}});
  const auto templates = Templates::FromTexts({{"body", "<body data-texts=\"{{script_texts}}\">"}});
  EXPECT_EQ(templates.Render("body", View{}, &locales.Find("da")->view),
            "<body data-texts=\"{&quot;total&quot;:&quot;I alt&quot;}\">");
}

// Every language file has its own text for every English key: a page half in English is a bug.
TEST(Locales, TheShippedLanguagesTranslateEveryKey) {
  const std::filesystem::path dir = JETWAY_SOURCE_DIR "/web/locales";
  auto read = [&](const std::string& code) {
    std::ifstream in(dir / (code + ".json"));
    return nlohmann::json::parse(in);
  };
  const auto en = read("en");
  const auto locales = Locales::Load(dir);
  ASSERT_GE(locales.languages().size(), 2u);
  for (const auto& language : locales.languages()) {
    const auto own = read(language.code);
    for (const auto& [key, text] : en.items()) EXPECT_TRUE(own.contains(key)) << language.code << " lacks " << key;
    for (const auto& [key, text] : own.items())
      EXPECT_TRUE(en.contains(key)) << language.code << " has unknown " << key;
  }
}

class SiteStore : public ::testing::Test {
 protected:
  store::TestDatabase database_{"site"};
  std::unique_ptr<store::Connection> web_ = database_.Open();
  void SetUp() override { store::Migrate(*web_, store::WebMigrations()); }
};

TEST_F(SiteStore, LoadsSettingsPerAirlineAndIgnoresMalformedColours) {
  SaveSiteSetting(*web_, "X9", "name", "Kattegat Air");
  SaveSiteSetting(*web_, "X9", "primary_color", "#123abc");
  SaveSiteSetting(*web_, "X9", "accent_color", "red;} body{display:none");
  SaveSiteSetting(*web_, "X9", "currencies", "EUR, DKK ,SEK");
  SaveSiteSetting(*web_, "A1", "name", "Alpha");
  SaveSiteSetting(*web_, "X9", "name", "Kattegat Air A/S");
  const auto sites = LoadSites(*web_);
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].airline, "A1");
  EXPECT_EQ(sites[1].name, "Kattegat Air A/S");
  EXPECT_EQ(sites[1].primary_color, "#123abc");
  EXPECT_EQ(sites[1].accent_color, SiteSettings{}.accent_color);
  EXPECT_EQ(sites[1].currencies, (std::vector<std::string>{"EUR", "DKK", "SEK"}));
  EXPECT_EQ(ThemeCss(sites[1]), ":root { --brand: #123abc; --accent: #f2a541; }\n");
}

TEST_F(SiteStore, TheSiteKeyIsMadeOnceAndKept) {
  EXPECT_EQ(LoadSiteKey(*web_), std::nullopt);
  EnsureSiteKey(*web_);
  const auto key = LoadSiteKey(*web_);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 64u);
  EnsureSiteKey(*web_);
  EXPECT_EQ(LoadSiteKey(*web_), key);
  EXPECT_NO_THROW(Signer{*key});
}

}  // namespace
}  // namespace jetway::web

TEST(UrlWith, KeepsTheRequestsParametersInOrderWithTheChangesAndWithoutItsLanguage) {
  jetway::http::Request request;
  request.path = "/search";
  request.query = {{"adults", "1"}, {"date", "2026-12-12"}, {"destination", "HAM"}, {"lang", "da"},
                   {"origin", "København & co"}};
  EXPECT_EQ(jetway::web::UrlWith(request, {{"date", "2026-12-13"}}),
            "/search?adults=1&date=2026-12-13&destination=HAM&origin=K%C3%B8benhavn%20%26%20co");
  EXPECT_EQ(jetway::web::UrlWith(request, {{"aaa", "x"}, {"return_date", "2026-12-20"}, {"zzz", "y"}}),
            "/search?aaa=x&adults=1&date=2026-12-12&destination=HAM&origin=K%C3%B8benhavn%20%26%20co"
            "&return_date=2026-12-20&zzz=y");
  EXPECT_EQ(jetway::web::UrlWith(request, {{"lang", "en"}}),
            "/search?adults=1&date=2026-12-12&destination=HAM&lang=en&origin=K%C3%B8benhavn%20%26%20co");
  request.query.clear();
  EXPECT_EQ(jetway::web::UrlWith(request, {}), "/search");
}
