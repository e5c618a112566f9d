// `jetway partner add` (and disable, enable, new-secret): partner-API credentials for scripts (the back office offers
// the same). The secret comes from
// standard input, so it is never in the shell's history or the process list. Runs as the database owner.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "app/databases.hpp"

namespace jetway::app {

struct PartnerAddOptions {
  std::string auth_id;
  std::string name;
  std::string agency;    // the code of the agency it books for; empty: none
  std::string airlines;  // designators, space- or comma-separated; empty: every hosted airline
  std::string methods;   // methods and groups; empty: the selling groups (partners::DefaultMethods)
  int searches_per_minute = -1;  // -1: the default quota
  int searches_per_day = -1;
  int bookings_per_minute = -1;
  int bookings_per_day = -1;
  int look_to_book = -1;
  std::string webhook_url;
};

// Returns the exit code: 0 added, 2 refused (the reason on `err`).
int RunPartnerAdd(Databases& owner, const PartnerAddOptions& options, std::istream& in, std::ostream& out,
                  std::ostream& err);

// `jetway partner disable|enable|new-secret --auth-id ID`: what the back office's partner page does, for scripts (a
// leaked secret is replaced, or a partner shut out, at once). new-secret reads the new secret from standard input.
enum class PartnerAccess { kDisable, kEnable, kNewSecret };
int RunPartnerAccess(Databases& owner, PartnerAccess action, const std::string& auth_id, std::istream& in,
                     std::ostream& out, std::ostream& err);

}  // namespace jetway::app
