#include "integrity/check.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "integrity/signing.hpp"

namespace jetway::integrity {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("jetway-integrity-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    Write(root_ / "bin/jetway", "ELF...");
    Write(root_ / "web/static/app.css", "body{}");
    Write(root_ / "web/templates/base.mustache", "<html>");
    Write(root_ / "data/airports.csv", "CPH,...");
    Write(root_ / "data/common-passwords.txt", "password");
    Write(root_ / "crs/rules/REQUEST-942.conf", "SecRule ...");
    fs::create_symlink("app.css", root_ / "web/static/latest.css");
    layout_ = {root_ / "bin/jetway", root_ / "web", root_ / "data/airports.csv", root_ / "data/common-passwords.txt",
               root_ / "crs/rules"};
    keys_ = GenerateKeyPair();
    Write(root_ / "keys/public", keys_.public_key);
    Sign();
  }
  void TearDown() override { fs::remove_all(root_); }

  void Sign() {
    const auto body = ManifestBody({"0.4.0", "2026-12-03T03:10:00Z", HashInstall(layout_)});
    Write(root_ / "manifest", body + "signature " + *integrity::Sign(keys_.private_key, body) + "\n");
  }
  InstallCheck Check() { return CheckInstall(root_ / "manifest", root_ / "keys/public", layout_, core::Instant{}); }

  fs::path root_;
  InstallLayout layout_;
  KeyPair keys_;
};

TEST_F(CheckTest, HashesEveryFileUnderTheNamesTheManifestUses) {
  const auto files = HashInstall(layout_);
  std::vector<std::string> names;
  for (const auto& [name, hash] : files) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"bin/jetway", "crs/rules/REQUEST-942.conf", "data/airports.csv",
                                             "data/common-passwords.txt", "web/static/app.css",
                                             "web/static/latest.css", "web/templates/base.mustache"}));
  // sha256("body{}"), as sha256sum prints it
  EXPECT_EQ(files.at("web/static/app.css"), "7c98040a541657584690ae2a1cc3b42a8b53b159cc60c5d3abbfecbaeac6c94a");
}

TEST_F(CheckTest, AnUntouchedInstallMatches) {
  const auto check = Check();
  EXPECT_TRUE(check.ok()) << Summary(check);
  EXPECT_EQ(check.files, 7u);
  EXPECT_EQ(check.manifest_version, "0.4.0");
  EXPECT_EQ(check.fingerprint, Fingerprint(keys_.public_key));
  EXPECT_EQ(Summary(check), "install matches its signed manifest (7 files)");
}

TEST_F(CheckTest, EveryChangedMissingAndExtraFileIsNamed) {
  Write(root_ / "web/templates/base.mustache", "<html><script src=//evil.example/x.js>");
  fs::remove(root_ / "crs/rules/REQUEST-942.conf");
  Write(root_ / "web/static/shell.php", "<?php system($_GET['c']);");
  fs::remove(root_ / "web/static/latest.css");
  fs::create_symlink("/etc/passwd", root_ / "web/static/latest.css");
  const auto check = Check();
  EXPECT_FALSE(check.ok());
  EXPECT_TRUE(check.error.empty());
  EXPECT_EQ(check.differences.changed,
            (std::vector<std::string>{"web/static/latest.css", "web/templates/base.mustache"}));
  EXPECT_EQ(check.differences.missing, std::vector<std::string>{"crs/rules/REQUEST-942.conf"});
  EXPECT_EQ(check.differences.extra, std::vector<std::string>{"web/static/shell.php"});
  EXPECT_EQ(Summary(check, 2),
            "4 files differ from the signed manifest: changed web/static/latest.css, web/templates/base.mustache; "
            "missing and 1 more; extra and 1 more");
}

TEST_F(CheckTest, AManifestEditedToMatchAChangeNoLongerVerifies) {
  Write(root_ / "web/static/app.css", "body{background:url(//evil.example)}");
  std::ifstream in(root_ / "manifest");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto at = text.find("  web/static/app.css");
  text.replace(at - 64, 64, HashFile(root_ / "web/static/app.css"));
  Write(root_ / "manifest", text);
  const auto check = Check();
  EXPECT_FALSE(check.ok());
  EXPECT_NE(check.error.find("the manifest's signature does not verify"), std::string::npos) << check.error;
  EXPECT_TRUE(Summary(check).starts_with("install cannot be checked: ")) << Summary(check);
}

TEST_F(CheckTest, AManifestSignedWithAnotherKeyDoesNotVerify) {
  keys_ = GenerateKeyPair();  // the attacker's: the installed public key is still the real one
  Sign();
  const auto check = Check();
  EXPECT_FALSE(check.ok());
  EXPECT_NE(check.error.find("the manifest's signature does not verify"), std::string::npos) << check.error;
}

TEST_F(CheckTest, AMissingManifestOrKeyIsAnErrorNotAMatch) {
  fs::remove(root_ / "manifest");
  EXPECT_EQ(Check().error, "cannot read the manifest " + (root_ / "manifest").string());
  fs::remove(root_ / "keys/public");
  EXPECT_EQ(Check().error, "cannot read the public key " + (root_ / "keys/public").string());
  EXPECT_FALSE(Check().ok());
}

TEST(LatestCheckTest, HoldsTheNewestCheck) {
  LatestCheck latest;
  EXPECT_FALSE(latest.Get());
  InstallCheck check;
  check.files = 3;
  latest.Set(check);
  ASSERT_TRUE(latest.Get());
  EXPECT_EQ(latest.Get()->files, 3u);
}

}  // namespace
}  // namespace jetway::integrity
