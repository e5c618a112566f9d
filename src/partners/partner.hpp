// A partner of the partner API: an online travel agency, a metasearch site or an agency's own system that calls the
// AeroCRS-compatible API (aerocrs/) with a credential: an `auth_id` and a secret kept only as a salted hash. The
// credential says which of the deployment's airlines the partner sees and books, which methods it may call, the
// travel agency it books for (whose account pays: credit or deposit), and its quotas. Pure rules, no I/O; the record
// lives in the management database (partners/partner_service.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::partners {

enum class PartnerStatus { kActive, kDisabled };
std::string_view ToString(PartnerStatus status);  // "active", "disabled"
std::optional<PartnerStatus> ParsePartnerStatus(std::string_view text);

// What a call costs against the quotas: a search (shopping), a booking (a hold), or neither.
enum class CallKind { kSearch, kBooking, kOther };

// The partner API's methods, each in the group of the AeroCRS reference it belongs to. A credential is granted
// methods one by one or a group at a time; the airline-side groups (agents, inventory, dcs) only explicitly.
struct PartnerMethod {
  std::string_view name;   // as partners call it: "getDeepLink"
  std::string_view group;  // "reference", "shopping", "booking", "payment", "extras", "agents", "inventory", "dcs"
  CallKind kind = CallKind::kOther;
};
std::span<const PartnerMethod> PartnerMethods();
// nullptr for a name that is not a method (matched exactly, as the reference spells it).
const PartnerMethod* FindMethod(std::string_view name);
// What a new credential may call unless told otherwise: a selling partner's groups (reference, shopping, booking,
// payment, extras).
std::vector<std::string> DefaultMethods();
// "booking getAgency" -> every method of the booking group and getAgency, sorted, no repeats; "all" is every method.
// UNKNOWN_METHOD naming the first word that is neither a group nor a method.
core::Result<std::vector<std::string>> ExpandMethods(std::string_view words);

struct Quotas {
  int searches_per_minute = 600;
  int searches_per_day = 200000;
  int bookings_per_minute = 60;
  int bookings_per_day = 5000;
  int look_to_book = 0;  // the most searches per booking over a day, once it has had kLookToBookGrace; 0: no ceiling
};
inline constexpr int kLookToBookGrace = 1000;  // searches a day before the look-to-book ceiling applies

struct Partner {
  std::int64_t id = 0;
  std::string auth_id;  // what the partner sends as `auth_id`
  std::string name;
  PartnerStatus status = PartnerStatus::kActive;
  std::int64_t agency_id = 0;         // the agency whose account pays for its bookings; 0: none (card or pending)
  std::vector<std::string> airlines;  // the designators it sees and books, sorted; empty: every hosted airline
  std::vector<std::string> methods;   // the methods it may call, sorted
  Quotas quotas;
  std::string webhook_url;  // where booking events are pushed; empty: none
  core::Instant created_at;
  core::Instant updated_at;
};

bool MayCall(const Partner& partner, std::string_view method);
bool MaySee(const Partner& partner, std::string_view airline);
// What a call of `method` may do in the services it reaches, as staff permissions: a partner granted getSchedule
// reads schedules (schedules.read), updateClass changes seats (inventory.write), createDeposit tops up its
// agency's account (agency_funds), and so on; nothing for the selling methods, which the services grant any caller.
// Given for that call alone, so a credential is never more than the methods it was granted.
core::Permissions MethodPermissions(std::string_view method);

// An auth_id: 8-64 characters of letters, digits and . _ - (AeroCRS issues GUIDs; any such id works).
bool IsAuthId(std::string_view text);
// Checks and normalises a partner (trims the name, sorts the lists): the first problem, with its field.
core::Result<Partner> ValidPartner(Partner partner);
// A secret: kMinSecretLength-kMaxSecretLength printable ASCII characters. It is checked on every call with one
// salted SHA-256 (a call cannot wait for a password hash), so it must be long and random rather than memorable:
// WEAK_SECRET below that length.
inline constexpr std::size_t kMinSecretLength = 24;
inline constexpr std::size_t kMaxSecretLength = 256;
core::Result<void> ValidSecret(std::string_view secret);
// The stored form of a secret: lower-case hex SHA-256 of the salt and the secret.
std::string SecretHash(std::string_view salt, std::string_view secret);

// "ZZ FR" -> {"FR", "ZZ"} and back: the stored form of a list (space-separated).
std::string JoinWords(const std::vector<std::string>& words);
std::vector<std::string> SplitWords(std::string_view text);

}  // namespace jetway::partners
