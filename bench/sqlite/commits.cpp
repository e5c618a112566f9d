// The raw SQLite reference for booking commits (issue 16, part 4): one connection inserting one row per
// transaction, as fast as it can, with the durability jetway's data database runs with (WAL, synchronous=FULL,
// foreign keys on: store/sqlite.cpp). Prints "BENCH sqlite_commits_per_sec <n>" after `seconds` seconds.
//   commits <database file> <seconds>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "commits: %s: %s\n", sql, error ? error : "?");
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: commits <database file> <seconds>\n");
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
  Exec(db, "PRAGMA journal_mode=WAL;");
  Exec(db, "PRAGMA foreign_keys=ON;");
  Exec(db, "PRAGMA synchronous=FULL;");
  Exec(db, "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, locator TEXT NOT NULL, created_at INTEGER)");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO rows (locator, created_at) VALUES (?, ?)", -1, &insert, nullptr);
  const auto seconds = std::chrono::seconds{std::atoi(argv[2])};
  const auto start = std::chrono::steady_clock::now();
  long commits = 0;
  while (std::chrono::steady_clock::now() - start < seconds) {
    Exec(db, "BEGIN IMMEDIATE");
    const std::string locator = std::to_string(commits);
    sqlite3_bind_text(insert, 1, locator.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert, 2, commits);
    if (sqlite3_step(insert) != SQLITE_DONE) return 1;
    sqlite3_reset(insert);
    Exec(db, "COMMIT");
    ++commits;
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("BENCH sqlite_commits_per_sec %.1f\n", commits / elapsed);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return 0;
}
