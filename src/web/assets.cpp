#include "web/assets.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "web/compress.hpp"
#include "web/files.hpp"

namespace jetway::web {

namespace {

struct TypeOf {
  std::string_view extension;
  std::string_view content_type;
  bool text;
};
constexpr TypeOf kTypes[] = {
    {".css", "text/css; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".svg", "image/svg+xml", true},
    {".json", "application/json", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".png", "image/png", false},
    {".ico", "image/x-icon", false},
    {".woff2", "font/woff2", false},
};

}  // namespace

std::string ContentHash(std::string_view data) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

std::string HashedFileName(std::string_view name, std::string_view hash) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return fmt::format("{}.{}", name, hash);
  return fmt::format("{}.{}{}", name.substr(0, dot), hash, name.substr(dot));
}

AssetStore AssetStore::Load(const std::string& directory) {
  AssetStore store;
  std::error_code ec;
  std::filesystem::directory_iterator it(directory, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot read the static directory {}: {}", directory, ec.message()));
  for (const auto& entry : it) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string extension = entry.path().extension().string();
    const auto* type =
        std::find_if(std::begin(kTypes), std::end(kTypes), [&](const TypeOf& t) { return t.extension == extension; });
    if (type == std::end(kTypes)) continue;  // not something we serve (editor backups, READMEs)
    store.Add(name, ReadFile(entry.path()));
  }
  return store;
}

const Asset& AssetStore::Add(const std::string& name, std::string content, Effort effort) {
  auto asset = MakeAsset(name, std::move(content), effort);
  auto at = std::lower_bound(assets_.begin(), assets_.end(), name,
                             [](const Asset& a, const std::string& n) { return a.name < n; });
  return *assets_.insert(at, std::move(asset));
}

Asset MakeAsset(const std::string& name, std::string content, Effort effort) {
  const std::string extension = std::filesystem::path(name).extension().string();
  const auto* type =
      std::find_if(std::begin(kTypes), std::end(kTypes), [&](const TypeOf& t) { return t.extension == extension; });
  if (type == std::end(kTypes)) throw std::invalid_argument(fmt::format("{}: not a type of static asset", name));
  Asset asset;
  asset.name = name;
  asset.identity = std::move(content);
  asset.hash = ContentHash(asset.identity);
  asset.url = "/static/" + HashedFileName(name, asset.hash);
  asset.content_type = std::string(type->content_type);
  asset.lazy->effort = effort;
  asset.lazy->text = type->text;
  return asset;
}

const CompressedVariants& Asset::compressed() const {
  std::call_once(lazy->once, [this] {
    if (!lazy->text) return;
    auto& variants = lazy->variants;
    if (auto gz = GzipCompress(identity, lazy->effort); gz.size() < identity.size()) variants.gzip = std::move(gz);
    if (auto br = BrotliCompress(identity, lazy->effort); br.size() < identity.size()) variants.brotli = std::move(br);
  });
  return lazy->variants;
}

const Asset* AssetStore::ByUrlFile(std::string_view file) const {
  for (const auto& asset : assets_)
    if (std::string_view(asset.url).substr(std::string_view("/static/").size()) == file) return &asset;
  return nullptr;
}

const Asset* AssetStore::ByName(std::string_view name) const {
  for (const auto& asset : assets_)
    if (asset.name == name) return &asset;
  return nullptr;
}

}  // namespace jetway::web
