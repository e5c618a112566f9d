// The built-in staff roles and what each may do, and custom roles stored as a list of permission names. A role is
// a set of core::Permission; services check permissions, never role names.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "core/error.hpp"

namespace jetway::identity {

struct BuiltinRole {
  std::string_view name;
  core::Permissions permissions;
};

// administrator, reservations, revenue (revenue and inventory), schedules, finance, check_in, read_only.
std::span<const BuiltinRole> BuiltinRoles();
bool IsBuiltinRole(std::string_view name);
// A travel agency's people (the agent portal): agency_admin (bookings, the agency's account and statements, its
// users), agent (bookings), read_only (bookings, read only). Fixed: agencies save no roles of their own.
std::span<const BuiltinRole> AgencyRoles();

// "bookings.read bookings.write": the stored form of a role's permissions, in core::Permission order.
std::string FormatPermissions(const core::Permissions& permissions);
// UNKNOWN_PERMISSION (naming it) for a name that is not a core::Permission.
core::Result<core::Permissions> ParsePermissions(std::string_view text);

}  // namespace jetway::identity
