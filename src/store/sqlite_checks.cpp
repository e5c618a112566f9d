#include "store/sqlite_checks.hpp"

#include <fmt/core.h>

#include <cstdint>
#include <regex>
#include <utility>
#include <vector>

#include "store/postgres.hpp"  // QuoteLiteral, QuoteIdentifier: standard SQL quoting, SQLite's too

namespace jetway::store {

namespace {

// `CHECK (column IN (...))`, the list made of string literals only.
const std::regex& CheckInList() {
  static const std::regex pattern(R"(CHECK \((\w+) IN \(((?:\s*'[^']*'\s*,)+\s*'[^']*'\s*)\)\))");
  return pattern;
}

std::string Unrolled(const std::smatch& check) {
  static const std::regex literal(R"('[^']*')");
  const std::string column = check[1].str(), list = check[2].str();
  std::vector<std::string> values;
  for (auto it = std::sregex_iterator(list.begin(), list.end(), literal); it != std::sregex_iterator(); ++it)
    values.push_back(it->str());
  if (values.size() < 3) return check[0].str();
  std::string out = "CHECK (";
  for (std::size_t i = 0; i < values.size(); ++i) out += fmt::format("{}{} = {}", i ? " OR " : "", column, values[i]);
  return out + ")";
}

}  // namespace

std::string UnrollCheckInLists(std::string_view create_table) {
  const std::string text(create_table);
  std::string out;
  auto last = text.cbegin();
  for (auto it = std::sregex_iterator(text.begin(), text.end(), CheckInList()); it != std::sregex_iterator(); ++it) {
    out.append(last, (*it)[0].first);
    out += Unrolled(*it);
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

void UnrollSqliteCheckInLists(Connection& db) {
  std::vector<std::pair<std::string, std::string>> changed;  // table, its new CREATE TABLE
  {
    auto tables = db.Prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL");
    while (tables.Step()) {
      const auto sql = tables.Text(1);
      if (auto unrolled = UnrollCheckInLists(sql); unrolled != sql) changed.emplace_back(tables.Text(0), unrolled);
    }
  }
  if (changed.empty()) return;
  std::int64_t version = 0;
  {
    auto read = db.Prepare("PRAGMA schema_version");
    if (read.Step()) version = read.Int(0);
  }
  db.ExecScript("PRAGMA writable_schema = ON");
  try {
    for (const auto& [table, sql] : changed)
      db.ExecScript(fmt::format("UPDATE sqlite_schema SET sql = {} WHERE type = 'table' AND name = {}",
                                QuoteLiteral(sql), QuoteLiteral(table)));
    // A new schema version makes every connection read the schema again, this one first.
    db.ExecScript(fmt::format("PRAGMA schema_version = {}", version + 1));
  } catch (...) {
    db.ExecScript("PRAGMA writable_schema = OFF");
    throw;
  }
  db.ExecScript("PRAGMA writable_schema = OFF");
  // Read back: a table whose new text did not parse fails here, and the caller's transaction undoes it all. (Run as
  // scripts, so that none of these statements stays in the connection's cache.)
  for (const auto& [table, sql] : changed)
    db.ExecScript(fmt::format("SELECT * FROM {} LIMIT 0", QuoteIdentifier(table)));
}

}  // namespace jetway::store
