#include "identity/roles.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

namespace jetway::identity {
namespace {

using P = core::Permission;

core::Permissions Reads() {
  return {P::kBookingsRead, P::kInventoryRead, P::kSchedulesRead, P::kFaresRead, P::kReportsRead, P::kAgenciesRead};
}

const std::array<BuiltinRole, 7>& Table() {
  static const std::array<BuiltinRole, 7> roles{{
      {"administrator", core::Permissions::All()},
      {"reservations",
       {P::kBookingsRead, P::kBookingsWrite, P::kPaymentsCash, P::kInventoryRead, P::kSchedulesRead, P::kFaresRead,
        P::kAgenciesRead}},
      {"revenue",
       {P::kBookingsRead, P::kInventoryRead, P::kInventoryWrite, P::kFaresRead, P::kFaresWrite, P::kSchedulesRead,
        P::kReportsRead}},
      {"schedules",
       {P::kSchedulesRead, P::kSchedulesWrite, P::kInventoryRead, P::kReferenceWrite, P::kFaresRead,
        P::kBookingsRead}},
      {"finance",
       {P::kBookingsRead, P::kPaymentsCash, P::kReportsRead, P::kFaresRead, P::kAgenciesRead, P::kAgencyFunds}},
      {"check_in", {P::kBookingsRead, P::kSchedulesRead, P::kInventoryRead, P::kDepartureControl}},
      {"read_only", Reads()},
  }};
  return roles;
}

}  // namespace

std::span<const BuiltinRole> BuiltinRoles() { return Table(); }

std::span<const BuiltinRole> AgencyRoles() {
  static const std::array<BuiltinRole, 3> roles{{
      {"agency_admin", {P::kBookingsRead, P::kBookingsWrite, P::kAgenciesRead, P::kUsersManage}},
      {"agent", {P::kBookingsRead, P::kBookingsWrite}},
      {"read_only", {P::kBookingsRead}},
  }};
  return roles;
}

bool IsBuiltinRole(std::string_view name) {
  return std::any_of(Table().begin(), Table().end(), [&](const BuiltinRole& r) { return r.name == name; });
}

std::string FormatPermissions(const core::Permissions& permissions) {
  std::string text;
  for (auto p : core::AllPermissions())
    if (permissions.Has(p)) {
      if (!text.empty()) text += ' ';
      text += core::ToString(p);
    }
  return text;
}

core::Result<core::Permissions> ParsePermissions(std::string_view text) {
  core::Permissions permissions;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const auto name = text.substr(start, end - start);
    start = end + 1;
    if (name.empty()) continue;
    const auto permission = core::ParsePermission(name);
    if (!permission)
      return core::Fail(core::ErrorKind::kInvalid, "UNKNOWN_PERMISSION", fmt::format("no permission is called '{}'", name),
                        "permissions");
    permissions.Grant(*permission);
  }
  return permissions;
}

}  // namespace jetway::identity
