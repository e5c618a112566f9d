#include "core/actor.hpp"

#include <fmt/core.h>

#include <array>
#include <utility>

#include "core/client_key.hpp"

namespace jetway::core {
namespace {

constexpr std::array<std::pair<Permission, std::string_view>, static_cast<std::size_t>(Permission::kCount)> kNames{{
    {Permission::kBookingsRead, "bookings.read"},
    {Permission::kBookingsWrite, "bookings.write"},
    {Permission::kPaymentsCash, "payments.cash"},
    {Permission::kInventoryRead, "inventory.read"},
    {Permission::kInventoryWrite, "inventory.write"},
    {Permission::kSchedulesRead, "schedules.read"},
    {Permission::kSchedulesWrite, "schedules.write"},
    {Permission::kFaresRead, "fares.read"},
    {Permission::kFaresWrite, "fares.write"},
    {Permission::kReferenceWrite, "reference.write"},
    {Permission::kReportsRead, "reports.read"},
    {Permission::kUsersManage, "users.manage"},
    {Permission::kAuditRead, "audit.read"},
    {Permission::kOperationsRead, "operations.read"},
    {Permission::kStatusWrite, "status.write"},
    {Permission::kAgenciesRead, "agencies.read"},
    {Permission::kAgenciesManage, "agencies.manage"},
    {Permission::kAgencyFunds, "agencies.funds"},
    {Permission::kDepartureControl, "departure.control"},
}};

constexpr std::array<Permission, static_cast<std::size_t>(Permission::kCount)> kAll = [] {
  std::array<Permission, static_cast<std::size_t>(Permission::kCount)> all{};
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = kNames[i].first;
  return all;
}();

// The table is in enum order, so a name is found by index.
static_assert([] {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (static_cast<std::size_t>(kNames[i].first) != i) return false;
  return true;
}());

}  // namespace

std::string_view ToString(Channel channel) {
  switch (channel) {
    case Channel::kWeb: return "web";
    case Channel::kApi: return "api";
    case Channel::kOffice: return "office";
    case Channel::kAgent: return "agent";
    case Channel::kPartner: return "partner";
    case Channel::kSystem: return "system";
  }
  return "api";
}

std::string_view ToString(Permission permission) { return kNames.at(static_cast<std::size_t>(permission)).second; }

std::optional<Permission> ParsePermission(std::string_view name) {
  for (const auto& [p, n] : kNames)
    if (n == name) return p;
  return std::nullopt;
}

std::span<const Permission> AllPermissions() { return kAll; }

Permissions Permissions::All() {
  Permissions all;
  for (auto p : kAll) all.Grant(p);
  return all;
}

Actor Actor::System() { return {Channel::kSystem, "system", "", Permissions::All()}; }

std::string Actor::Scope() const {
  std::string scope(ToString(channel));
  scope += Anonymous() ? "@" + ClientKey(client) : ":" + id;
  return scope;
}

std::string Actor::Label() const {
  std::string label(ToString(channel));
  if (!Anonymous()) label += ":" + id;
  return label;
}

std::optional<Error> MissingPermission(const Actor& actor, Permission permission) {
  if (actor.May(permission)) return std::nullopt;
  if (actor.Anonymous())
    return MakeError(ErrorKind::kUnauthorized, "AUTHENTICATION_REQUIRED",
                     fmt::format("log in first: this needs the permission {}", ToString(permission)));
  return MakeError(ErrorKind::kForbidden, "PERMISSION_DENIED",
                   fmt::format("your role does not grant the permission {}", ToString(permission)));
}

}  // namespace jetway::core
