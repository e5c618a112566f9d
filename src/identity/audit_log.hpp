// The back office's audit log in the management database: every staff action appended as one row of a hash chain
// (identity/audit_chain.hpp), in the same transaction as the change it records when that change is in the
// management database too. The head row (audit_head) is locked by each append, so appends from any number of nodes
// form one chain, and it anchors the chain's end for verification: a row cut off the end no longer matches it.
// No application role may update or delete a row (PostgreSQL grants, store/privileges.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "identity/audit_chain.hpp"
#include "store/store.hpp"

namespace jetway::identity {

// What happened: who (a staff user's e-mail, or "system"), from where, what (a dotted action name such as
// "user.create"), to what, and the state before and after (JSON text; empty when there is none).
struct AuditRecord {
  std::string actor;
  std::string client;
  std::string action;
  std::string target;
  std::string before;
  std::string after;
};

// Appends inside the caller's open write transaction on `mgmt`; returns the row as chained.
AuditEntry AppendAudit(store::Connection& mgmt, const AuditRecord& record, core::Instant at);

struct AuditVerdict {
  std::int64_t rows = 0;
  std::optional<ChainBreak> broken;  // the first row that can no longer be trusted
};
// The newest `limit` rows, newest first (the back office's audit screen).
std::vector<AuditEntry> RecentAudit(store::Connection& mgmt, int limit);

// Walks the whole log in order (streaming, one row at a time) and checks it against the head row.
AuditVerdict VerifyAudit(store::Connection& mgmt);

}  // namespace jetway::identity
