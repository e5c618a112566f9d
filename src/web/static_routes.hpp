// GET /static/<name>.<hash>.<ext>: an asset with year-long immutable caching, a strong ETag per representation
// (304 on If-None-Match) and the brotli or gzip variant when the client accepts it (Vary: Accept-Encoding).
#pragma once

#include "http/http.hpp"
#include "web/assets.hpp"
#include "web/live_site.hpp"

namespace jetway::web {

// The asset, or else one of the airline's theme stylesheets (current or older) when `live` is given.
http::Response ServeAsset(const AssetStore& assets, const http::Request& request, const LiveSite* live = nullptr);
// `assets` and `live` must outlive the router.
void AddStaticRoutes(http::Router& router, const AssetStore& assets, const LiveSite* live = nullptr);

}  // namespace jetway::web
