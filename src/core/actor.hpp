// Who is asking: the caller identity every service takes, so that a service, not each front door, decides what a
// caller may do. The channel says which front door the request came through; `id` names the staff user, agency or
// partner behind it (empty for a passenger, who is anonymous); `permissions` are what its role grants. A front door
// builds the Actor once per request from what it authenticated, and passes it down unchanged.
#pragma once

#include <bitset>
#include <initializer_list>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jetway::core {

// kSystem is jetway itself and its operator at the machine: the command line, the periodic tasks.
enum class Channel { kWeb, kApi, kOffice, kAgent, kPartner, kSystem };

std::string_view ToString(Channel channel);

// The one list of what a role can grant. Names are stable: custom roles store them, and the back office shows them.
enum class Permission : std::size_t {
  kBookingsRead,     // open any booking without the passenger's proof
  kBookingsWrite,    // change, cancel and resend any booking
  kPaymentsCash,     // take cash for a booking at an airline office
  kInventoryRead,
  kInventoryWrite,
  kSchedulesRead,
  kSchedulesWrite,
  kFaresRead,
  kFaresWrite,
  kReferenceWrite,   // airports, aircraft, the airline's settings
  kReportsRead,
  kUsersManage,
  kAuditRead,
  kOperationsRead,   // the error tracker's causes and error rates
  kStatusWrite,      // incidents on the public status page
  kAgenciesRead,     // the travel agencies, their accounts and ledgers
  kAgenciesManage,   // add agencies, change their details, suspend them
  kAgencyFunds,      // credit limits, deposits and adjustments on agencies' accounts
  kDepartureControl,  // the airport: passenger lists, desk check-in, boarding, offloading, closing flights
  kCount
};

std::string_view ToString(Permission permission);
std::optional<Permission> ParsePermission(std::string_view name);
std::span<const Permission> AllPermissions();

class Permissions {
 public:
  Permissions() = default;
  Permissions(std::initializer_list<Permission> list) {
    for (auto p : list) Grant(p);
  }
  static Permissions All();
  void Grant(Permission p) { bits_.set(static_cast<std::size_t>(p)); }
  bool Has(Permission p) const { return bits_.test(static_cast<std::size_t>(p)); }
  bool Empty() const { return bits_.none(); }
  bool operator==(const Permissions&) const = default;

 private:
  std::bitset<static_cast<std::size_t>(Permission::kCount)> bits_;
};

struct Actor {
  Channel channel = Channel::kApi;
  std::string id;      // the staff user, agency or partner; empty for an anonymous passenger
  std::string client;  // the caller's network address as the front door saw it (for the limits against abuse)
  Permissions permissions;
  // The travel agency an agent (or a partner booking for one) acts for: its bookings, its account. 0 for none.
  std::int64_t agency_id = 0;
  // The partner (a partner-API credential, partners/partner.hpp) behind the call: it sees only the bookings it made.
  std::int64_t partner_id = 0;

  static Actor Passenger(Channel channel, std::string client) { return {channel, {}, std::move(client), {}}; }
  // The operator at the machine (`jetway user add` on a fresh install), who may do anything.
  static Actor System();
  bool May(Permission p) const { return permissions.Has(p); }
  bool Anonymous() const { return id.empty(); }
  // Whose Idempotency-Keys these are: keys are chosen by callers, so one caller's key never answers another's
  // request. A known caller by channel and id; an anonymous one by channel and address (core::ClientKey).
  std::string Scope() const;
  // How history records who acted: the channel, and the user for a known caller ("office:ops@example.com").
  std::string Label() const;
};

// What a service answers a caller without `permission`: nullopt when it has it; otherwise UNAUTHORIZED
// (AUTHENTICATION_REQUIRED) for an anonymous caller, who may yet log in, and FORBIDDEN (PERMISSION_DENIED) for a known
// one, whose role does not grant it.
std::optional<Error> MissingPermission(const Actor& actor, Permission permission);

}  // namespace jetway::core
