// `jetway ssim export` and `jetway ssim import FILE`: the airline's schedule as an IATA SSIM data set, out and in
// (schedule/ssim_service.hpp), for scripts and other systems; the back office's schedule screen offers the same.
// Runs as the database owner.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "app/databases.hpp"

namespace jetway::app {

struct SsimOptions {
  std::string file;                    // import: the data set ("-": standard input); export: where ("-": stdout)
  std::optional<std::string> airline;  // one carrier only
  bool dry_run = false;                // import: say what would change, change nothing
  bool confirm_bookings = false;       // import: apply changes that move or remove flights with bookings
  bool replace = false;                // import: the data set is the whole schedule for its period
};

// Exit codes: 0 done; 1 the data set has problems (each on `err` with its record and field), nothing imported; 2
// refused (the reason on `err`).
int RunSsimExport(Databases& owner, const SsimOptions& options, std::ostream& out, std::ostream& err);
int RunSsimImport(Databases& owner, const SsimOptions& options, std::istream& in, std::ostream& out,
                  std::ostream& err);

}  // namespace jetway::app
