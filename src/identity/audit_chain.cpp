#include "identity/audit_chain.hpp"

#include <fmt/format.h>

#include <utility>

#include "core/digest.hpp"

namespace jetway::identity {

namespace {

constexpr std::string_view kVersionTag = "jetway-audit-v1";

void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

// "row 5" or "rows 5 to 9": the wording of a run of missing rows.
std::string RowRange(std::int64_t first, std::int64_t last) {
  return first == last ? fmt::format("row {} is", first) : fmt::format("rows {} to {} are", first, last);
}

std::string RowRangeWere(std::int64_t first, std::int64_t last) {
  return first == last ? fmt::format("row {} was", first) : fmt::format("rows {} to {} were", first, last);
}

}  // namespace

std::string AuditCanonical(const AuditEntry& entry) {
  std::string out;
  out.reserve(128 + entry.actor.size() + entry.client.size() + entry.action.size() + entry.target.size() +
              entry.before.size() + entry.after.size() + entry.prev_hash.size());
  AppendField(out, kVersionTag);
  AppendField(out, std::to_string(entry.seq));
  AppendField(out, std::to_string(entry.at));
  for (const std::string* field :
       {&entry.actor, &entry.client, &entry.action, &entry.target, &entry.before, &entry.after, &entry.prev_hash})
    AppendField(out, *field);
  return out;
}

std::string AuditHash(const AuditEntry& entry) { return core::Sha256Hex(AuditCanonical(entry)); }

AuditEntry Chain(AuditEntry next, const std::optional<AuditEntry>& last) {
  next.seq = last ? last->seq + 1 : 1;
  next.prev_hash = last ? last->hash : std::string(kGenesisHash);
  next.hash = AuditHash(next);
  return next;
}

std::optional<ChainBreak> ChainVerifier::Next(const AuditEntry& row) {
  if (broken_) return broken_;
  if (auto found = Check(row)) return broken_ = std::move(found);
  last_seq_ = row.seq;
  last_hash_ = row.hash;
  return std::nullopt;
}

// The content is checked first: a hash that no longer matches is a certain fact about this row, whereas a seq out of
// place may itself be the altered field.
std::optional<ChainBreak> ChainVerifier::Check(const AuditEntry& row) const {
  const std::int64_t expected = last_seq_ + 1;
  if (AuditHash(row) != row.hash) {
    const std::string which = row.seq == expected ? fmt::format("row {}", expected)
                              : last_seq_ == 0    ? fmt::format("the first row (seq {})", row.seq)
                                                  : fmt::format("the row after row {} (seq {})", last_seq_, row.seq);
    return ChainBreak{expected, which + " was altered: its content no longer matches its hash"};
  }
  if (auto found = CheckSeq(row.seq)) return found;
  if (row.prev_hash == last_hash_) return std::nullopt;
  if (expected == 1)
    return ChainBreak{1,
                      "row 1 does not start from the genesis hash: earlier rows were removed and the chain "
                      "re-started, or row 1 was re-written"};
  return ChainBreak{expected, fmt::format("row {} does not follow row {}: its prev_hash is not row {}'s hash (row {} "
                                          "was altered and re-hashed, or rows were re-ordered, or removed and "
                                          "re-chained)",
                                          expected, last_seq_, last_seq_, last_seq_)};
}

std::optional<ChainBreak> ChainVerifier::CheckSeq(std::int64_t seq) const {
  const std::int64_t expected = last_seq_ + 1;
  if (seq == expected) return std::nullopt;
  if (seq > expected) {
    const std::string context = last_seq_ == 0 ? fmt::format("the chain starts at row {}", seq)
                                               : fmt::format("row {} follows row {}", seq, last_seq_);
    return ChainBreak{expected, fmt::format("{} missing: {}", RowRange(expected, seq - 1), context)};
  }
  return ChainBreak{
      expected, fmt::format("rows are out of order: row {} follows row {} (re-ordered or duplicated)", seq, last_seq_)};
}

std::optional<ChainBreak> ChainVerifier::Finish(const std::optional<ChainHead>& anchor) {
  if (broken_ || !anchor) return broken_;
  if (auto found = CheckAnchor(*anchor)) broken_ = std::move(found);
  return broken_;
}

std::optional<ChainBreak> ChainVerifier::CheckAnchor(const ChainHead& anchor) const {
  if (anchor.seq > last_seq_)
    return ChainBreak{last_seq_ + 1, fmt::format("{} removed from the end: the head anchor says the last row is {}",
                                                 RowRangeWere(last_seq_ + 1, anchor.seq), anchor.seq)};
  if (anchor.seq < last_seq_)
    return ChainBreak{anchor.seq + 1,
                      fmt::format("{} past the head anchor (row {}): written outside the application, or the anchor "
                                  "was not updated (a crash between the two writes)",
                                  RowRange(anchor.seq + 1, last_seq_), anchor.seq)};
  if (anchor.hash == last_hash_) return std::nullopt;
  if (anchor.seq == 0) return ChainBreak{0, "the head anchor names no rows but is not the genesis hash"};
  return ChainBreak{anchor.seq, fmt::format("row {} does not match the head anchor: the chain was re-written and "
                                            "re-hashed at or before row {}",
                                            anchor.seq, anchor.seq)};
}

std::optional<ChainBreak> VerifyChain(const std::vector<AuditEntry>& rows_in_seq_order,
                                      const std::optional<ChainHead>& anchor) {
  ChainVerifier verifier;
  for (const auto& row : rows_in_seq_order)
    if (auto found = verifier.Next(row)) return found;
  return verifier.Finish(anchor);
}

}  // namespace jetway::identity
