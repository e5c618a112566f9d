// Static assets of the web pages (CSS, JavaScript, images), loaded once at start-up from a directory. Each gets a
// content-hashed URL (/static/site.3f9a1c2b7d4e5f60.css), so that browsers and any CDN may keep it for a year and a
// new version is a new URL, and gzip and brotli variants, compressed once, when first asked for. Read-only after
// Load apart from that once, so thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "web/compress.hpp"

namespace jetway::web {

struct CompressedVariants {
  std::string gzip;    // empty when compressing would not make it smaller (or it is not text)
  std::string brotli;  // likewise
};

struct Asset {
  std::string name;          // "site.css"
  std::string url;           // "/static/site.<hash>.css"
  std::string content_type;  // with charset for text
  std::string hash;          // 16 hex digits of the content's FNV-1a 64 (cache busting, not security)
  std::string identity;

  // Compressed on the first call, by whichever thread makes it; the others wait for that one. Not at start-up:
  // compressing every asset (the API reference's 1.9 MB of Swagger UI among them) was 57 % of a server's start-up
  // CPU, for variants most processes never serve (a test's servers, a node whose assets the CDN holds).
  const CompressedVariants& compressed() const;

  struct Lazy {
    Effort effort = Effort::kMost;
    bool text = false;
    std::once_flag once;
    CompressedVariants variants;
  };
  std::shared_ptr<Lazy> lazy = std::make_shared<Lazy>();  // shared by copies of the asset
};

class AssetStore {
 public:
  // Every regular file directly in `directory`; throws std::runtime_error when it cannot be read.
  static AssetStore Load(const std::string& directory);

  // Adds an asset made at start-up (the airline's theme stylesheet), as if it were a file in the directory;
  // `effort` kFast for a large one (the API reference's megabyte of script), whose best compression would hold up
  // its first request for seconds. Throws std::invalid_argument for an extension that is not served.
  const Asset& Add(const std::string& name, std::string content, Effort effort = Effort::kMost);

  // By the last path segment of its URL ("site.<hash>.css"); nullptr when unknown (or an old hash).
  const Asset* ByUrlFile(std::string_view file) const;
  // By its plain name ("site.css"), to link it from a page.
  const Asset* ByName(std::string_view name) const;
  const std::vector<Asset>& assets() const { return assets_; }

 private:
  std::vector<Asset> assets_;
};

// An asset from its name and content: hashed URL, content type, and the effort its variants will be compressed
// with. Throws std::invalid_argument for an extension that is not served.
Asset MakeAsset(const std::string& name, std::string content, Effort effort = Effort::kMost);

// "site.css" + hash -> "site.<hash>.css" (the hash goes before the last extension).
std::string HashedFileName(std::string_view name, std::string_view hash);
std::string ContentHash(std::string_view data);

}  // namespace jetway::web
