#include "status/status_pages.hpp"

#include <fmt/core.h>

#include <cmath>
#include <string>

#include "api/json_writer.hpp"

namespace jetway::status {
namespace {

// Cached briefly by browsers and a CDN in front: a status page draws crowds exactly when things go wrong.
constexpr const char* kCacheControl = "public, max-age=15";

std::string DayClass(const std::optional<DayCount>& day) {
  if (!day) return "nodata";
  if (day->up == day->probes) return "up";
  return day->up * 10 >= day->probes * 9 ? "partial" : "down";
}

void WriteIncident(api::JsonWriter& w, const Incident& i) {
  w.BeginObject().Field("id", i.id).Field("title", i.title).Field("impact", i.impact).Field("status", i.status);
  w.Key("components").BeginArray();
  for (const auto& c : i.components) w.String(c);
  w.EndArray();
  w.Field("created_at", core::FormatUtc(i.created_at));
  w.Key("resolved_at");
  if (i.resolved_at) w.String(core::FormatUtc(*i.resolved_at));
  else w.Null();
  w.Key("updates").BeginArray();
  for (const auto& u : i.updates)
    w.BeginObject().Field("at", core::FormatUtc(u.at)).Field("status", u.status).Field("message", u.message).EndObject();
  w.EndArray().EndObject();
}

http::Response StatusJson(const Snapshot& s) {
  api::JsonWriter w;
  w.BeginObject().Field("status", ToString(s.overall)).Field("probed_at", core::FormatUtc(s.probed_at));
  w.Key("records_read_at");
  if (s.records_read) w.String(core::FormatUtc(*s.records_read));
  else w.Null();
  w.Key("components").BeginArray();
  for (const auto& c : s.components) {
    w.BeginObject().Field("id", c.id).Field("state", ToString(c.state));
    for (const auto& h : s.histories) {
      if (h.component != c.id) continue;
      std::int64_t probes = 0, up = 0;
      w.Key("days").BeginArray();
      for (const auto& d : h.days) {
        if (!d) {
          w.Null();
          continue;
        }
        probes += d->probes;
        up += d->up;
        w.BeginObject().Field("day", d->day).Field("probes", d->probes).Field("up", d->up).EndObject();
      }
      w.EndArray();
      w.Key("uptime").BeginObject().Field("days", kHistoryDays).Field("probes", probes).Field("up", up).EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("incidents").BeginArray();
  for (const auto& i : s.incidents) WriteIncident(w, i);
  w.EndArray().EndObject();
  http::Response r;
  r.body = w.Take();
  r.headers.emplace_back("Cache-Control", kCacheControl);
  return r;
}

web::View ComponentView(const web::PageContext& ctx, const web::Visit& visit, const Snapshot& s,
                        const ComponentNow& c) {
  web::View row;
  row["id"] = web::Text(c.id);
  row["name"] = web::Text(web::T(ctx, visit, "status_component_" + c.id));
  row["state"] = web::Text(std::string(ToString(c.state)));
  row["state_text"] = web::Text(web::T(ctx, visit, "status_state_" + std::string(ToString(c.state))));
  for (const auto& h : s.histories) {
    if (h.component != c.id) continue;
    web::ViewList days;
    for (const auto& d : h.days) {
      web::View day;
      day["class"] = web::Text(DayClass(d));
      day["label"] = web::Text(d ? fmt::format("{}: {}", d->day, FormatUptime(static_cast<double>(d->up) /
                                                                                 static_cast<double>(d->probes)))
                                 : web::T(ctx, visit, "status_no_data"));
      days.push_back(std::move(day));
    }
    row["days"] = web::List(std::move(days));
    row["uptime"] = web::Text(h.uptime ? FormatUptime(*h.uptime) : web::T(ctx, visit, "status_no_data"));
  }
  return row;
}

http::Response StatusPage(const web::PageContext& ctx, const http::Request& request, const Snapshot& s) {
  auto visit = web::BeginVisit(ctx, request);
  web::View view;
  view["overall"] = web::Text(std::string(ToString(s.overall)));
  view["overall_text"] = web::Text(web::T(ctx, visit, "status_overall_" + std::string(ToString(s.overall))));
  view["probed_at"] = web::Text(core::FormatUtc(s.probed_at));
  view["stale"] = web::Flag(!s.records_read || *s.records_read < s.probed_at);
  if (s.records_read) view["records_read"] = web::Text(core::FormatUtc(*s.records_read));
  web::ViewList components;
  for (const auto& c : s.components) components.push_back(ComponentView(ctx, visit, s, c));
  view["components"] = web::List(std::move(components));
  web::ViewList open, past;
  for (const auto& i : s.incidents) {
    web::View item;
    item["id"] = web::Text(std::to_string(i.id));
    item["title"] = web::Text(i.title);
    item["impact"] = web::Text(i.impact);
    item["impact_text"] = web::Text(web::T(ctx, visit, "status_impact_" + i.impact));
    web::ViewList updates;
    for (const auto& u : i.updates) {
      web::View update;
      update["at"] = web::Text(core::FormatUtc(u.at));
      update["status"] = web::Text(u.status);
      update["status_text"] = web::Text(web::T(ctx, visit, "status_incident_" + u.status));
      update["message"] = web::Text(u.message);
      updates.push_back(std::move(update));
    }
    item["updates"] = web::List(std::move(updates));
    (i.resolved_at ? past : open).push_back(std::move(item));
  }
  view["any_open"] = web::Flag(!open.empty());
  view["open"] = web::List(std::move(open));
  view["any_past"] = web::Flag(!past.empty());
  view["past"] = web::List(std::move(past));
  auto response = web::RenderPage(ctx, visit, 200, "pages/status", std::move(view), web::T(ctx, visit, "status_title"));
  // The page may carry the visit's cookie: cached by the browser only.
  response.headers.emplace_back("Cache-Control", "private, max-age=15");
  return response;
}

}  // namespace

std::string FormatUptime(double uptime) {
  const double floored = std::floor(uptime * 10000) / 100;  // 99.999 % shows as 99.99 %, never 100.00 %
  return fmt::format("{:.2f} %", floored);
}

void AddStatusRoutes(http::Router& router, const web::PageContext& pages, const StatusBoard& board) {
  router.Add("GET", "/status.json", [&board](const http::Request&) { return StatusJson(*board.Current()); });
  router.Add("GET", "/status", [&pages, &board](const http::Request& request) {
    return StatusPage(pages, request, *board.Current());
  });
}

}  // namespace jetway::status
