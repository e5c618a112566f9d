// SSIM schedule files in and out of jetway (schedule/ssim.hpp the format, schedule/ssim_schedule.hpp the mapping):
// export writes the hosted airlines' schedule lines as a data set; import plans what a data set changes (lines
// added, lines whose times, days, period or aircraft change, aircraft configurations to add) and applies the plan
// through the back office's schedule service, so an import keeps every rule a staff edit keeps. A line whose flights
// are cancelled on some days is exported as the pieces of its period between them, and pieces of a line read back
// cancel its flights between them (SSIM's way to take a day out of a period). A data set with any problem imports
// nothing; a change that moves or removes flights with bookings needs its confirmation.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "reference/reference_service.hpp"
#include "schedule/schedule_admin.hpp"
#include "schedule/ssim.hpp"
#include "schedule/ssim_schedule.hpp"
#include "store/store.hpp"

namespace jetway::schedule {

// One step of an import's plan.
struct SsimAction {
  enum class Kind { kAircraftAdded, kLineAdded, kLineChanged, kLineUnchanged, kFlightsCancelled };
  Kind kind = Kind::kLineUnchanged;
  int record = 0;            // the data set's record it comes from
  std::string text;          // "X9 101 CPH-ABZ 01MAR27-30APR27 1234567 0910-1005 DH4 J8Y66"
  std::vector<std::string> bookings;  // a change's bookings on flights it moves or removes
};
// "aircraft_added", "line_added", "line_changed", "unchanged", "flights_cancelled"
std::string_view ToString(SsimAction::Kind kind);

struct SsimImport {
  std::vector<ssim::Problem> problems;  // nothing is imported when there are any
  // Of the problems, those that only ask for the caller's confirmation (SsimImportRequest::confirm_bookings): a page
  // that shows them keeps the data set ready to apply when they are all there is.
  std::size_t awaiting_confirmation = 0;
  std::vector<SsimAction> actions;
  bool applied = false;
  int segment_records = 0;  // type 4 records read: segment data is not held, so neither imported nor exported
};

struct SsimImportRequest {
  std::optional<std::string> airline;  // only this carrier of the data set; others are left out
  bool dry_run = false;
  // A change moving or removing flights that have bookings is applied only when the caller confirms it here (the
  // flights stay, cancelled, with their bookings listed for re-accommodation); otherwise it is a problem.
  bool confirm_bookings = false;
  // The data set is the airline's whole schedule for its carrier's period: the flights in that period (from today)
  // of lines it does not name are cancelled. Without it, an import only adds and changes.
  bool replace = false;
};

class SsimService {
 public:
  SsimService(store::ConnectionPool& data, const reference::AirportDirectory& airports, const core::Clock& clock)
      : data_(data), airports_(airports), clock_(clock), schedules_(data, airports, clock) {}

  // The data set of the hosted `airlines`' lines (empty: every airline's); AIRLINE_NOT_FOUND when none of them is
  // hosted. schedules.read.
  core::Result<std::string> Export(const core::Actor& actor, const std::vector<std::string>& airlines);
  // schedules.write.
  core::Result<SsimImport> Import(const core::Actor& actor, std::string_view text, const SsimImportRequest& request);

 private:
  // A dated flight a replacing data set no longer names, with its cancellation's confirmation.
  struct Cancellation {
    std::int64_t flight_id = 0;
    std::string fingerprint;
  };
  void PlanCancellations(const core::Actor& actor, store::Connection& db, const SsimAirline& airline,
                         const std::vector<LineView>& existing, const std::set<std::int64_t>& named,
                         core::LocalDate today, const SsimImportRequest& request, SsimImport& out,
                         std::vector<Cancellation>& cancellations);
  // Data set lines that are pieces of one of jetway's lines (its flight, times, days and aircraft, within its
  // period): the line's flights from today on the days no piece flies are cancelled, or the line is unchanged.
  // False (and nothing planned) for a single piece that is a change of the line: that is planned as one.
  bool PlanPieces(const core::Actor& actor, store::Connection& db, const LineView& line,
                  const std::vector<const SsimLine*>& pieces, core::LocalDate today, const SsimImportRequest& request,
                  SsimImport& out, std::vector<Cancellation>& cancellations);
  // A line the data set cuts into pieces that are not all like it (a retime from a day on): the line is to be cut
  // where each piece after the first starts, and each part changed to its piece.
  struct Piece {
    SsimLine line;            // its config_id resolved
    std::string fingerprint;  // its change's confirmation
  };
  struct Split {
    std::int64_t line_id = 0;
    std::vector<core::LocalDate> starts;  // the pieces' after the first
    std::vector<Piece> pieces;
  };
  // `config_ids`: each piece's aircraft as jetway holds it (0: new to the airline). False when the pieces cannot be
  // planned so (the problems say why).
  bool PlanSplit(const core::Actor& actor, const LineView& line, const std::vector<const SsimLine*>& pieces,
                 const std::vector<std::int64_t>& config_ids, const SsimImportRequest& request, SsimImport& out,
                 std::vector<Split>& splits);
  // Plans the cancellation of `flights` (those departed today already are left) into `action`: their bookings and
  // confirmations. How many were planned.
  int PlanCancel(const core::Actor& actor, const std::vector<std::int64_t>& flights, SsimAction& action,
                 std::vector<Cancellation>& cancellations);

  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
  ScheduleAdminService schedules_;
};

}  // namespace jetway::schedule
