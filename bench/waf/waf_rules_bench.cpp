// Which Core Rule Set files cost most: the firewall's own inspection of one request, in the process, without HTTP
// or the rest of jetway. For each rule set (the CRS's scoring alone, then with each CRS file added, then all of
// them) it loads a waf::Firewall as jetway does (web/waf's files around the CRS, blocking, paranoia level 1) and
// times Inspect on a search GET and on a hold POST with a JSON body: CPU microseconds a request, one thread.
//
//   build/bench/waf/waf_rules_bench [ITERATIONS]     (bench/waf_rules.sh builds and runs it)
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "build_paths.hpp"
#include "http/http.hpp"
#include "waf/firewall.hpp"

namespace fs = std::filesystem;
using jetway::http::Request;
using jetway::waf::Firewall;

namespace {

const fs::path kCrs = "/usr/share/modsecurity-crs";
// The CRS's own machinery (settings, anomaly scoring): in every rule set measured.
const std::vector<std::string> kFramework = {"REQUEST-901-", "REQUEST-949-", "RESPONSE-959-", "RESPONSE-980-"};

bool IsFramework(const std::string& name) {
  return std::any_of(kFramework.begin(), kFramework.end(), [&](const auto& p) { return name.rfind(p, 0) == 0; });
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Request Browserish(Request request) {
  request.remote = "192.0.2.10";
  request.headers = {{"Host", "book.example.com"},
                     {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"},
                     {"Accept", "application/json"},
                     {"Accept-Language", "da-DK,da;q=0.9,en;q=0.8"},
                     {"Accept-Encoding", "gzip, deflate, br"}};
  return request;
}

Request Search() {
  Request request;
  request.method = "GET";
  request.path = "/api/v1/availability";
  request.query_string = "origin=CPH&destination=HAM&date=2026-12-10&adults=1";
  return Browserish(request);
}

Request Hold() {
  Request request;
  request.method = "POST";
  request.path = "/api/v1/bookings";
  request.body = R"({"segments":[{"flight_id":1042,"booking_class":"Y"}],)"
                 R"("passengers":{"adults":2,"children":0,"infants":0}})";
  request = Browserish(request);
  request.headers["Content-Type"] = "application/json";
  request.headers["Content-Length"] = std::to_string(request.body.size());
  return request;
}

// A CRS directory holding the framework, the given files and every data file the rules read.
fs::path RuleSet(const fs::path& work, const std::string& name, const std::vector<std::string>& files) {
  const fs::path dir = work / name;
  fs::create_directories(dir / "rules");
  for (const auto& entry : fs::directory_iterator(kCrs / "rules")) {
    const auto file = entry.path().filename().string();
    const bool conf = entry.path().extension() == ".conf";
    if (!conf || IsFramework(file) || std::find(files.begin(), files.end(), file) != files.end())
      fs::create_symlink(entry.path(), dir / "rules" / file);
  }
  return dir;
}

double MicrosecondsPerInspect(const Firewall& firewall, const Request& request, int iterations) {
  for (int i = 0; i < iterations / 10; ++i) firewall.Inspect(request);  // warm the caches
  const double start = ThreadCpuSeconds();
  for (int i = 0; i < iterations; ++i)
    if (firewall.Inspect(request).blocked) std::abort();  // legitimate requests: a block means a broken rule set
  return (ThreadCpuSeconds() - start) / iterations * 1e6;
}

struct Row {
  std::string name;
  double search_us = 0;
  double hold_us = 0;
};

Row Measure(const std::string& name, const fs::path& crs, int iterations) {
  jetway::waf::Settings settings;
  settings.mode = jetway::waf::Mode::kBlocking;
  settings.rules_dir = JETWAY_SOURCE_DIR "/web/waf";
  settings.crs_dir = crs.string();
  settings.verdict_cache_entries = 0;  // the same request again and again: a cache would measure itself
  auto firewall = Firewall::Load(settings);
  if (!firewall) {
    std::fprintf(stderr, "%s: the rules do not load: %s\n", name.c_str(), firewall.error().message.c_str());
    std::exit(1);
  }
  return {name, MicrosecondsPerInspect(**firewall, Search(), iterations),
          MicrosecondsPerInspect(**firewall, Hold(), iterations)};
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(100, std::atoi(argv[1])) : 2000;
  const fs::path work = fs::temp_directory_path() / ("jetway-waf-bench-" + std::to_string(getpid()));
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kCrs / "rules"))
    if (entry.path().extension() == ".conf" && !IsFramework(entry.path().filename().string()))
      files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());

  std::printf("CPU a request in the firewall (one thread, %d requests each, blocking, paranoia level 1)\n", iterations);
  const Row base = Measure("CRS scoring only (901, 949, 959, 980)", RuleSet(work, "base", {}), iterations);
  std::vector<Row> added;
  for (const auto& file : files) {
    Row row = Measure(file, RuleSet(work, file, {file}), iterations);
    row.search_us -= base.search_us;
    row.hold_us -= base.hold_us;
    added.push_back(row);
  }
  const Row all = Measure("every CRS file", RuleSet(work, "all", files), iterations);
  fs::remove_all(work);

  std::printf("  %-48s %10s %10s\n", "", "search", "hold POST");
  std::printf("  %-48s %8.0f µs %8.0f µs\n", base.name.c_str(), base.search_us, base.hold_us);
  std::printf("  %-48s %8.0f µs %8.0f µs\n", all.name.c_str(), all.search_us, all.hold_us);
  std::printf(" what each file adds to the scoring alone, most costly first:\n");
  std::sort(added.begin(), added.end(), [](const Row& a, const Row& b) { return a.search_us > b.search_us; });
  double sum_search = 0, sum_hold = 0;
  for (const auto& row : added) {
    std::printf("  %-48s %8.0f µs %8.0f µs\n", row.name.c_str(), row.search_us, row.hold_us);
    sum_search += row.search_us;
    sum_hold += row.hold_us;
  }
  std::printf("  %-48s %8.0f µs %8.0f µs\n", "(sum of the files' own costs)", sum_search, sum_hold);
  return 0;
}
