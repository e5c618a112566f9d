// The pure part of the back office's tamper-evident audit log. Every staff action is appended as a row that carries
// the hash of the row before it, so editing, deleting or re-ordering any row breaks the chain from that row on, and
// `jetway audit verify` can name the FIRST row that can no longer be trusted.
//
// What the chain cannot see by itself: rows cut off the END leave a shorter chain that is still perfectly valid, and
// whoever can write the table can also re-compute every hash (SHA-256 here is unkeyed). Both are closed by a head
// anchor: the application keeps the last row's seq and hash (a ChainHead) OUTSIDE the audit table (another store, a
// file, a log shipped off the host) and updates it on each append; ChainVerifier::Finish compares the chain's end
// with it. The anchor is only as safe as the place it is kept, and it may lag by the one row written just before a
// crash: that is reported too, for a person to look at, rather than silently trusted.
//
// Canonical form hashed (version 1): netstrings `<decimal byte length>:<bytes>,` of, in order, the tag
// "jetway-audit-v1", seq and at as decimal text, actor, client, action, target, before, after, prev_hash. The length
// prefix makes the encoding unambiguous ("ab"+"c" never equals "a"+"bc"); the tag lets a later format coexist with
// old rows. Fields are hashed as raw bytes (UTF-8 is not normalised: the bytes stored are the bytes signed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetway::identity {

// prev_hash of row 1: there is no row before it.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at = 0;  // epoch seconds UTC
  std::string actor;    // staff user id or e-mail
  std::string client;   // address the action came from
  std::string action;   // e.g. "inventory.close_class"
  std::string target;   // e.g. "flight 42 class M"
  std::string before;   // JSON text or empty
  std::string after;    // JSON text or empty
  std::string prev_hash;
  std::string hash;  // lower-case hex SHA-256 of AuditCanonical
};

// The end of the chain as the application last wrote it, kept apart from the table. An empty chain's head is
// {0, kGenesisHash}.
struct ChainHead {
  std::int64_t seq = 0;
  std::string hash{kGenesisHash};
};

// `seq` names the first row that can no longer be trusted (for missing rows, the first one missing).
struct ChainBreak {
  std::int64_t seq = 0;
  std::string reason;
};

// Every field except `hash`, in the canonical form above.
std::string AuditCanonical(const AuditEntry& entry);
std::string AuditHash(const AuditEntry& entry);

// `next` with seq, prev_hash and hash filled in to follow `last` (nullopt: `next` is row 1).
AuditEntry Chain(AuditEntry next, const std::optional<AuditEntry>& last);

// Fed the rows in seq order one at a time, so a table of millions need not be held in memory. After the first
// break it keeps returning that break: what follows a break proves nothing.
class ChainVerifier {
 public:
  std::optional<ChainBreak> Next(const AuditEntry& row);
  // Ends the walk. Without an anchor, rows removed from the end cannot be detected.
  std::optional<ChainBreak> Finish(const std::optional<ChainHead>& anchor);
  // The end of the rows seen so far: what to store as the anchor when adopting an existing, verified chain.
  ChainHead Head() const { return {last_seq_, last_hash_}; }

 private:
  std::optional<ChainBreak> Check(const AuditEntry& row) const;
  std::optional<ChainBreak> CheckSeq(std::int64_t seq) const;
  std::optional<ChainBreak> CheckAnchor(const ChainHead& anchor) const;

  std::int64_t last_seq_ = 0;
  std::string last_hash_{kGenesisHash};
  std::optional<ChainBreak> broken_;
};

// The whole walk over rows already in memory.
std::optional<ChainBreak> VerifyChain(const std::vector<AuditEntry>& rows_in_seq_order,
                                      const std::optional<ChainHead>& anchor = std::nullopt);

}  // namespace jetway::identity
