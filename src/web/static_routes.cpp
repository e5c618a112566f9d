#include "web/static_routes.hpp"

#include <string>

#include "http/negotiation.hpp"

namespace jetway::web {

namespace {

// A hashed URL never changes its content; /favicon.ico, which browsers ask for by that name, may.
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kOneDay = "public, max-age=86400";

http::Response Serve(const Asset& asset, const http::Request& request, const char* cache_control) {
  const auto& compressed = asset.compressed();
  const auto coding = http::ChooseCoding(request.Header("Accept-Encoding").value_or(""), !compressed.gzip.empty(),
                                         !compressed.brotli.empty());
  // Each representation has its own strong tag: a cache must not answer a gzip request with brotli bytes.
  const char* suffix = coding == http::Coding::kBrotli ? "-br" : coding == http::Coding::kGzip ? "-gz" : "";
  const std::string etag = "\"" + asset.hash + suffix + "\"";

  http::Response response;
  response.content_type = asset.content_type;
  response.headers = {{"ETag", etag}, {"Cache-Control", cache_control}, {"Vary", "Accept-Encoding"}};
  if (auto match = request.Header("If-None-Match"); match && http::EtagMatches(*match, etag)) {
    response.status = 304;
    return response;
  }
  switch (coding) {
    case http::Coding::kBrotli:
      response.headers.emplace_back("Content-Encoding", "br");
      response.body = compressed.brotli;
      break;
    case http::Coding::kGzip:
      response.headers.emplace_back("Content-Encoding", "gzip");
      response.body = compressed.gzip;
      break;
    case http::Coding::kIdentity:
      response.body = asset.identity;
      break;
  }
  return response;
}

}  // namespace

http::Response ServeAsset(const AssetStore& assets, const http::Request& request,
                          const std::vector<const LiveSite*>& sites) {
  const auto file = request.params.find("file");
  const Asset* asset = file == request.params.end() ? nullptr : assets.ByUrlFile(file->second);
  for (const auto* site : sites)
    if (!asset && file != request.params.end()) asset = site->Theme(file->second);
  if (!asset) return http::ErrorResponse(404, "ASSET_NOT_FOUND", "no such static file (or an outdated version)");
  return Serve(*asset, request, kImmutable);
}

void AddStaticRoutes(http::Router& router, const AssetStore& assets, std::vector<const LiveSite*> sites) {
  router.Add("GET", "/static/:file", [&assets, sites = std::move(sites)](const http::Request& request) {
    return ServeAsset(assets, request, sites);
  });
  if (const Asset* icon = assets.ByName("favicon.ico"))
    router.Add("GET", "/favicon.ico", [icon](const http::Request& request) { return Serve(*icon, request, kOneDay); });
}

}  // namespace jetway::web
