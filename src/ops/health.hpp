// /healthz (the process is alive) and /readyz (each database answers), served by every application: what a load
// balancer and the monitoring ask.
#pragma once

#include <functional>
#include <string>

#include "http/http.hpp"

namespace jetway::ops {

// What /readyz reports: the engine and whether each database answers.
struct Readiness {
  std::string engine;  // "sqlite" or "postgresql"
  bool data = false;
  bool web = false;
  bool mgmt = false;
  // The node received SIGTERM and is leaving the load balancer's pool: not ready, whatever the databases say, so
  // the balancer's checks take it out while it still answers what it is sent.
  bool draining = false;
};

void AddHealthRoutes(http::Router& router, std::function<Readiness()> readiness, std::string version);

}  // namespace jetway::ops
