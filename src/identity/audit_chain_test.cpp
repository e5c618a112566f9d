#include "identity/audit_chain.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace jetway::identity {
namespace {

// A reason is for people; the tests pin the part that names the row and the kind of break.
::testing::AssertionResult Mentions(const std::string& reason, std::string_view part) {
  if (reason.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << reason << "\" does not mention \"" << part << "\"";
}

AuditEntry Action(int i) {
  AuditEntry entry;
  entry.at = 1'800'000'000 + 60 * i;
  entry.actor = i % 3 == 0 ? "staff-7" : "agent@example.com";
  entry.client = "10.0.0." + std::to_string(i);
  entry.action = i % 2 == 0 ? "inventory.close_class" : "pricing.set_fare";
  entry.target = "flight " + std::to_string(40 + i) + " class M";
  entry.before = i % 4 == 0 ? "" : "{\"open\":true}";
  entry.after = "{\"open\":false}";
  return entry;
}

std::vector<AuditEntry> MakeChain(int n) {
  std::vector<AuditEntry> rows;
  std::optional<AuditEntry> last;
  for (int i = 1; i <= n; ++i) last = rows.emplace_back(Chain(Action(i), last));
  return rows;
}

ChainHead HeadOf(const std::vector<AuditEntry>& rows) { return {rows.back().seq, rows.back().hash}; }

// What a writer with access to the table but not to the anchor can do: re-compute every hash from `from` on.
void Rechain(std::vector<AuditEntry>& rows, std::size_t from) {
  for (std::size_t i = from; i < rows.size(); ++i) {
    rows[i].seq = static_cast<std::int64_t>(i) + 1;
    rows[i].prev_hash = i == 0 ? std::string(kGenesisHash) : rows[i - 1].hash;
    rows[i].hash = AuditHash(rows[i]);
  }
}

TEST(AuditChain, CanonicalFormIsPinned) {
  // Computed independently (Python hashlib): a change here would orphan every row already stored.
  AuditEntry entry{1,
                   1'800'000'000,
                   "agent@example.com",
                   "10.0.0.7",
                   "inventory.close_class",
                   "flight 42 class M",
                   "{\"open\":true}",
                   "{\"open\":false}",
                   std::string(kGenesisHash),
                   "ignored"};
  EXPECT_EQ(AuditCanonical(entry),
            "15:jetway-audit-v1,1:1,10:1800000000,17:agent@example.com,8:10.0.0.7,21:inventory.close_class,"
            "17:flight 42 class M,13:{\"open\":true},14:{\"open\":false},64:" +
                std::string(kGenesisHash) + ",");
  EXPECT_EQ(AuditHash(entry), "889b65abc0d1f8937df2257f4b5498ce9db583bd9ff191567fc46c38c3b4fd9b");
}

TEST(AuditChain, FieldBoundariesCannotShift) {
  AuditEntry a = Action(1), b = Action(1);
  a.actor = "ab", a.client = "c";
  b.actor = "a", b.client = "bc";
  EXPECT_NE(AuditHash(a), AuditHash(b));
  a = b = Action(1);
  a.before = "", a.after = "x";
  b.before = "x", b.after = "";
  EXPECT_NE(AuditHash(a), AuditHash(b));
}

TEST(AuditChain, ChainFillsSeqPrevHashAndHash) {
  AuditEntry first = Action(1);
  first.seq = 99, first.prev_hash = "forged", first.hash = "forged";  // the caller's values do not count
  first = Chain(first, std::nullopt);
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(first.prev_hash, kGenesisHash);
  EXPECT_EQ(first.hash, AuditHash(first));
  EXPECT_EQ(first.hash.size(), 64u);
  const AuditEntry second = Chain(Action(2), first);
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(second.prev_hash, first.hash);
  EXPECT_NE(second.hash, first.hash);
}

TEST(AuditChain, AnIntactChainVerifies) {
  const auto rows = MakeChain(20);
  EXPECT_FALSE(VerifyChain(rows));
  EXPECT_FALSE(VerifyChain(rows, HeadOf(rows)));
  ChainVerifier verifier;
  for (const auto& row : rows) EXPECT_FALSE(verifier.Next(row));
  EXPECT_EQ(verifier.Head().seq, 20);
  EXPECT_EQ(verifier.Head().hash, rows.back().hash);
  EXPECT_FALSE(verifier.Finish(HeadOf(rows)));
}

TEST(AuditChain, AlteringAnyFieldOfAnyRowIsCaughtAtThatRow) {
  const std::vector<std::pair<const char*, std::function<void(AuditEntry&)>>> edits = {
      {"seq", [](AuditEntry& e) { e.seq += 1000; }},
      {"at", [](AuditEntry& e) { e.at += 1; }},
      {"actor", [](AuditEntry& e) { e.actor = "someone-else"; }},
      {"client", [](AuditEntry& e) { e.client += "1"; }},
      {"action", [](AuditEntry& e) { e.action = "inventory.open_class"; }},
      {"target", [](AuditEntry& e) { e.target = "flight 1 class Y"; }},
      {"before", [](AuditEntry& e) { e.before = "{}"; }},
      {"after", [](AuditEntry& e) { e.after.clear(); }},
      {"prev_hash", [](AuditEntry& e) { e.prev_hash[0] = e.prev_hash[0] == 'a' ? 'b' : 'a'; }},
      {"hash", [](AuditEntry& e) { e.hash[63] = e.hash[63] == 'a' ? 'b' : 'a'; }},
  };
  const auto intact = MakeChain(20);
  for (std::size_t i = 0; i < intact.size(); ++i) {
    for (const auto& [name, edit] : edits) {
      auto rows = intact;
      edit(rows[i]);
      const auto found = VerifyChain(rows, HeadOf(intact));
      ASSERT_TRUE(found) << name << " of row " << i + 1;
      EXPECT_EQ(found->seq, static_cast<std::int64_t>(i) + 1) << name;
      EXPECT_TRUE(Mentions(found->reason, "altered: its content no longer matches its hash")) << name;
    }
  }
}

TEST(AuditChain, AlteredRowIsNamedInTheReason) {
  auto rows = MakeChain(20);
  rows[6].actor = "someone-else";
  EXPECT_EQ(VerifyChain(rows)->reason, "row 7 was altered: its content no longer matches its hash");
  rows = MakeChain(20);
  rows[6].seq = 700;
  EXPECT_EQ(VerifyChain(rows)->reason,
            "the row after row 6 (seq 700) was altered: its content no longer matches its hash");
}

TEST(AuditChain, DeletingAMiddleRowIsCaught) {
  auto rows = MakeChain(20);
  rows.erase(rows.begin() + 7);
  const auto found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 8);
  EXPECT_EQ(found->reason, "row 8 is missing: row 9 follows row 7");
  rows.erase(rows.begin() + 7, rows.begin() + 9);
  EXPECT_EQ(VerifyChain(rows)->reason, "rows 8 to 10 are missing: row 11 follows row 7");
}

TEST(AuditChain, DeletingTheFirstRowIsCaught) {
  auto rows = MakeChain(20);
  rows.erase(rows.begin());
  const auto found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 1);
  EXPECT_EQ(found->reason, "row 1 is missing: the chain starts at row 2");
}

TEST(AuditChain, SwappingTwoRowsIsCaught) {
  auto rows = MakeChain(20);
  std::swap(rows[4], rows[5]);  // rows 5 and 6 read back in the wrong order
  auto found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 5);
  EXPECT_EQ(found->reason, "row 5 is missing: row 6 follows row 4");

  // The same swap with the seq numbers and own hashes re-written to look in order.
  rows = MakeChain(20);
  std::swap(rows[4], rows[5]);
  for (std::size_t i : {4u, 5u}) rows[i].seq = static_cast<std::int64_t>(i) + 1, rows[i].hash = AuditHash(rows[i]);
  found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 5);
  EXPECT_TRUE(Mentions(found->reason, "row 5 does not follow row 4: its prev_hash is not row 4's hash"));
}

TEST(AuditChain, ADuplicatedRowIsOutOfOrder) {
  auto rows = MakeChain(20);
  rows.insert(rows.begin() + 5, rows[4]);
  const auto found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 6);
  EXPECT_EQ(found->reason, "rows are out of order: row 5 follows row 5 (re-ordered or duplicated)");
}

TEST(AuditChain, DeletingTheLastRowIsCaughtOnlyWithTheHeadAnchor) {
  const auto intact = MakeChain(20);
  auto rows = intact;
  rows.pop_back();
  EXPECT_FALSE(VerifyChain(rows));  // the limitation: a shorter chain is a valid chain
  auto found = VerifyChain(rows, HeadOf(intact));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 20);
  EXPECT_EQ(found->reason, "row 20 was removed from the end: the head anchor says the last row is 20");
  rows.resize(15);
  EXPECT_EQ(VerifyChain(rows, HeadOf(intact))->reason,
            "rows 16 to 20 were removed from the end: the head anchor says the last row is 20");
}

TEST(AuditChain, ARehashedTamperedRowIsCaughtAtTheNextRow) {
  auto rows = MakeChain(20);
  rows[9].after = "{\"open\":true}";
  rows[9].hash = AuditHash(rows[9]);
  const auto found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 11);
  EXPECT_TRUE(Mentions(found->reason,
                       "row 11 does not follow row 10: its prev_hash is not row 10's hash (row 10 "
                       "was altered and re-hashed"));
}

TEST(AuditChain, ARewrittenChainIsCaughtOnlyByTheHeadAnchorHash) {
  const auto intact = MakeChain(20);
  auto rows = intact;
  rows[9].actor = "someone-else";
  Rechain(rows, 9);
  EXPECT_FALSE(VerifyChain(rows));  // unkeyed hashes: whoever writes the table can re-compute them
  const auto found = VerifyChain(rows, HeadOf(intact));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 20);
  EXPECT_TRUE(Mentions(found->reason, "row 20 does not match the head anchor"));

  // A middle row removed and everything after it re-numbered and re-chained: one row short of the anchor.
  rows = intact;
  rows.erase(rows.begin() + 9);
  Rechain(rows, 9);
  EXPECT_FALSE(VerifyChain(rows));
  EXPECT_EQ(VerifyChain(rows, HeadOf(intact))->seq, 20);
}

TEST(AuditChain, TheFirstRowMustStartFromGenesis) {
  auto rows = MakeChain(20);
  rows[0].prev_hash = std::string(64, 'f');
  auto found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 1);
  EXPECT_TRUE(Mentions(found->reason, "row 1 was altered"));

  rows[0].hash = AuditHash(rows[0]);  // re-hashed: the row is self-consistent but does not start the chain
  Rechain(rows, 1);
  found = VerifyChain(rows);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 1);
  EXPECT_TRUE(Mentions(found->reason, "row 1 does not start from the genesis hash"));
}

TEST(AuditChain, RowsPastTheAnchorAreReported) {
  const auto rows = MakeChain(20);
  const auto found = VerifyChain(rows, ChainHead{18, rows[17].hash});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 19);
  EXPECT_TRUE(Mentions(found->reason, "rows 19 to 20 are past the head anchor (row 18)"));
}

TEST(AuditChain, UnicodeAndEmptyFieldsChainAndVerify) {
  std::vector<AuditEntry> rows;
  std::optional<AuditEntry> last;
  for (const char* actor : {"", "zoë@example.com", "小林", "\xF0\x9F\x9B\xAB", ""}) {
    AuditEntry entry;
    entry.actor = actor;
    entry.target = "vol 42 — classe M";
    last = rows.emplace_back(Chain(std::move(entry), last));
  }
  EXPECT_FALSE(VerifyChain(rows, HeadOf(rows)));
  EXPECT_NE(rows[0].hash, rows[4].hash);  // identical content, different place in the chain

  rows[2].actor = "小";
  const auto found = VerifyChain(rows, HeadOf(rows));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 3);
}

TEST(AuditChain, AnEmptyChain) {
  EXPECT_FALSE(VerifyChain({}));
  EXPECT_FALSE(VerifyChain({}, ChainHead{}));
  const auto found = VerifyChain({}, ChainHead{3, std::string(64, 'a')});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, 1);
  EXPECT_EQ(found->reason, "rows 1 to 3 were removed from the end: the head anchor says the last row is 3");
  EXPECT_TRUE(VerifyChain({}, ChainHead{0, std::string(64, 'a')}));
}

TEST(AuditChain, TheVerifierStopsAtTheFirstBreak) {
  auto rows = MakeChain(20);
  rows[3].target = "changed";
  rows[12].target = "changed too";
  ChainVerifier verifier;
  std::optional<ChainBreak> first;
  for (const auto& row : rows)
    if (auto found = verifier.Next(row); found && !first) first = found;
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, 4);
  EXPECT_EQ(verifier.Next(rows[0])->seq, 4);  // later rows, even good ones, prove nothing after a break
  EXPECT_EQ(verifier.Finish(HeadOf(rows))->seq, 4);
}

}  // namespace
}  // namespace jetway::identity
