// GET /static/<name>.<hash>.<ext>: an asset with year-long immutable caching, a strong ETag per representation
// (304 on If-None-Match) and the brotli or gzip variant when the client accepts it (Vary: Accept-Encoding).
#pragma once

#include "http/http.hpp"
#include "web/assets.hpp"

namespace jetway::web {

http::Response ServeAsset(const AssetStore& assets, const http::Request& request);
// `assets` must outlive the router.
void AddStaticRoutes(http::Router& router, const AssetStore& assets);

}  // namespace jetway::web
