// The PostgreSQL engine behind store::Connection (libpq): prepared statements named per connection, text-format
// parameters whose types the server infers from the SQL, and SQLSTATEs mapped to store error kinds. A connection
// that lost its server reports !Usable() so the pool replaces it. Not thread-safe (one thread at a time).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace jetway::store {

// True for postgresql:// and postgres:// URLs (and key=value connection strings with host= or dbname=).
bool IsPostgresUrl(std::string_view url);

// A PostgreSQL connection target: the URL's parts as libpq keywords, so that a role or database can be swapped.
class PgTarget {
 public:
  // Throws StoreError(kOther) on a malformed URL.
  static PgTarget Parse(const std::string& url);

  std::string Get(std::string_view keyword) const;
  PgTarget With(std::string_view keyword, std::string value) const;
  // The URL for logs: no password.
  std::string Describe() const;
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// Connects now; throws StoreError(kUnavailable) when the server cannot be reached or refuses the login.
std::unique_ptr<Connection> OpenPostgres(const PgTarget& target);

// Rewrites `?` and `?N` placeholders to PostgreSQL's `$N`, leaving string literals, quoted names and comments
// alone. Returns the SQL and the number of parameters.
std::pair<std::string, int> ToDollarPlaceholders(std::string_view sql);

// Quotes a name or a literal for the few statements that cannot take parameters (CREATE DATABASE, ALTER ROLE).
std::string QuoteIdentifier(std::string_view name);
std::string QuoteLiteral(std::string_view text);

}  // namespace jetway::store
