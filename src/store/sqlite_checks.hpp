// SQLite's CHECK constraints with a list of values, written as comparisons.
#pragma once

#include <string>
#include <string_view>

#include "store/store.hpp"

namespace jetway::store {

// `CHECK (column IN ('A','B','C'))` as `CHECK (column = 'A' OR column = 'B' OR column = 'C')`: the same rule. SQLite
// evaluates an IN list of three values or more by building a temporary table of them, each time the check runs:
// every INSERT of a booking, its prices, its coupons and its e-mail, and every UPDATE of its status, each built one
// and zeroed its pages (12.4 % of a booking's instructions in the writer's turn). Lists of two or fewer, and lists of
// anything but string literals, are left as written.
std::string UnrollCheckInLists(std::string_view create_table);

// Rewrites every table of the connection's SQLite database whose CREATE TABLE UnrollCheckInLists changes, in its
// schema (PRAGMA writable_schema, as SQLite documents for changing a CHECK constraint: the rows on disk do not
// change), inside the caller's write transaction. Throws if the rewritten schema does not read back.
void UnrollSqliteCheckInLists(Connection& connection);

}  // namespace jetway::store
