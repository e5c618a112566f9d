#include "identity/audit_log.hpp"

#include <stdexcept>

#include "identity/identity_sql.hpp"

namespace jetway::identity {

AuditEntry AppendAudit(store::Connection& mgmt, const AuditRecord& record, core::Instant at) {
  // The head's lock makes concurrent appends take turns, each chaining onto the one before.
  auto head = mgmt.PrepareLocking(sql::kAuditHead);
  if (!head.Step()) throw std::runtime_error("the audit log has no head row: run `jetway migrate`");
  AuditEntry last;
  last.seq = head.Int(0);
  last.hash = head.Text(1);
  head.Exec();
  AuditEntry next{0, core::ToEpoch(at), record.actor, record.client, record.action, record.target,
                  record.before, record.after, "", ""};
  auto entry = Chain(std::move(next), last.seq == 0 ? std::nullopt : std::optional<AuditEntry>(last));
  mgmt.Prepare(sql::kInsertAudit)
      .Bind(1, entry.seq)
      .Bind(2, entry.at)
      .Bind(3, entry.actor)
      .Bind(4, entry.client)
      .Bind(5, entry.action)
      .Bind(6, entry.target)
      .Bind(7, entry.before)
      .Bind(8, entry.after)
      .Bind(9, entry.prev_hash)
      .Bind(10, entry.hash)
      .Exec();
  mgmt.Prepare(sql::kMoveAuditHead).Bind(1, entry.seq).Bind(2, entry.hash).Exec();
  return entry;
}

std::vector<AuditEntry> RecentAudit(store::Connection& mgmt, int limit) {
  std::vector<AuditEntry> rows;
  auto stmt = mgmt.Prepare(sql::kRecentAudit);
  stmt.Bind(1, static_cast<std::int64_t>(limit));
  while (stmt.Step())
    rows.push_back({stmt.Int(0), stmt.Int(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Text(5), stmt.Text(6),
                    stmt.Text(7), stmt.Text(8), stmt.Text(9)});
  return rows;
}

AuditVerdict VerifyAudit(store::Connection& mgmt) {
  store::Transaction tx(mgmt, store::Transaction::Mode::kRead);
  ChainHead anchor;
  {
    auto head = mgmt.Prepare(sql::kAuditHead);
    if (head.Step()) anchor = {head.Int(0), head.Text(1)};
  }
  AuditVerdict verdict;
  ChainVerifier verifier;
  auto rows = mgmt.Prepare(sql::kAuditRows);
  while (rows.Step()) {
    ++verdict.rows;
    AuditEntry row{rows.Int(0),  rows.Int(1),  rows.Text(2), rows.Text(3), rows.Text(4),
                   rows.Text(5), rows.Text(6), rows.Text(7), rows.Text(8), rows.Text(9)};
    if (auto broken = verifier.Next(row)) {
      verdict.broken = std::move(broken);
      return verdict;
    }
  }
  verdict.broken = verifier.Finish(anchor);
  return verdict;
}

}  // namespace jetway::identity
