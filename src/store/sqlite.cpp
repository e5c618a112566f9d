#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/sqlite_handle.hpp"

namespace jetway::store {

namespace {

class SqliteCursor final : public Cursor {
 public:
  explicit SqliteCursor(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~SqliteCursor() override { sqlite3_finalize(stmt_); }

  void BindInt(int index, std::int64_t value) override { Check(sqlite3_bind_int64(stmt_, index, value)); }
  void BindText(int index, std::string_view value) override {
    Check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  void BindNull(int index) override { Check(sqlite3_bind_null(stmt_, index)); }
  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    ThrowSqlite(sqlite3_db_handle(stmt_), rc, sqlite3_sql(stmt_));
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // A statement left running blocks ROLLBACK TO's RELEASE: stop it (its transaction's answers are void anyway).
  void StopIfRunning() {
    if (sqlite3_stmt_busy(stmt_)) sqlite3_reset(stmt_);
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) ThrowSqlite(sqlite3_db_handle(stmt_), rc, "bind");
  }

  sqlite3_stmt* stmt_;
};

// A handle and this connection's prepared statements on it, keyed by the SQL text.
struct Side {
  sqlite3* db = nullptr;
  std::unordered_map<std::string, std::unique_ptr<SqliteCursor>> cache;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool durable, std::shared_ptr<SqliteWriter> writer)
      : writer_(std::move(writer)) {
    own_.db = OpenSqliteHandle(path, durable, /*thread_safe=*/false);
    if (writer_) on_writer_.db = writer_->handle();
  }
  ~SqliteConnection() override {
    // Statements are finalized before their handle closes; those on the writer's handle go, the handle stays.
    on_writer_.cache.clear();
    own_.cache.clear();
    sqlite3_close(own_.db);
  }

  Engine engine() const override { return Engine::kSqlite; }

  Statement Prepare(const std::string& sql) override {
    Side& side = Current();
    auto it = side.cache.find(sql);
    if (it == side.cache.end()) {
      sqlite3_stmt* stmt = nullptr;
      const int rc = sqlite3_prepare_v3(side.db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &stmt, nullptr);
      if (rc != SQLITE_OK) ThrowSqlite(side.db, rc, sql);
      it = side.cache.emplace(sql, std::make_unique<SqliteCursor>(stmt)).first;
    }
    return Statement(*it->second);
  }

  Statement PrepareLocking(const std::string& select) override { return Prepare(select); }

  void ExecScript(const std::string& sql) override { ExecSqlite(Current().db, sql); }

  int Changes() const override { return sqlite3_changes(in_write_ ? on_writer_.db : own_.db); }

 protected:
  void Begin(TransactionMode mode) override {
    if (mode == TransactionMode::kWrite && writer_) {
      writer_->Begin();
      in_write_ = true;
      return;
    }
    // IMMEDIATE takes the write lock at once, so a read-modify-write cannot interleave with another writer.
    Prepare(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN").Exec();
  }
  void Commit() override {
    try {
      if (in_write_) {
        writer_->Release();
      } else {
        Prepare("COMMIT").Exec();
      }
    } catch (...) {
      Rollback();
      throw;
    }
    if (in_write_) {
      in_write_ = false;
      writer_->Join();
    }
  }
  void Rollback() noexcept override {
    if (in_write_) {
      StopWriterStatements();
      in_write_ = false;
      writer_->Rollback();
      return;
    }
    if (!sqlite3_get_autocommit(own_.db)) sqlite3_exec(own_.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  // On the writer's turn, perhaps on the thread of another transaction's caller (SqliteWriter::Combine).
  bool RunWriteTransaction(const std::function<bool()>& work) override {
    if (!writer_) return Connection::RunWriteTransaction(work);
    bool kept = false;
    writer_->Combine([&] {
      in_write_ = true;
      try {
        kept = work();
      } catch (...) {
        StopWriterStatements();
        in_write_ = false;
        throw;
      }
      if (!kept) StopWriterStatements();
      in_write_ = false;
      return kept;
    });
    return kept;
  }

 private:
  Side& Current() { return in_write_ ? on_writer_ : own_; }
  void StopWriterStatements() {
    for (auto& [sql, cursor] : on_writer_.cache) cursor->StopIfRunning();
  }

  std::shared_ptr<SqliteWriter> writer_;  // declared first: it outlives the statements prepared on its handle
  Side own_;
  Side on_writer_;
  bool in_write_ = false;  // a write transaction is running on the writer's handle
};

}  // namespace

bool ConfigureSqliteProcess() { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }

std::unique_ptr<Connection> OpenSqlite(const std::string& path, bool durable, std::shared_ptr<SqliteWriter> writer) {
  return std::make_unique<SqliteConnection>(path, durable, std::move(writer));
}

std::unique_ptr<ConnectionPool> OpenSqlitePool(const std::string& name, const std::string& path, bool durable,
                                               std::size_t size, std::chrono::milliseconds acquire_timeout) {
  auto writer = std::make_shared<SqliteWriter>(path, durable);
  auto pool = std::make_unique<ConnectionPool>(
      name, Engine::kSqlite, [path, durable, writer] { return OpenSqlite(path, durable, writer); }, size,
      acquire_timeout);
  pool->ReportCommitGroups([writer] { return writer->stats(); });
  return pool;
}

}  // namespace jetway::store
