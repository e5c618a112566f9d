#include "identity/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "build_paths.hpp"

namespace jetway::identity {
namespace {

const CommonPasswords& TestList() {
  static const CommonPasswords list(
      "# a comment line, ignored\n"
      "123456\n"
      "password\n"
      "password1234\n"
      "\n"
      "  monkey  \r\n"
      "Dragon\r\n"
      "qwerty\n"
      "iloveyou");
  return list;
}

const PasswordContext kContext{"annika.berg@example.com", {"Jetway", "Nordic Sky Airlines"}};

std::string CodeOf(std::string_view password, const PasswordContext& context = kContext) {
  auto checked = CheckPassword(password, TestList(), context);
  if (checked) return "OK";
  EXPECT_EQ(checked.error().field, "password") << password;
  EXPECT_EQ(checked.error().kind, core::ErrorKind::kInvalid) << password;
  EXPECT_FALSE(checked.error().message.empty()) << password;
  return checked.error().code;
}

TEST(CommonPasswords, ReadsOnePerLineSkippingCommentsAndBlanks) {
  EXPECT_EQ(TestList().size(), 7u);
  EXPECT_TRUE(TestList().Contains("123456"));
  EXPECT_TRUE(TestList().Contains("monkey"));    // surrounding spaces and \r are not part of the password
  EXPECT_TRUE(TestList().Contains("iloveyou"));  // the last line needs no newline
  EXPECT_FALSE(TestList().Contains("# a comment line, ignored"));
  EXPECT_FALSE(TestList().Contains(""));
  EXPECT_FALSE(TestList().Contains("monkey "));
  EXPECT_FALSE(TestList().Contains("12345"));
}

TEST(CommonPasswords, LooksUpIgnoringCase) {
  EXPECT_TRUE(TestList().Contains("PASSWORD"));
  EXPECT_TRUE(TestList().Contains("PassWord1234"));
  EXPECT_TRUE(TestList().Contains("dragon"));  // listed as "Dragon"
  EXPECT_TRUE(TestList().Contains("DRAGON"));
}

TEST(CommonPasswords, DuplicatesAndAnEmptyTextAreFine) {
  EXPECT_EQ(CommonPasswords("abc\nABC\nabc\n").size(), 1u);
  EXPECT_EQ(CommonPasswords("").size(), 0u);
  EXPECT_EQ(CommonPasswords("# only\n#comments\n\n").size(), 0u);
  EXPECT_FALSE(CommonPasswords().Contains("password"));
}

TEST(Password, AcceptsLongPasswordsWithoutCompositionRules) {
  EXPECT_EQ(CodeOf("correct horse battery staple"), "OK");
  EXPECT_EQ(CodeOf("lighthousecarpetbanjo"), "OK");  // lower-case letters only
  EXPECT_EQ(CodeOf("938271640593"), "OK");           // digits only
  EXPECT_EQ(CodeOf("Tr0ub4dor&3xyz"), "OK");
  EXPECT_EQ(CodeOf("monkeybusiness"), "OK");  // a common word inside a longer one is fine
}

TEST(Password, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodeOf("abcdefghijk"), "PASSWORD_TOO_SHORT");
  EXPECT_EQ(CodeOf("ábčďéfǵhíjk"), "PASSWORD_TOO_SHORT");                       // 11 characters in 21 bytes
  EXPECT_EQ(CodeOf("žluťoučkýkůň"), "OK");                                      // 12 characters
  EXPECT_EQ(CodeOf("🦊🐻🦉🐝🌲🍄🦔🐿🌰🍁🌧🏔"), "OK");  // 12 characters of 4 bytes
  EXPECT_EQ(CodeOf("🦊🐻🦉🐝🌲🍄🦔🐿🌰🍁🌧"), "PASSWORD_TOO_SHORT");
  EXPECT_EQ(CodeOf(""), "PASSWORD_TOO_SHORT");
  EXPECT_EQ(CodeOf("short pass!"), "PASSWORD_TOO_SHORT");
  EXPECT_EQ(CodeOf("short pass!!"), "OK");
}

TEST(Password, RefusesMoreThan256CodePoints) {
  std::string longest;
  while (longest.size() < 256) longest += "river stone ";
  longest.resize(256);
  EXPECT_EQ(CodeOf(longest), "OK");
  EXPECT_EQ(CodeOf(longest + "x"), "PASSWORD_TOO_LONG");
  std::string wide;  // 256 characters but 512 bytes
  for (int i = 0; i < 128; ++i) wide += i % 2 == 0 ? "ő" : "ű";
  for (int i = 0; i < 128; ++i) wide += i % 3 == 0 ? "ä" : "ø";
  EXPECT_EQ(CodeOf(wide), "OK");
  EXPECT_EQ(CodeOf(wide + "é"), "PASSWORD_TOO_LONG");
}

TEST(Password, RefusesInvalidUtf8) {
  const std::string tail = "long enough words";
  for (std::string bad : {"\xff", "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "\xf8\x88\x80\x80\x80", "\xe2\x82", "\xc3"}) {
    EXPECT_EQ(CodeOf(tail + bad), "PASSWORD_INVALID_UTF8");
    EXPECT_EQ(CodeOf(bad + tail), "PASSWORD_INVALID_UTF8");
  }
  EXPECT_EQ(CodeOf(tail + "\xf4\x8f\xbf\xbf"), "OK");  // U+10FFFF, the last code point
}

TEST(Password, RefusesCommonPasswordsIgnoringCase) {
  EXPECT_EQ(CodeOf("password1234"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("PASSWORD1234"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("PassWord1234"), "PASSWORD_TOO_COMMON");
}

TEST(Password, RefusesCommonPasswordsDressedUp) {
  EXPECT_EQ(CodeOf("Monkey2024!!!"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("123456monkey"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("!!iloveyou!!"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("password!!!!"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("monkeymonkey"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("DragonDragonDragon"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("dragondragon99"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("qwerty1qwerty1"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("123456123456"), "PASSWORD_TOO_COMMON");
  EXPECT_EQ(CodeOf("monkey wrench"), "OK");
  EXPECT_EQ(CodeOf("2024monkeys!!"), "OK");
}

TEST(Password, RefusesOneCharacterOrAShortPieceRepeated) {
  EXPECT_EQ(CodeOf("aaaaaaaaaaaa"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("ZZZZZZZZZZZZZZZZ"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("............"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("éééééééééééé"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("abababababab"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("xY7xY7xY7xY7"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("aaaaaaaaaaab"), "OK");
  EXPECT_EQ(CodeOf("wxyzwxyzwxyz"), "OK");  // a piece of four is left to the other rules
}

TEST(Password, RefusesPlainSequencesBothWays) {
  EXPECT_EQ(CodeOf("123456789012"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("345678901234567"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("987654321098"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("abcdefghijkl"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("cdefghijklmnop"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("ONMLKJIHGFED"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("uvwxyzabcdef"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("αβγδεζηθικλμ"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("abcdefghijkm"), "OK");
  EXPECT_EQ(CodeOf("abcdef123456"), "OK");  // two runs: weak, but not one plain sequence
  EXPECT_EQ(CodeOf("13579135791357"), "OK");
}

TEST(Password, RefusesRunsAlongTheKeyboard) {
  EXPECT_EQ(CodeOf("qwertyuiopas"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("QWERTZUIOPAS"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("azertyuiopqsd"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("asdfghjklzxcv"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("lkjhgfdsapoiu"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("1qaz2wsx3edc"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("zaq1xsw2cde3"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("1q2w3e4r5t6y"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("!@#$%^&*()_+"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("7890qwertyui"), "PASSWORD_TOO_PREDICTABLE");
  EXPECT_EQ(CodeOf("qwertyuiopzx"), "OK");
}

TEST(Password, RefusesTheEmailNameAndContextWords) {
  EXPECT_EQ(CodeOf("my annika.berg secret"), "PASSWORD_CONTAINS_NAME");
  EXPECT_EQ(CodeOf("ANNIKA likes tea"), "PASSWORD_CONTAINS_NAME");
  EXPECT_EQ(CodeOf("bergamot and lime"), "PASSWORD_CONTAINS_NAME");  // "berg" is part of the e-mail name
  EXPECT_EQ(CodeOf("example sky lanterns"), "OK");                   // the domain is not the person's name
  EXPECT_EQ(CodeOf("I fly JetWay daily"), "PASSWORD_CONTAINS_NAME");
  EXPECT_EQ(CodeOf("nordicskyairlines"), "PASSWORD_CONTAINS_NAME");
  EXPECT_EQ(CodeOf("best airlines ever"), "PASSWORD_CONTAINS_NAME");
  EXPECT_EQ(CodeOf("blue sky over the sea"), "OK");  // "sky" alone is too short to count
}

TEST(Password, ShortEmailNamesDoNotCount) {
  const PasswordContext ann{"ann@example.com", {}};
  EXPECT_EQ(CodeOf("annual report cards", ann), "OK");
  const PasswordContext anna{"Anna@example.com", {}};
  EXPECT_EQ(CodeOf("annual report cards", anna), "OK");
  EXPECT_EQ(CodeOf("hosanna in the highest", anna), "PASSWORD_CONTAINS_NAME");
  const PasswordContext bo{"bo.li@example.com", {}};
  EXPECT_EQ(CodeOf("bobby lives here", bo), "OK");
  EXPECT_EQ(CodeOf("call me bo.li twice", bo), "PASSWORD_CONTAINS_NAME");
  const PasswordContext none{"", {}};
  EXPECT_EQ(CodeOf("I fly JetWay daily", none), "OK");
  const PasswordContext odd{"x@y@annika@example.com", {}};  // the domain follows the last '@'
  EXPECT_EQ(CodeOf("x@y@annika rules", odd), "PASSWORD_CONTAINS_NAME");
}

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  const auto hash = HashPassword("correct horse battery staple", HashCost::ForTests());
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=8,t=1,p=1$")) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword(hash, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
}

TEST(PasswordHash, HashesEveryByteOfThePassword) {
  const std::string with_nul("abc\0def", 7);
  const auto hash = HashPassword(with_nul, HashCost::ForTests());
  EXPECT_TRUE(VerifyPassword(hash, with_nul));
  EXPECT_FALSE(VerifyPassword(hash, "abc"));
  const auto unicode = HashPassword("žluťoučký kůň", HashCost::ForTests());
  EXPECT_TRUE(VerifyPassword(unicode, "žluťoučký kůň"));
  EXPECT_FALSE(VerifyPassword(unicode, "zlutoucky kun"));
}

TEST(PasswordHash, SaltsEveryHash) {
  std::set<std::string> hashes;
  for (int i = 0; i < 5; ++i) hashes.insert(HashPassword("same password", HashCost::ForTests()));
  EXPECT_EQ(hashes.size(), 5u);
  for (const auto& hash : hashes) EXPECT_TRUE(VerifyPassword(hash, "same password"));
}

TEST(PasswordHash, RefusesWhatIsNotAHash) {
  const auto hash = HashPassword("secret words", HashCost::ForTests());
  EXPECT_FALSE(VerifyPassword("", "secret words"));
  EXPECT_FALSE(VerifyPassword("secret words", "secret words"));
  EXPECT_FALSE(VerifyPassword(hash.substr(0, hash.size() - 4), "secret words"));
  EXPECT_FALSE(VerifyPassword(hash + std::string(1, '\0') + "x", "secret words"));
  EXPECT_FALSE(VerifyPassword(hash + std::string(200, 'A'), "secret words"));
  auto tampered = hash;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(tampered, "secret words"));
}

// The part of a hash before its salt: algorithm, version and parameters.
std::string ParametersOf(const std::string& hash) {
  auto at = hash.find('$', 1);
  for (int i = 0; i < 2 && at != std::string::npos; ++i) at = hash.find('$', at + 1);
  return hash.substr(0, at);
}

TEST(PasswordHash, ADecoyHasTheCostsParametersAndNoPasswordMatchesIt) {
  const auto cost = HashCost::ForTests();
  const auto decoy = DecoyHash(cost);
  const auto real = HashPassword("secret words", cost);
  // libsodium parses all of it (needs_rehash decodes salt and digest too) and finds the cost's own parameters, so
  // checking a password against it runs the same Argon2id as against a real hash.
  EXPECT_FALSE(NeedsRehash(decoy, cost)) << decoy;
  EXPECT_TRUE(NeedsRehash(decoy, HashCost{}));
  EXPECT_EQ(ParametersOf(decoy), ParametersOf(real));
  EXPECT_EQ(decoy.size(), real.size());
  EXPECT_FALSE(VerifyPassword(decoy, ""));
  EXPECT_FALSE(VerifyPassword(decoy, "secret words"));
  EXPECT_NE(DecoyHash(cost), decoy);  // salted at random like any hash
  EXPECT_EQ(ParametersOf(DecoyHash(HashCost{})), "$argon2id$v=19$m=65536,t=3,p=1");
}

TEST(PasswordHash, NeedsRehashWhenTheCostOrAlgorithmDiffers) {
  const auto cheap = HashPassword("secret words", HashCost::ForTests());
  EXPECT_FALSE(NeedsRehash(cheap, HashCost::ForTests()));
  EXPECT_TRUE(NeedsRehash(cheap, HashCost{}));
  EXPECT_TRUE(NeedsRehash(cheap, HashCost{2, HashCost::ForTests().mem_bytes}));
  EXPECT_TRUE(NeedsRehash(cheap, HashCost{HashCost::ForTests().ops, 16 * 1024}));
  EXPECT_TRUE(NeedsRehash("", HashCost::ForTests()));
  EXPECT_TRUE(NeedsRehash("not a hash", HashCost::ForTests()));
  // An Argon2i hash still verifies, but is replaced by Argon2id at the next sign-in.
  ASSERT_GE(sodium_init(), 0);
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(
      crypto_pwhash_str_alg(argon2i, "secret words", 12, 3, crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
      0);
  EXPECT_TRUE(VerifyPassword(argon2i, "secret words"));
  EXPECT_TRUE(NeedsRehash(argon2i, HashCost{3, crypto_pwhash_MEMLIMIT_MIN}));
}

TEST(PasswordHash, CostsAreWithinLibsodiumsLimits) {
  EXPECT_EQ(HashCost::ForTests().ops, 1u);
  EXPECT_EQ(HashCost::ForTests().mem_bytes, 8192u);
  const HashCost standard;
  EXPECT_GE(standard.mem_bytes, std::size_t{19} << 20);  // OWASP's minimum for Argon2id
  EXPECT_GE(standard.ops, 2u);
  EXPECT_FALSE(standard.BelowOwaspMinimum());
  EXPECT_TRUE((HashCost{2, (std::size_t{19} << 20) - 1024}).BelowOwaspMinimum());
  EXPECT_TRUE((HashCost{1, std::size_t{64} << 20}).BelowOwaspMinimum());
  EXPECT_FALSE((HashCost{2, std::size_t{19} << 20}).BelowOwaspMinimum());
  EXPECT_EQ(standard.mem_bytes % 1024, 0u);  // Argon2 counts memory in KiB
  EXPECT_THROW(HashPassword("x", HashCost{0, 8192}), std::invalid_argument);
  EXPECT_THROW(HashPassword("x", HashCost{1, 1024}), std::invalid_argument);
}

// The shipped list, when the build says where it is (it is data, so a missing file must not fail other tests).
TEST(CommonPasswordsFile, LoadsAndCatchesTheUsualSuspects) {
#ifndef JETWAY_COMMON_PASSWORDS_FILE
  GTEST_SKIP() << "JETWAY_COMMON_PASSWORDS_FILE not defined";
#else
  std::ifstream file(JETWAY_COMMON_PASSWORDS_FILE);
  ASSERT_TRUE(file) << JETWAY_COMMON_PASSWORDS_FILE;
  std::stringstream text;
  text << file.rdbuf();
  const CommonPasswords list(text.str());
  EXPECT_GE(list.size(), 300u);
  for (std::string_view common : {"123456", "password", "qwerty", "iloveyou", "password1234", "123456789012",
                                  "passwordpassword", "administrator", "welcome123456", "qwertyuiopasdf"})
    EXPECT_TRUE(list.Contains(common)) << common;
  EXPECT_TRUE(list.Contains("Correct Horse Battery Staple"));  // famous, so no longer safe
  EXPECT_FALSE(list.Contains("lighthouse carpet banjo"));
  const PasswordContext context{"annika.berg@example.com", {"Jetway"}};
  for (std::string_view refused : {"Password1234", "Welcome123456", "administrator", "ILoveYou2024!", "Qwerty123456"})
    EXPECT_FALSE(CheckPassword(refused, list, context)) << refused;
  EXPECT_TRUE(CheckPassword("lighthouse carpet banjo", list, context));
#endif
}

}  // namespace
}  // namespace jetway::identity
