// Reports (reports.read): sales by day, route, channel and fare brand; load factor by route and flight; bookings
// confirmed, cancelled and expired by day. Each report is a list of sections, each a table (the numbers, in the
// reader's language) with a bar chart drawn as SVG beside it; the same tables download as CSV (one table) or XLSX
// (every table, one sheet each). Filters: a period, a route and a sales channel.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <optional>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"
#include "reports/svg_chart.hpp"
#include "reports/table.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

using reports::Number;
using reports::Table;

struct Section {
  std::string key;  // the table's name in a CSV link: "day", "route", ...
  Table table;
  std::optional<reports::BarChart> chart;
};

struct ReportPage {
  const char* name;  // "sales", "loads", "bookings": the path and the files' names
  const char* title_key;
  int default_days_back;   // the period's default: today minus this ...
  int default_days_ahead;  // ... to today plus this
  core::Result<std::vector<Section>> (*build)(const AdminContext&, StaffRequest&, const reports::ReportQuery&);
};

std::string QueryField(const http::Request& request, const char* name) {
  return std::string(core::Trim(request.Query(name).value_or("")));
}

core::Result<reports::ReportQuery> QueryOf(const AdminContext& ctx, const http::Request& request,
                                           const ReportPage& page) {
  reports::ReportQuery query;
  const auto today = Today(ctx);
  auto date_of = [&](const char* name, core::LocalDate otherwise) -> core::Result<core::LocalDate> {
    const auto text = QueryField(request, name);
    if (text.empty()) return otherwise;
    if (auto date = core::ParseIsoDate(text)) return *date;
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_DATE", "dates are written 2026-12-31", name);
  };
  auto from = date_of("from", core::AddDays(today, -page.default_days_back));
  if (!from) return std::unexpected(from.error());
  auto to = date_of("to", core::AddDays(today, page.default_days_ahead));
  if (!to) return std::unexpected(to.error());
  query.from = *from;
  query.to = *to;
  query.origin = core::AsciiUpper(QueryField(request, "origin"));
  query.destination = core::AsciiUpper(QueryField(request, "destination"));
  query.channel = QueryField(request, "channel");
  if (auto ok = reports::Validate(query); !ok) return std::unexpected(ok.error());
  return query;
}

std::string Money(const web::Visit& visit, std::int64_t minor, const std::string& currency) {
  return web::FormatPrice(core::Money{minor, currency}, visit.language);
}

// The currency the charts draw: the one most bookings were sold in (amounts in different currencies are never added).
std::string ChartCurrency(const std::vector<reports::SalesTotal>& totals) {
  std::map<std::string, int> bookings;
  for (const auto& t : totals) bookings[t.currency] += t.bookings;
  std::string best;
  for (const auto& [currency, count] : bookings)
    if (best.empty() || count > bookings[best]) best = currency;
  return best;
}

double Major(std::int64_t minor, const std::string& currency) {
  double value = static_cast<double>(minor);
  for (int i = 0; i < core::MinorUnitDigits(currency); ++i) value /= 10;
  return value;
}

reports::BarChart Chart(const AdminContext& ctx, StaffRequest& r, const std::string& id, const std::string& title,
                        std::string unit) {
  reports::BarChart chart;
  chart.id = id;
  chart.title = title;
  chart.description = web::T(ctx, r.visit, "admin_chart_desc");
  chart.unit = std::move(unit);
  return chart;
}

// Sales totals as a table; the chart shows the chart currency's amounts over `labels` (every key, zeros included).
Section SalesSection(const AdminContext& ctx, StaffRequest& r, const std::string& key, const std::string& title_key,
                     const std::string& key_header_key, const std::vector<reports::SalesTotal>& totals,
                     const std::vector<std::string>& all_keys) {
  const auto& visit = r.visit;
  Section section{key, Table{web::T(ctx, visit, title_key), {}, {}}, std::nullopt};
  section.table.headers = {web::T(ctx, visit, key_header_key), web::T(ctx, visit, "admin_report_currency"),
                           web::T(ctx, visit, "admin_report_bookings"), web::T(ctx, visit, "admin_report_amount")};
  for (const auto& t : totals)
    section.table.rows.push_back({reports::Text(t.key), reports::Text(t.currency),
                                  Number(std::to_string(t.bookings)),
                                  Number(core::FormatAmount({t.amount, t.currency}),
                                         Money(visit, t.amount, t.currency))});
  const auto currency = ChartCurrency(totals);
  auto chart = Chart(ctx, r, "chart-" + key, fmt::format("{} ({})", section.table.name, currency), " " + currency);
  chart.horizontal = key != "day";
  std::map<std::string, double> values;
  for (const auto& t : totals)
    if (t.currency == currency) values[t.key] = Major(t.amount, currency);
  for (const auto& k : all_keys) {
    chart.labels.push_back(k);
    chart.values.push_back(values.count(k) ? values[k] : 0);
  }
  section.chart = std::move(chart);
  return section;
}

std::vector<std::string> KeysOf(const std::vector<reports::SalesTotal>& totals) {
  std::vector<std::string> keys;
  for (const auto& t : totals)
    if (keys.empty() || keys.back() != t.key) keys.push_back(t.key);
  return keys;
}

std::vector<std::string> DaysOf(const reports::ReportQuery& q) {
  std::vector<std::string> days;
  for (auto d = q.from; d <= q.to; d = core::AddDays(d, 1)) days.push_back(core::FormatIsoDate(d));
  return days;
}

core::Result<std::vector<Section>> SalesReport(const AdminContext& ctx, StaffRequest& r,
                                               const reports::ReportQuery& query) {
  auto shares = ctx.reports.Sales(r.visit.actor, query);
  if (!shares) return std::unexpected(shares.error());
  const auto by_route = reports::ByRoute(*shares);
  const auto by_channel = reports::ByChannel(*shares);
  const auto by_brand = reports::ByBrand(*shares);
  return std::vector<Section>{
      SalesSection(ctx, r, "day", "admin_sales_by_day", "admin_report_day", reports::ByDay(*shares), DaysOf(query)),
      SalesSection(ctx, r, "route", "admin_sales_by_route", "admin_bookings_route", by_route, KeysOf(by_route)),
      SalesSection(ctx, r, "channel", "admin_sales_by_channel", "admin_bookings_channel", by_channel,
                   KeysOf(by_channel)),
      SalesSection(ctx, r, "brand", "admin_sales_by_brand", "admin_report_brand", by_brand, KeysOf(by_brand))};
}

std::string Percent(std::int64_t sold, std::int64_t capacity) {
  return std::to_string(reports::LoadFactorPercent(sold, capacity));
}

core::Result<std::vector<Section>> LoadsReport(const AdminContext& ctx, StaffRequest& r,
                                               const reports::ReportQuery& query) {
  auto flights = ctx.reports.Loads(r.visit.actor, query);
  if (!flights) return std::unexpected(flights.error());
  const auto& visit = r.visit;
  const auto lf = web::T(ctx, visit, "admin_load_factor") + " (%)";
  Section routes{"route", Table{web::T(ctx, visit, "admin_loads_by_route"), {}, {}}, std::nullopt};
  routes.table.headers = {web::T(ctx, visit, "admin_bookings_route"), web::T(ctx, visit, "admin_flights_title"),
                          web::T(ctx, visit, "admin_capacity"), web::T(ctx, visit, "admin_sold"), lf};
  auto chart = Chart(ctx, r, "chart-route", routes.table.name, "%");
  chart.horizontal = true;
  chart.top = 100;
  for (const auto& route : reports::LoadsByRoute(*flights)) {
    const auto name = fmt::format("{}-{}", route.origin, route.destination);
    routes.table.rows.push_back({reports::Text(name), Number(std::to_string(route.flights)),
                                 Number(std::to_string(route.capacity)), Number(std::to_string(route.sold)),
                                 Number(Percent(route.sold, route.capacity))});
    chart.labels.push_back(name);
    chart.values.push_back(reports::LoadFactorPercent(route.sold, route.capacity));
  }
  routes.chart = std::move(chart);
  Section by_flight{"flight", Table{web::T(ctx, visit, "admin_loads_by_flight"), {}, {}}, std::nullopt};
  by_flight.table.headers = {web::T(ctx, visit, "admin_report_flight"), web::T(ctx, visit, "admin_report_day"),
                             web::T(ctx, visit, "admin_bookings_route"), web::T(ctx, visit, "admin_capacity"),
                             web::T(ctx, visit, "admin_sold"), web::T(ctx, visit, "admin_held"), lf};
  for (const auto& f : *flights)
    by_flight.table.rows.push_back(
        {reports::Text(fmt::format("{}{}", f.flight.airline, f.flight.flight_number)),
         reports::Text(f.flight.departure_date),
         reports::Text(fmt::format("{}-{}", f.flight.origin, f.flight.destination)),
         Number(std::to_string(f.capacity)), Number(std::to_string(f.sold)), Number(std::to_string(f.held)),
         Number(Percent(f.sold, f.capacity))});
  return std::vector<Section>{std::move(routes), std::move(by_flight)};
}

core::Result<std::vector<Section>> BookingsReport(const AdminContext& ctx, StaffRequest& r,
                                                  const reports::ReportQuery& query) {
  auto days = ctx.reports.Activity(r.visit.actor, query);
  if (!days) return std::unexpected(days.error());
  const auto& visit = r.visit;
  Section section{"day", Table{web::T(ctx, visit, "admin_bookings_by_day"), {}, {}}, std::nullopt};
  section.table.headers = {web::T(ctx, visit, "admin_report_day"), web::T(ctx, visit, "admin_report_confirmed"),
                           web::T(ctx, visit, "admin_report_cancelled"), web::T(ctx, visit, "admin_report_expired")};
  auto chart = Chart(ctx, r, "chart-day", web::T(ctx, visit, "admin_report_confirmed"), "");
  chart.whole = true;
  for (const auto& d : *days) {
    const auto day = core::FormatIsoDate(d.day);
    section.table.rows.push_back({reports::Text(day), Number(std::to_string(d.confirmed)),
                                  Number(std::to_string(d.cancelled)), Number(std::to_string(d.expired))});
    chart.labels.push_back(day);
    chart.values.push_back(d.confirmed);
  }
  section.chart = std::move(chart);
  return std::vector<Section>{std::move(section)};
}

constexpr ReportPage kPages[] = {
    {"sales", "admin_report_sales", 29, 0, SalesReport},
    {"loads", "admin_report_loads", 0, 29, LoadsReport},
    {"bookings", "admin_report_bookings_title", 29, 0, BookingsReport},
};

std::string FileName(const ReportPage& page, const reports::ReportQuery& q, const std::string& table,
                     const char* extension) {
  return fmt::format("{}{}{}-{}-{}.{}", page.name, table.empty() ? "" : "-", table, core::FormatIsoDate(q.from),
                     core::FormatIsoDate(q.to), extension);
}

web::View FilterView(const AdminContext& ctx, StaffRequest& r, const ReportPage& page,
                     const std::optional<reports::ReportQuery>& query) {
  const auto& request = r.visit.request;
  web::View view;
  view["report"] = web::Text(page.name);
  view["from"] = web::Text(query ? core::FormatIsoDate(query->from) : QueryField(request, "from"));
  view["to"] = web::Text(query ? core::FormatIsoDate(query->to) : QueryField(request, "to"));
  view["origin"] = web::Text(QueryField(request, "origin"));
  view["destination"] = web::Text(QueryField(request, "destination"));
  const auto chosen = QueryField(request, "channel");
  web::ViewList channels;
  for (const char* name : {"", "web", "api", "office", "agent", "partner"}) {
    web::View option;
    option["value"] = web::Text(name);
    option["name"] = web::Text(*name ? std::string(name) : web::T(ctx, r.visit, "admin_report_any_channel"));
    option["selected"] = web::Flag(chosen == name);
    channels.push_back(std::move(option));
  }
  view["channels"] = web::List(std::move(channels));
  return view;
}

// Rows a page shows of one table; the downloads carry all of them. A year of flights is 11,000 rows: as a page that
// was 1.9 MB of HTML and took the server's peak memory from 134 to 536 MiB to render.
constexpr std::size_t kMaxPageRows = 500;

web::View SectionView(const AdminContext& ctx, StaffRequest& r, const Section& section, const std::string& csv_url) {
  web::View view;
  view["key"] = web::Text(section.key);
  view["name"] = web::Text(section.table.name);
  view["svg"] = web::Text(section.chart ? reports::RenderSvg(*section.chart) : "");
  web::ViewList headers;
  for (const auto& h : section.table.headers) headers.push_back(web::Text(h));
  view["headers"] = web::List(std::move(headers));
  web::ViewList rows;
  const auto shown = std::min(section.table.rows.size(), kMaxPageRows);
  for (std::size_t n = 0; n < shown; ++n) {
    const auto& row = section.table.rows[n];
    web::ViewList cells;
    for (std::size_t i = 0; i < row.size(); ++i) {
      web::View cell;
      cell["text"] = web::Text(row[i].display.empty() ? row[i].text : row[i].display);
      cell["number"] = web::Flag(row[i].number);
      cell["first"] = web::Flag(i == 0);
      cells.push_back(std::move(cell));
    }
    web::View line;
    line["cells"] = web::List(std::move(cells));
    rows.push_back(std::move(line));
  }
  view["rows"] = web::List(std::move(rows));
  view["empty"] = web::Flag(section.table.rows.empty());
  if (shown < section.table.rows.size())
    view["truncated"] = web::Text(fmt::format(fmt::runtime(web::T(ctx, r.visit, "admin_report_truncated")), shown,
                                              section.table.rows.size()));
  view["csv_url"] = web::Text(csv_url);
  return view;
}

http::Response ShowReport(const AdminContext& ctx, StaffRequest& r, const ReportPage& page) {
  const auto& request = r.visit.request;
  const auto title = web::T(ctx, r.visit, page.title_key);
  auto query = QueryOf(ctx, request, page);
  const auto format = QueryField(request, "format");
  if (!query) {
    auto view = FilterView(ctx, r, page, std::nullopt);
    view["title"] = web::Text(title);
    ShowError(ctx, r, query.error(), view);
    return RenderAdmin(ctx, r, 422, "admin/report", std::move(view), title);
  }
  auto sections = page.build(ctx, r, *query);
  if (!sections) return Refused(ctx, r, sections.error());
  if (format == "xlsx") {
    std::vector<Table> tables;
    for (const auto& s : *sections) tables.push_back(s.table);
    return Download(reports::ToXlsx(tables), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    FileName(page, *query, "", "xlsx"));
  }
  if (format == "csv") {
    const auto wanted = QueryField(request, "table");
    const auto found = std::find_if(sections->begin(), sections->end(), [&](const Section& s) { return s.key == wanted; });
    if (found == sections->end())
      return web::MessagePage(ctx, r.visit, 404, "NO_SUCH_TABLE", web::T(ctx, r.visit, "admin_report_no_table"));
    return Download(reports::ToCsv(found->table), "text/csv; charset=utf-8", FileName(page, *query, found->key, "csv"));
  }
  if (!format.empty())
    return web::MessagePage(ctx, r.visit, 404, "NO_SUCH_FORMAT", web::T(ctx, r.visit, "admin_report_no_format"));
  auto view = FilterView(ctx, r, page, *query);
  view["title"] = web::Text(title);
  const auto base = web::UrlWith(request, {});
  const char* join = base.find('?') == std::string::npos ? "?" : "&";
  web::ViewList list;
  for (const auto& s : *sections)
    list.push_back(SectionView(ctx, r, s, fmt::format("{}{}format=csv&table={}", base, join, s.key)));
  view["sections"] = web::List(std::move(list));
  view["xlsx_url"] = web::Text(fmt::format("{}{}format=xlsx", base, join));
  view["shown"] = web::Flag(true);
  return RenderAdmin(ctx, r, 200, "admin/report", std::move(view), title);
}

template <std::size_t I>
http::Response Report(const AdminContext& ctx, StaffRequest& r) {
  return ShowReport(ctx, r, kPages[I]);
}

http::Response GetReports(const AdminContext& ctx, StaffRequest& r) {
  web::View view;
  return RenderAdmin(ctx, r, 200, "admin/reports", std::move(view), web::T(ctx, r.visit, "admin_reports_title"));
}

}  // namespace

void AddReportRoutes(AdminRoutes& routes) {
  const auto p = core::Permission::kReportsRead;
  routes.Add({"GET", "/reports", Audience::kStaff, p, GetReports});
  routes.Add({"GET", "/reports/sales", Audience::kStaff, p, Report<0>});
  routes.Add({"GET", "/reports/loads", Audience::kStaff, p, Report<1>});
  routes.Add({"GET", "/reports/bookings", Audience::kStaff, p, Report<2>});
}

}  // namespace jetway::admin
