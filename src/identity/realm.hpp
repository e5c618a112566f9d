// Who signs in where. The airline's staff sign in to the back office, travel agencies' people to the agent portal,
// both the same way (identity/staff_service.hpp: passwords, second factor, sessions, lock-out, resets). A realm names
// the tables its people live in, the channel their actions are recorded under and their built-in roles; in the
// agency realm every user belongs to one agency, and an agency's administrator sees and manages that agency's users
// only.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "identity/roles.hpp"

namespace jetway::identity {

struct Realm {
  std::string_view table_prefix;  // "staff" or "agency": <prefix>_users, <prefix>_roles, <prefix>_sessions, …
  core::Channel channel;          // what their sessions' actors act as
  std::span<const BuiltinRole> roles;
  bool by_agency = false;         // each user belongs to an agency (agency_users.agency_id)
  bool custom_roles = true;       // whether roles beyond the built-in ones may be saved
  std::string_view user_noun;     // how the audit log names one of them: "user 7", "agency user 7"
};

const Realm& StaffRealm();
const Realm& AgencyRealm();

// A statement of identity_sql.hpp (written for staff) for the realm: its tables, and `{agency}` as the user's
// agency (0 for staff, whose scope is always 0).
std::string RealmSql(const Realm& realm, std::string_view statement);

}  // namespace jetway::identity
