#include "app/ssim_cli.hpp"

#include <fmt/core.h>
#include <fmt/ostream.h>

#include <fstream>
#include <istream>
#include <iterator>
#include <sstream>

#include "booking/schedule_change_service.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "reference/reference_service.hpp"
#include "schedule/ssim_service.hpp"

namespace jetway::app {

namespace {

struct Services {
  core::SystemClock clock;
  core::SystemRandom random;
  reference::AirportDirectory airports;
  schedule::SsimService ssim;
  booking::ScheduleChangeService schedule_changes;

  explicit Services(Databases& owner)
      : airports(reference::AirportDirectory::Load(*owner.data->Acquire())),
        ssim(*owner.data, airports, clock),
        schedule_changes(*owner.data, airports, clock, random) {}
};

}  // namespace

int RunSsimExport(Databases& owner, const SsimOptions& options, std::ostream& out, std::ostream& err) {
  Services services(owner);
  auto text = services.ssim.Export(core::Actor::System(),
                                   options.airline ? std::vector{*options.airline} : std::vector<std::string>{});
  if (!text) {
    fmt::print(err, "jetway: {} ({})\n", text.error().message, text.error().code);
    return 2;
  }
  if (options.file.empty() || options.file == "-") {
    out << *text;
    return 0;
  }
  std::ofstream file(options.file, std::ios::binary | std::ios::trunc);
  file << *text;
  if (!file.flush()) {
    fmt::print(err, "jetway: cannot write {}\n", options.file);
    return 2;
  }
  return 0;
}

int RunSsimImport(Databases& owner, const SsimOptions& options, std::istream& in, std::ostream& out,
                  std::ostream& err) {
  std::string text;
  if (options.file == "-") {
    text.assign(std::istreambuf_iterator<char>(in), {});
  } else {
    std::ifstream file(options.file, std::ios::binary);
    if (!file) {
      fmt::print(err, "jetway: cannot read {}\n", options.file);
      return 2;
    }
    std::ostringstream read;
    read << file.rdbuf();
    text = read.str();
  }
  Services services(owner);
  auto imported = services.ssim.Import(core::Actor::System(), text,
                                       {options.airline, options.dry_run, options.confirm_bookings, options.replace});
  if (!imported) {
    fmt::print(err, "jetway: {} ({})\n", imported.error().message, imported.error().code);
    return 2;
  }
  for (const auto& p : imported->problems) fmt::print(err, "record {}: {}: {}\n", p.line, p.field, p.message);
  for (const auto& a : imported->actions) {
    fmt::print(out, "{} record {}: {}", schedule::ToString(a.kind), a.record, a.text);
    if (!a.bookings.empty()) fmt::print(out, " (bookings on flights it moves:");
    for (const auto& b : a.bookings) fmt::print(out, " {}", b);
    fmt::print(out, "{}\n", a.bookings.empty() ? "" : ")");
  }
  if (!imported->problems.empty()) {
    fmt::print(err, "jetway: {} problem(s); nothing was imported\n", imported->problems.size());
    return 1;
  }
  if (imported->segment_records > 0)
    fmt::print(out, "note: {} segment data record(s) (type 4) left out: jetway does not hold segment data\n",
               imported->segment_records);
  fmt::print(out, "{}\n", imported->applied ? "imported" : "dry run: nothing was changed");
  // The passengers of flights it moved or cancelled: re-accommodated now (a running back office would within
  // seconds), each told by e-mail.
  if (imported->applied) {
    const auto sweep = services.schedule_changes.ProcessPending();
    if (sweep.handled > 0) fmt::print(out, "re-accommodated {} booking(s)\n", sweep.handled);
    for (const auto& failure : sweep.failures)
      fmt::print(err, "jetway: re-accommodation failed (a running back office tries again): {}\n", failure);
  }
  return 0;
}

}  // namespace jetway::app
