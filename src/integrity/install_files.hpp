// What a jetway install runs from, hashed under the names the manifest uses: the binary as "bin/<its name>", the web
// directory's every file as "web/...", the airports and common-passwords files as "data/<their names>", and, when
// the firewall is on, the Core Rule Set's rules as "crs/rules/...". A symbolic link is hashed as its target's text
// (not followed: a link that starts pointing elsewhere is a change); a file that cannot be read gets a hash no file
// has, so it shows as changed.
#pragma once

#include <filesystem>

#include "integrity/manifest.hpp"

namespace jetway::integrity {

struct InstallLayout {
  std::filesystem::path binary;
  std::filesystem::path web_dir;
  std::filesystem::path airports_csv;
  std::filesystem::path common_passwords;
  std::filesystem::path crs_rules;  // empty: the firewall is off, its rules are not part of the install
};

FileHashes HashInstall(const InstallLayout& layout);

// The SHA-256 of a file's bytes in lowercase hex; "unreadable:<why>" when it cannot be read.
std::string HashFile(const std::filesystem::path& file);

}  // namespace jetway::integrity
