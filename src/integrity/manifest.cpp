#include "integrity/manifest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace jetway::integrity {
namespace {

constexpr std::string_view kMagic = "jetway-manifest 1";
constexpr std::string_view kSignature = "signature ";

bool IsHash(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A name as HashInstall makes it: relative, '/'-separated, no "." or ".." part, no control characters.
bool IsName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f || c == '\\'; }))
    return false;
  for (std::size_t start = 0; start <= name.size();) {
    const auto end = std::min(name.find('/', start), name.size());
    const auto part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

core::Result<SignedManifest> Invalid(std::size_t line, std::string_view what) {
  return core::Fail(core::ErrorKind::kInvalid, "MANIFEST_INVALID", fmt::format("line {}: {}", line, what));
}

}  // namespace

std::string ManifestBody(const Manifest& manifest) {
  std::string out = fmt::format("{}\nversion {}\nmade {}\n", kMagic, manifest.version, manifest.made);
  for (const auto& [name, hash] : manifest.files) out += fmt::format("{}  {}\n", hash, name);
  return out;
}

core::Result<SignedManifest> ParseManifest(std::string_view text) {
  SignedManifest out;
  std::size_t line_no = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    ++line_no;
    const auto end = text.find('\n', at);
    if (end == std::string_view::npos) return Invalid(line_no, "the last line has no newline");
    const auto line = text.substr(at, end - at);
    if (line_no == 1) {
      if (line != kMagic) return Invalid(line_no, "not a jetway manifest (expected \"jetway-manifest 1\")");
    } else if (line.starts_with("version ") && line_no == 2) {
      out.manifest.version = std::string(line.substr(8));
    } else if (line.starts_with("made ") && line_no == 3) {
      out.manifest.made = std::string(line.substr(5));
    } else if (line.starts_with(kSignature)) {
      if (end + 1 != text.size()) return Invalid(line_no + 1, "text after the signature");
      out.body = std::string(text.substr(0, at));
      out.signature = std::string(line.substr(kSignature.size()));
      if (out.manifest.version.empty() || out.manifest.made.empty())
        return Invalid(line_no, "the version or made line is missing");
      return out;
    } else {
      if (line.size() < 67 || !IsHash(line.substr(0, 64)) || line.substr(64, 2) != "  ")
        return Invalid(line_no, "expected \"<sha-256 in hex>  <name>\"");
      const auto name = line.substr(66);
      if (!IsName(name)) return Invalid(line_no, "a name must be a relative path without . or .. parts");
      // In the order ManifestBody writes, so that a manifest has one text: what verifies is what was signed.
      if (!out.manifest.files.empty() && name <= out.manifest.files.rbegin()->first)
        return Invalid(line_no, name == out.manifest.files.rbegin()->first
                                    ? fmt::format("{} is listed twice", name)
                                    : fmt::format("{} is out of order (names are sorted)", name));
      out.manifest.files.emplace_hint(out.manifest.files.end(), std::string(name), std::string(line.substr(0, 64)));
    }
    at = end + 1;
  }
  return Invalid(line_no, "no signature line: the manifest is not signed");
}

Differences Compare(const FileHashes& expected, const FileHashes& found) {
  Differences out;
  for (const auto& [name, hash] : expected) {
    const auto it = found.find(name);
    if (it == found.end()) {
      out.missing.push_back(name);
    } else if (it->second != hash) {
      out.changed.push_back(name);
    }
  }
  for (const auto& [name, hash] : found)
    if (!expected.contains(name)) out.extra.push_back(name);
  return out;
}

}  // namespace jetway::integrity
