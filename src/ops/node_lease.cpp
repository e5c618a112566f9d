#include "ops/node_lease.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace jetway::ops {

bool TakeLease(store::ConnectionPool& mgmt, const std::string& name, const std::string& holder, core::Instant now,
               std::chrono::seconds ttl) {
  return store::RetryConflicts([&] {
    auto lease = mgmt.Acquire();
    store::Transaction tx(*lease);
    store::DontWaitForStandby(*lease);
    auto insert = lease->Prepare(
        "INSERT INTO node_leases(name, holder, expires_at) SELECT ?, '', 0 WHERE NOT EXISTS "
        "(SELECT 1 FROM node_leases WHERE name = ?)");
    insert.Bind(1, name).Bind(2, name).Step();
    auto take = lease->Prepare(
        "UPDATE node_leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at < ?)");
    take.Bind(1, holder).Bind(2, core::ToEpoch(now + ttl)).Bind(3, name).Bind(4, holder).Bind(5, core::ToEpoch(now)).Step();
    const bool taken = lease->Changes() == 1;
    tx.Commit();
    return taken;
  });
}

std::string NodeName() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host[0] ? host : "localhost", ::getpid());
}

}  // namespace jetway::ops
