#include "web/site.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>

#include "http/negotiation.hpp"
#include "web/signer.hpp"
#include "web/site_sql.hpp"

namespace jetway::web {

namespace {

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string_view rest = text;
  while (!rest.empty())
    if (auto item = http::NextElement(rest, ','); !item.empty()) out.emplace_back(item);
  return out;
}

void Apply(SiteSettings& site, const std::string& key, const std::string& value) {
  if (key == "name")
    site.name = value;
  else if (key == "logo")
    site.logo = value;
  else if (key == "primary_color" && IsHexColor(value))
    site.primary_color = value;
  else if (key == "accent_color" && IsHexColor(value))
    site.accent_color = value;
  else if (key == "default_language")
    site.default_language = value;
  else if (key == "default_currency")
    site.default_currency = value;
  else if (key == "currencies")
    site.currencies = SplitList(value);
  else if (key == "hosts")
    site.hosts = ParseHosts(value).value_or(std::vector<std::string>{});
}

}  // namespace

std::string HostName(std::string_view host_header) {
  std::string_view host = host_header;
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') == std::string_view::npos ? host.size() : host.find(']') + 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host.ends_with('.')) host.remove_suffix(1);  // "q9.localhost." is the same name
  std::string lower(host);
  for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower;
}

std::size_t DefaultSite(const std::vector<const SiteSettings*>& sites) {
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i]->hosts.empty()) return i;
  return 0;
}

std::size_t SiteForHost(const std::vector<const SiteSettings*>& sites, std::string_view host) {
  for (std::size_t i = 0; i < sites.size(); ++i)
    for (const auto& name : sites[i]->hosts)
      if (name == host) return i;
  return DefaultSite(sites);
}

std::optional<std::vector<std::string>> ParseHosts(std::string_view text) {
  std::vector<std::string> hosts;
  std::string_view rest = text;
  while (!rest.empty()) {
    auto item = http::NextElement(rest, ',');
    if (item.empty()) continue;
    if (item.size() > 253 || item.front() == '.' || item.front() == '-') return std::nullopt;
    std::string host = HostName(item);
    for (char c : host)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return std::nullopt;
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(std::move(host));
  }
  return hosts;
}

bool IsHexColor(const std::string& text) {
  if (text.size() != 7 || text[0] != '#') return false;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

std::vector<SiteSettings> LoadSites(store::Connection& web) {
  std::vector<SiteSettings> sites;
  store::Transaction tx(web, store::TransactionMode::kRead);
  auto stmt = web.Prepare(sql::kAllSettings);
  while (stmt.Step()) {
    const auto airline = stmt.Text(0);
    if (sites.empty() || sites.back().airline != airline) {
      sites.emplace_back();
      sites.back().airline = airline;
      sites.back().name = airline;
    }
    Apply(sites.back(), stmt.Text(1), stmt.Text(2));
  }
  tx.Commit();
  return sites;
}

void SaveSiteSetting(store::Connection& web, const std::string& airline, const std::string& key,
                     const std::string& value) {
  web.Prepare(sql::kUpsertSetting).Bind(1, airline).Bind(2, key).Bind(3, value).Exec();
}

std::string ThemeCss(const SiteSettings& site) {
  return fmt::format(":root {{ --brand: {}; --accent: {}; }}\n", site.primary_color, site.accent_color);
}

void EnsureSiteKey(store::Connection& web) {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  web.Prepare(sql::kInsertKey)
      .Bind(1, "signing")
      .Bind(2, NewSiteKey())
      .Bind(3, static_cast<std::int64_t>(now.count()))
      .Exec();
}

std::optional<std::string> LoadSiteKey(store::Connection& web) {
  auto stmt = web.Prepare(sql::kSigningKey);
  if (!stmt.Step()) return std::nullopt;
  return stmt.Text(0);
}

}  // namespace jetway::web
