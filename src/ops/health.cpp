#include "ops/health.hpp"

#include "api/json_writer.hpp"

namespace jetway::ops {

namespace {
http::Response Json(int status, api::JsonWriter& body) {
  http::Response response;
  response.status = status;
  response.body = body.Take();
  return response;
}
}  // namespace

void AddHealthRoutes(http::Router& router, std::function<Readiness()> readiness, std::string version) {
  router.Add("GET", "/healthz", [version](const http::Request&) {
    api::JsonWriter w;
    w.BeginObject().Field("status", "ok").Field("version", version).EndObject();
    return Json(200, w);
  });
  router.Add("GET", "/readyz", [readiness](const http::Request&) {
    const auto r = readiness();
    const bool ready = r.data && r.web && r.mgmt && !r.draining;
    auto state = [](bool up) { return up ? "up" : "down"; };
    api::JsonWriter w;
    w.BeginObject().Field("status", r.draining ? "draining" : ready ? "ready" : "not_ready").Field("engine", r.engine);
    w.Key("databases").BeginObject().Field("data", state(r.data)).Field("web", state(r.web)).Field("mgmt", state(r.mgmt));
    w.EndObject().EndObject();
    return Json(ready ? 200 : 503, w);
  });
}

}  // namespace jetway::ops
