#include "app/staff_cli.hpp"

#include <fmt/ostream.h>

#include "app/back_office.hpp"
#include "identity/audit_log.hpp"
#include "identity/staff_service.hpp"

namespace jetway::app {

int RunUserAdd(const Config& config, Databases& owner, const UserAddOptions& options, std::istream& in,
               std::ostream& out, std::ostream& err) {
  const auto common = LoadCommonPasswords(config.common_passwords);
  core::SystemClock clock;
  core::SystemRandom random;
  identity::StaffService staff(*owner.mgmt, *owner.data, clock, random, common);
  std::optional<std::string> password;
  if (options.password_from_stdin) {
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    password = line;
  }
  const auto name = options.name.empty() ? options.email.substr(0, options.email.find('@')) : options.name;
  // The command line is the operator at the machine: "system" in the audit log.
  const auto added = staff.AddUser(core::Actor::System(), options.email, name, options.role, password);
  if (!added) {
    fmt::print(err, "jetway: {} ({})\n", added.error().message, added.error().code);
    return 2;
  }
  fmt::print(out, "added {} ({}) as {}, user {}\n", added->user.email, added->user.display_name, added->user.role,
             added->user.id);
  if (added->one_time_password)
    fmt::print(out, "one-time password: {}\n(it must be changed at the first sign-in)\n", *added->one_time_password);
  return 0;
}

int RunAuditVerify(Databases& owner, std::ostream& out) {
  auto lease = owner.mgmt->Acquire();
  const auto verdict = identity::VerifyAudit(*lease);
  if (!verdict.broken) {
    fmt::print(out, "audit log intact: {} rows\n", verdict.rows);
    return 0;
  }
  fmt::print(out, "audit log broken at row {}: {}\n", verdict.broken->seq, verdict.broken->reason);
  return 1;
}

}  // namespace jetway::app
