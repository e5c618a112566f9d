// GET /status (a page, no login) and /status.json: the node's status board as it is, never a database read, so
// both answer while every database is down.
#pragma once

#include "http/http.hpp"
#include "status/status_board.hpp"
#include "web/page.hpp"

namespace jetway::status {

void AddStatusRoutes(http::Router& router, const web::PageContext& pages, const StatusBoard& board);

// "99.95 %" (two decimals, never rounded up to 100 unless it is).
std::string FormatUptime(double uptime);

}  // namespace jetway::status
