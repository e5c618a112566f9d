// The install manifest: the SHA-256 of every file a jetway install runs from (the binary, the web pages, its data
// files and the firewall's rules), by a name relative to where the install keeps it ("bin/jetway",
// "web/templates/base.mustache"), with an Ed25519 signature over the text. Pure: making it from disk and signing it
// are in install_files.hpp and signing.hpp.
//
// The text, one line each, names last so they may hold spaces (`sha256sum -c` reads the file lines as they are):
//   jetway-manifest 1
//   version 0.4.0
//   made 2026-12-03T03:10:00Z
//   <64 hex digits>  bin/jetway
//   ...                               (sorted by name, each once)
//   signature <base64 of the 64-byte Ed25519 signature of every byte before this line>
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jetway::integrity {

using FileHashes = std::map<std::string, std::string>;  // name → SHA-256, 64 lowercase hex digits

struct Manifest {
  std::string version;  // the jetway that made it
  std::string made;     // ISO 8601 UTC
  FileHashes files;
};

// The text that is signed (ends with a newline).
std::string ManifestBody(const Manifest& manifest);

struct SignedManifest {
  Manifest manifest;
  std::string body;       // the bytes the signature covers
  std::string signature;  // base64, as written
};

// MANIFEST_INVALID (with the line number) for anything but a well-formed, signed manifest.
core::Result<SignedManifest> ParseManifest(std::string_view text);

struct Differences {
  std::vector<std::string> changed;  // in both, with another hash
  std::vector<std::string> missing;  // in the manifest, not on disk
  std::vector<std::string> extra;    // on disk, not in the manifest
  bool clean() const { return changed.empty() && missing.empty() && extra.empty(); }
  std::size_t count() const { return changed.size() + missing.size() + extra.size(); }
};

Differences Compare(const FileHashes& expected, const FileHashes& found);

}  // namespace jetway::integrity
