// The command line's staff and audit commands: `jetway user add` (the first administrator on a fresh install, or
// anyone later; with --agency, a travel agency's user, as its first agency_admin) and `jetway audit verify`. They run as the database owner, like migrate.
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "app/config.hpp"
#include "app/databases.hpp"

namespace jetway::app {

struct UserAddOptions {
  std::string email;
  std::string role;
  std::string name;             // defaults to the address's local part
  std::string agency;           // an agency's code: the user is that agency's, for the agent portal
  bool password_from_stdin = false;  // else a one-time password is printed, to be changed at first sign-in
};

// Returns the exit code: 0 added, 2 refused (the reason on `err`).
int RunUserAdd(const Config& config, Databases& owner, const UserAddOptions& options, std::istream& in,
               std::ostream& out, std::ostream& err);
// 0 when the chain is whole; 1, naming the first row that is not, when it is not.
int RunAuditVerify(Databases& owner, std::ostream& out);

}  // namespace jetway::app
