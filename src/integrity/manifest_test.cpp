#include "integrity/manifest.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jetway::integrity {
namespace {

const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

Manifest Sample() { return Manifest{"0.4.0", "2026-12-03T03:10:00Z", {{"bin/jetway", kHashA}, {"web/a b.css", kHashB}}}; }

TEST(ManifestTest, BodyListsEveryFileByNameAfterItsHash) {
  EXPECT_EQ(ManifestBody(Sample()), "jetway-manifest 1\nversion 0.4.0\nmade 2026-12-03T03:10:00Z\n" + kHashA +
                                        "  bin/jetway\n" + kHashB + "  web/a b.css\n");
}

TEST(ManifestTest, ParsesWhatItWritesAndKeepsTheSignedBytes) {
  const auto body = ManifestBody(Sample());
  const auto parsed = ParseManifest(body + "signature c2ln\n");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->body, body);
  EXPECT_EQ(parsed->signature, "c2ln");
  EXPECT_EQ(parsed->manifest.version, "0.4.0");
  EXPECT_EQ(parsed->manifest.made, "2026-12-03T03:10:00Z");
  EXPECT_EQ(parsed->manifest.files, Sample().files);
}

void ExpectInvalid(const std::string& text, const std::string& message) {
  const auto parsed = ParseManifest(text);
  ASSERT_FALSE(parsed) << text;
  EXPECT_EQ(parsed.error().code, "MANIFEST_INVALID");
  EXPECT_EQ(parsed.error().message, message);
}

TEST(ManifestTest, RefusesAnythingButAWellFormedSignedManifest) {
  const std::string head = "jetway-manifest 1\nversion 1\nmade x\n";
  ExpectInvalid("", "line 0: no signature line: the manifest is not signed");
  ExpectInvalid("something else\n", "line 1: not a jetway manifest (expected \"jetway-manifest 1\")");
  ExpectInvalid(head + kHashA + "  bin/jetway\n", "line 4: no signature line: the manifest is not signed");
  ExpectInvalid(head + "signature x", "line 4: the last line has no newline");
  ExpectInvalid(head + "signature x\nmore\n", "line 5: text after the signature");
  ExpectInvalid("jetway-manifest 1\nsignature x\n", "line 2: the version or made line is missing");
  ExpectInvalid(head + kHashA + " bin/jetway\nsignature x\n", "line 4: expected \"<sha-256 in hex>  <name>\"");
  ExpectInvalid(head + std::string(64, 'A') + "  bin/jetway\nsignature x\n",
                "line 4: expected \"<sha-256 in hex>  <name>\"");
  ExpectInvalid(head + kHashA + "  bin/jetway\n" + kHashB + "  bin/jetway\nsignature x\n",
                "line 5: bin/jetway is listed twice");
  ExpectInvalid(head + kHashA + "  web/b\n" + kHashB + "  web/a\nsignature x\n",
                "line 5: web/a is out of order (names are sorted)");
}

TEST(ManifestTest, NamesAreRelativePathsThatStayInsideTheInstall) {
  const std::string head = "jetway-manifest 1\nversion 1\nmade x\n";
  for (const char* name : {"/etc/passwd", "web/../../etc/passwd", "web/./a", "web//a", "web/", "..", "a\\b", "a\tb"})
    ExpectInvalid(head + kHashA + "  " + name + "\nsignature x\n",
                  "line 4: a name must be a relative path without . or .. parts");
}

TEST(ManifestTest, ComparingNamesEveryChangedMissingAndExtraFile) {
  const FileHashes expected{{"bin/jetway", kHashA}, {"web/a.css", kHashA}, {"web/b.js", kHashA}};
  const FileHashes found{{"bin/jetway", kHashA}, {"web/a.css", kHashB}, {"web/shell.php", kHashA}};
  const auto diff = Compare(expected, found);
  EXPECT_EQ(diff.changed, std::vector<std::string>{"web/a.css"});
  EXPECT_EQ(diff.missing, std::vector<std::string>{"web/b.js"});
  EXPECT_EQ(diff.extra, std::vector<std::string>{"web/shell.php"});
  EXPECT_EQ(diff.count(), 3u);
  EXPECT_FALSE(diff.clean());
  EXPECT_TRUE(Compare(expected, expected).clean());
}

}  // namespace
}  // namespace jetway::integrity
