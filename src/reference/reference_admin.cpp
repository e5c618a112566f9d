#include "reference/reference_admin.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/text.hpp"
#include "reference/reference_sql.hpp"

namespace jetway::reference {

using core::ErrorKind;
using core::Fail;
using core::Permission;

core::Result<std::vector<Airport>> ReferenceAdminService::Served(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  return ServedAirports(*lease);
}

core::Result<Airport> ReferenceAdminService::FindAirport(const core::Actor& actor, const std::string& code) {
  if (auto refused = core::MissingPermission(actor, Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  auto stmt = lease->Prepare(sql::kFindAirport);
  stmt.Bind(1, code);
  if (!stmt.Step())
    return Fail(ErrorKind::kNotFound, "AIRPORT_NOT_FOUND", fmt::format("no airport {}", code), "code");
  return Airport{stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Text(5),
                 stmt.Int(6),  stmt.Int(7),  core::FindZone(stmt.Text(5))};
}

core::Result<void> ReferenceAdminService::SaveAirport(const core::Actor& actor, const Airport& airport) {
  if (auto refused = core::MissingPermission(actor, Permission::kReferenceWrite)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (auto ok = reference::SaveAirport(*lease, airport); !ok) return ok;
  tx.Commit();
  return {};
}

core::Result<Airline> ReferenceAdminService::FindAirline(const core::Actor& actor, const std::string& designator) {
  if (auto refused = core::MissingPermission(actor, Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  auto airline = reference::FindAirline(*lease, designator);
  if (!airline) return Fail(ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", fmt::format("no airline {}", designator));
  return std::move(*airline);
}

core::Result<void> ReferenceAdminService::SaveSalesPolicy(const core::Actor& actor, const std::string& designator,
                                                          std::optional<int> hold_minutes,
                                                          std::optional<int> sales_cutoff_minutes) {
  if (auto refused = core::MissingPermission(actor, Permission::kReferenceWrite)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (auto ok = SetSalesPolicy(*lease, designator, hold_minutes, sales_cutoff_minutes); !ok) return ok;
  tx.Commit();
  return {};
}

core::Result<std::vector<std::pair<std::string, CheckInTimes>>> ReferenceAdminService::CheckInTimesOf(
    const core::Actor& actor, const std::string& airline) {
  if (auto refused = core::MissingPermission(actor, Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  return ListCheckInTimes(*lease, airline);
}

core::Result<void> ReferenceAdminService::SaveCheckInTimes(const core::Actor& actor, const std::string& airline,
                                                           const std::string& airport,
                                                           const std::optional<CheckInTimes>& times) {
  if (auto refused = core::MissingPermission(actor, Permission::kReferenceWrite)) return std::unexpected(*refused);
  if (!FindAirport(actor, airport))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", fmt::format("no airport {}", airport.substr(0, 3)), "airport");
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (auto ok = SetCheckInTimes(*lease, airline, airport, times); !ok) return ok;
  tx.Commit();
  return {};
}

core::Result<std::vector<std::pair<std::string, core::Money>>> ReferenceAdminService::ExtraPricesOf(
    const core::Actor& actor, const std::string& airline) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  return ExtraPrices(*lease, airline);
}

core::Result<void> ReferenceAdminService::SaveExtraPrice(const core::Actor& actor, const std::string& airline,
                                                         const std::string& code,
                                                         const std::optional<core::Money>& price) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresWrite)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (!price) {
    DeleteExtraPrice(*lease, airline, code);
  } else if (auto ok = SetExtraPrice(*lease, airline, code, *price); !ok) {
    return ok;
  }
  tx.Commit();
  return {};
}

core::Result<void> ReferenceAdminService::SaveAirlineProfile(const core::Actor& actor, const std::string& designator,
                                                             const std::string& country, const std::string& logo_url,
                                                             const core::PassengerRules& rules) {
  if (auto refused = core::MissingPermission(actor, Permission::kReferenceWrite)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (auto ok = SetAirlineProfile(*lease, designator, country, logo_url, rules); !ok) return ok;
  tx.Commit();
  return {};
}

core::Result<std::vector<CabinConfig>> ReferenceAdminService::Configs(const core::Actor& actor,
                                                                      const std::string& airline) {
  if (auto refused = core::MissingPermission(actor, Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  return ListCabinConfigs(*lease, airline);
}

core::Result<std::int64_t> ReferenceAdminService::SaveConfig(const core::Actor& actor, const std::string& airline,
                                                             const CabinConfig& config) {
  if (auto refused = core::MissingPermission(actor, Permission::kReferenceWrite)) return std::unexpected(*refused);
  const bool code_ok = !config.code.empty() && config.code.size() <= 8 &&
                       std::all_of(config.code.begin(), config.code.end(),
                                   [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
  if (!code_ok)
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG_CODE", "a configuration code is 1-8 letters A-Z or digits",
                "code");
  if (core::Trim(config.aircraft_type).empty() || config.aircraft_type.size() > 60)
    return Fail(ErrorKind::kInvalid, "INVALID_AIRCRAFT_TYPE", "the aircraft type is 1-60 characters",
                "aircraft_type");
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (!reference::FindAirline(*lease, airline))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRLINE", fmt::format("no airline {}", airline), "airline");
  auto id = UpsertCabinConfig(*lease, airline, config.code, std::string(core::Trim(config.aircraft_type)),
                              config.cabins, config.seat_map);
  if (!id) return std::unexpected(id.error());
  tx.Commit();
  return *id;
}

}  // namespace jetway::reference
