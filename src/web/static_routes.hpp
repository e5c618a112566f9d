// GET /static/<name>.<hash>.<ext>: an asset with year-long immutable caching, a strong ETag per representation
// (304 on If-None-Match) and the brotli or gzip variant when the client accepts it (Vary: Accept-Encoding).
#pragma once

#include "http/http.hpp"
#include "web/assets.hpp"
#include "web/live_site.hpp"

#include <vector>

namespace jetway::web {

// The asset, or else one of the airlines' theme stylesheets (current or older) of `sites`.
http::Response ServeAsset(const AssetStore& assets, const http::Request& request,
                          const std::vector<const LiveSite*>& sites = {});
// `assets` and `sites` must outlive the router.
void AddStaticRoutes(http::Router& router, const AssetStore& assets, std::vector<const LiveSite*> sites = {});

}  // namespace jetway::web
