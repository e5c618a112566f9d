// The engine-independent parts of the PostgreSQL engine: placeholder rewriting, URL handling and quoting.
#include "store/postgres.hpp"

#include <gtest/gtest.h>

namespace jetway::store {

TEST(Postgres, RewritesPlaceholdersOutsideLiteralsAndComments) {
  EXPECT_EQ(ToDollarPlaceholders("SELECT a FROM t WHERE a = ? AND b = ?"),
            (std::pair<std::string, int>{"SELECT a FROM t WHERE a = $1 AND b = $2", 2}));
  EXPECT_EQ(ToDollarPlaceholders("WHERE x IN (?2, ?3) AND y = ?1 AND z = ?2"),
            (std::pair<std::string, int>{"WHERE x IN ($2, $3) AND y = $1 AND z = $2", 3}));
  EXPECT_EQ(ToDollarPlaceholders("SELECT '?', \"a?\" -- ?\n, ? /* ? */"),
            (std::pair<std::string, int>{"SELECT '?', \"a?\" -- ?\n, $1 /* ? */", 1}));
  EXPECT_EQ(ToDollarPlaceholders("SELECT 'it''s ?', ?"), (std::pair<std::string, int>{"SELECT 'it''s ?', $1", 1}));
  // SQLite's rule: a bare ? after ?5 is ?6.
  EXPECT_EQ(ToDollarPlaceholders("?5, ?"), (std::pair<std::string, int>{"$5, $6", 6}));
}

TEST(Postgres, ParsesAndRewritesTargets) {
  const auto target = PgTarget::Parse("postgresql://owner:secret@127.0.0.1:5433/jetway_data?connect_timeout=2");
  EXPECT_EQ(target.Get("user"), "owner");
  EXPECT_EQ(target.Get("dbname"), "jetway_data");
  EXPECT_EQ(target.Get("connect_timeout"), "2");
  const auto role = target.With("user", "jetway_public").With("password", "pw");
  EXPECT_EQ(role.Get("user"), "jetway_public");
  EXPECT_EQ(role.Get("host"), "127.0.0.1");
  EXPECT_EQ(role.Describe(), "jetway_public@127.0.0.1:5433/jetway_data");
  EXPECT_EQ(role.Describe().find("pw"), std::string::npos);
  EXPECT_THROW(PgTarget::Parse("postgresql://[broken"), StoreError);
}

TEST(Postgres, RecognisesUrls) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://h/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres://h/db"));
  EXPECT_TRUE(IsPostgresUrl("host=h dbname=db"));
  EXPECT_FALSE(IsPostgresUrl("var/data.db"));
}

TEST(Postgres, QuotesNamesAndLiterals) {
  EXPECT_EQ(QuoteIdentifier("jetway_public"), "\"jetway_public\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_THROW(QuoteLiteral(std::string_view("a\0b", 3)), StoreError);
}

}  // namespace jetway::store
