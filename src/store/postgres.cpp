#include "store/postgres.hpp"

#include <fmt/core.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace jetway::store {

namespace {

constexpr unsigned kBoolOid = 16;

// libpq's messages end in a newline (and sometimes a space); ours go into one log line.
std::string Chomp(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// SQL quoting by doubling the quote character; NUL cannot be stored or sent at all.
std::string Quote(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == '\0') throw StoreError(StoreErrorKind::kOther, "a quoted name or literal cannot contain NUL");
    out += c;
    if (c == quote) out += quote;
  }
  return out + quote;
}

class PgConnection;

class PgCursor final : public Cursor {
 public:
  PgCursor(PgConnection& connection, std::string name, int parameters)
      : connection_(connection),
        name_(std::move(name)),
        values_(static_cast<std::size_t>(parameters)),
        bound_(static_cast<std::size_t>(parameters), false) {}
  ~PgCursor() override {
    Clear();
    Forget();
  }

  void BindInt(int index, std::int64_t value) override { Slot(index) = std::to_string(value); }
  void BindText(int index, std::string_view value) override;
  void BindNull(int index) override {
    Slot(index);
    bound_[static_cast<std::size_t>(index - 1)] = false;
  }
  bool Step() override;
  void Defer() override;
  void Prefetch() override;
  // The answer to the prefetch sent as `ticket` (owned from here), or nullptr when none came: a statement before it
  // failed, and the sync throws.
  void Receive(std::uint64_t ticket, PGresult* result);
  // The transaction ended: answers not stepped are dropped, so that no later transaction reads them.
  void Forget();
  std::int64_t Int(int column) const override;
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::string Text(int column) const override {
    return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }
  void Reset() override {
    Clear();
    std::fill(bound_.begin(), bound_.end(), false);
  }

 private:
  std::string& Slot(int index);
  std::vector<const char*> Values() const;
  // A prefetched read: the binds it was sent with, and its answer once the pipeline is read.
  struct Prefetched {
    std::uint64_t ticket;
    std::vector<std::string> values;
    std::vector<bool> bound;
    PGresult* result = nullptr;
    bool awaiting = true;
    bool superseded = false;  // the same binds were sent again: the newer answer is the one a Step reads
  };
  // The prefetch sent with the binds now bound (a NULL's stale slot text does not count), or end().
  std::vector<Prefetched>::iterator SentAsBound();
  void Clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    rows_ = 0;
  }

  PgConnection& connection_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> bound_;  // false = NULL
  PGresult* result_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
  std::vector<Prefetched> prefetched_;  // one per set of binds sent in this transaction and not stepped yet
  std::uint64_t tickets_ = 0;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const PgTarget& target) {
    // Defaults first; the URL's own settings replace them.
    // A request waits at most 5 s for a row lock and 30 s for a statement, then fails with 503 instead of piling
    // up behind a stuck transaction.
    std::vector<std::pair<std::string, std::string>> params = {
        {"connect_timeout", "5"},
        {"application_name", "jetway"},
        {"client_encoding", "UTF8"},
        {"options", "-c lock_timeout=5000 -c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000"}};
    for (const auto& [key, value] : target.params()) {
      auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == key; });
      if (it != params.end())
        it->second = value;
      else
        params.emplace_back(key, value);
    }
    std::vector<const char*> keys, values;
    for (const auto& [key, value] : params) {
      keys.push_back(key.c_str());
      values.push_back(value.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = Chomp(conn_ ? PQerrorMessage(conn_) : "out of memory");
      if (conn_) PQfinish(conn_);
      conn_ = nullptr;
      throw StoreError(StoreErrorKind::kUnavailable,
                       fmt::format("cannot connect to PostgreSQL {}: {}", target.Describe(), message));
    }
    // libpq prints NOTICEs ("relation already exists, skipping") to stderr, which is jetway's JSON log.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~PgConnection() override {
    cache_.clear();
    if (conn_) PQfinish(conn_);
  }

  Engine engine() const override { return Engine::kPostgres; }

  Statement Prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      Drain();  // PQprepare waits for its answer, which pipeline mode does not allow
      auto [text, parameters] = ToDollarPlaceholders(sql);
      std::string name = fmt::format("j{}", cache_.size() + 1);
      ++round_trips_;
      PQclear(Check(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr), sql));
      it = cache_.emplace(sql, std::make_unique<PgCursor>(*this, std::move(name), parameters)).first;
    }
    return Statement(*it->second);
  }

  Statement PrepareLocking(const std::string& select) override { return Prepare(select + " FOR NO KEY UPDATE"); }

  void ExecScript(const std::string& sql) override {
    Drain();
    PQclear(Check(Exec(sql.c_str()), sql));
  }

  int Changes() const override { return changes_; }
  std::uint64_t RoundTrips() const override { return round_trips_; }
  bool Usable() const override { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  bool Alive() override {
    if (!Usable() || !queued_.empty()) return false;
    PGresult* result = Exec("");
    const bool alive = result && PQresultStatus(result) == PGRES_EMPTY_QUERY;
    if (result) PQclear(result);
    if (!alive) broken_ = true;
    return alive;
  }

  // Takes ownership of `result`; returns it when the command succeeded, throws a classified StoreError otherwise.
  PGresult* Check(PGresult* result, std::string_view context) {
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      const char* tuples = PQcmdTuples(result);
      int changed = 0;
      std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
      changes_ = changed;
      return result;
    }
    Throw(result, context);
  }

  PGconn* raw() { return conn_; }
  bool InTransaction() const { return in_transaction_; }

  // Runs a prepared statement and answers its result, with every deferred statement before it in one round trip.
  PGresult* Run(const std::string& name, const std::vector<const char*>& values) {
    if (queued_.empty()) {
      ++round_trips_;
      return Check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                  nullptr, 0),
                   name);
    }
    Send(name, values);
    return Check(Sync(true), name);
  }

  // Sends a prepared statement into the pipeline; its answer is read by the next Sync and handed to `reader` (a
  // prefetching cursor), or dropped when there is none.
  void Send(const std::string& name, const std::vector<const char*>& values, PgCursor* reader = nullptr,
            std::uint64_t ticket = 0) {
    EnterPipeline();
    if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                            0) != 1)
      Lost(name);
    queued_.push_back({name, reader, ticket});
    if (reader) prefetching_.push_back(reader);
  }
  // Reads every answer still in the pipeline.
  void Drain() {
    if (!queued_.empty()) Sync(false);
  }

 protected:
  void Begin(TransactionMode mode) override {
    // READ COMMITTED for writes: every statement sees the latest commits, and rows that must not change under a
    // decision are locked with PrepareLocking. Reads get one snapshot, as a SQLite read transaction does.
    // Sent with the transaction's first statement: one round trip less for every transaction.
    SendCommand(mode == TransactionMode::kWrite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    in_transaction_ = true;
  }
  void Commit() override {
    in_transaction_ = false;
    struct Forgetting {
      PgConnection& connection;
      ~Forgetting() { connection.ForgetPrefetches(); }
    } forgetting{*this};
    // With the writes still in the pipeline: they and the commit are one round trip.
    PGresult* result = queued_.empty() ? Check(Exec("COMMIT"), "COMMIT") : CommitPipeline();
    // A transaction that hit an error answers COMMIT with ROLLBACK and no error; never let that pass as a commit.
    // Read before PQclear: the tag lives in the result (reading it after the clear was a use-after-free that
    // ASan caught once the sanitizer build ran at -O1).
    const bool committed = std::string_view(PQcmdStatus(result)) == "COMMIT";
    PQclear(result);
    if (!committed)
      throw StoreError(StoreErrorKind::kOther, "PostgreSQL rolled the transaction back instead of committing it");
  }
  void Rollback() noexcept override {
    in_transaction_ = false;
    try {
      if (Usable()) Drain();  // a deferred statement's error no longer matters: everything is undone
    } catch (const StoreError&) {
    }
    ForgetPrefetches();
    if (!Usable()) return;
    if (PGresult* result = Exec("ROLLBACK")) PQclear(result);
  }

 private:
  [[noreturn]] void Throw(PGresult* result, std::string_view context) {
    const char* state_field = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string state = state_field ? state_field : "";
    const std::string message = Chomp(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
    if (result) PQclear(result);
    StoreErrorKind kind = StoreErrorKind::kOther;
    const std::string_view cls = std::string_view(state).substr(0, std::min<std::size_t>(2, state.size()));
    // Lost: the socket is gone, the server is shutting down or restarting (57P0x), or libpq itself failed.
    // A server that has become a standby (25006, read-only: a failover demoted it) is lost too: a new connection
    // finds the primary (target_session_attrs=read-write).
    if (PQstatus(conn_) != CONNECTION_OK || state.empty() || cls == "08" || state.starts_with("57P") ||
        state == "25006") {
      broken_ = true;
      kind = StoreErrorKind::kUnavailable;
    } else if (state == "40001" || state == "40P01") {
      kind = StoreErrorKind::kConflict;
    } else if (state == "23505") {
      kind = StoreErrorKind::kUniqueViolation;
    } else if (cls == "23") {
      kind = StoreErrorKind::kConstraint;
    } else if (state == "42501") {
      kind = StoreErrorKind::kPermissionDenied;
    } else if (cls == "53" || state == "57014" || state == "55P03") {
      kind = StoreErrorKind::kUnavailable;  // out of connections or resources, a statement or lock timeout
    }
    throw StoreError(kind,
                     fmt::format("postgresql {}: {} (in: {:.80})", state.empty() ? "-" : state, message, context));
  }

  // A statement outside the pipeline, waiting for its answer.
  PGresult* Exec(const char* sql) {
    ++round_trips_;
    return PQexec(conn_, sql);
  }
  void EnterPipeline() {
    if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) Lost("pipeline");
  }
  void SendCommand(const char* command) {
    EnterPipeline();
    if (PQsendQueryParams(conn_, command, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) Lost(command);
    queued_.push_back({command, nullptr, 0});
  }
  void ForgetPrefetches() {
    for (PgCursor* cursor : prefetching_) cursor->Forget();
    prefetching_.clear();
  }
  // Reads every answer in the pipeline. Throws the first statement's error (the server skips the rest up to the
  // sync); else answers the last statement's result when `keep_last` (the caller owns it), nullptr otherwise.
  // A prefetched read's answer goes to its cursor.
  PGresult* Sync(bool keep_last) {
    ++round_trips_;
    if (PQpipelineSync(conn_) != 1) Lost("pipeline sync");
    const auto sent = std::move(queued_);
    queued_.clear();
    PGresult* failed = nullptr;
    PGresult* last = nullptr;
    std::size_t answered = 0, failed_at = 0;
    for (;;) {
      PGresult* result = PQgetResult(conn_);
      if (!result) {  // the end of one statement's answers, or a connection gone
        if (PQstatus(conn_) != CONNECTION_OK) break;
        continue;
      }
      const auto status = PQresultStatus(result);
      if (status == PGRES_PIPELINE_SYNC) {
        PQclear(result);
        break;
      }
      const std::size_t index = answered++;
      PgCursor* reader = index < sent.size() ? sent[index].reader : nullptr;
      if (status == PGRES_FATAL_ERROR && !failed) {
        failed = result;
        failed_at = index;
      } else if (status == PGRES_FATAL_ERROR || status == PGRES_PIPELINE_ABORTED) {
        PQclear(result);
      } else if (reader) {
        reader->Receive(sent[index].ticket, result);
      } else if (keep_last && answered == sent.size()) {
        last = result;
      } else {
        PQclear(result);
      }
    }
    for (const auto& entry : sent)
      if (entry.reader) entry.reader->Receive(entry.ticket, nullptr);  // no-op for those answered
    if (PQstatus(conn_) != CONNECTION_OK || PQexitPipelineMode(conn_) != 1) {
      if (failed) PQclear(failed);
      if (last) PQclear(last);
      Lost("pipeline");
    }
    if (failed) {
      if (last) PQclear(last);
      Throw(failed, failed_at < sent.size() ? sent[failed_at].name : "pipeline");
    }
    return last;
  }
  // A deferred statement that failed made the server skip the COMMIT behind it, so the transaction is still open
  // (and failed): end it here, since the caller's Transaction no longer rolls back after a commit was tried.
  PGresult* CommitPipeline() {
    SendCommand("COMMIT");
    try {
      return Check(Sync(true), "COMMIT");
    } catch (const StoreError&) {
      if (Usable() && PQtransactionStatus(conn_) != PQTRANS_IDLE)
        if (PGresult* result = Exec("ROLLBACK")) PQclear(result);
      throw;
    }
  }
  [[noreturn]] void Lost(std::string_view context) {
    broken_ = true;
    throw StoreError(StoreErrorKind::kUnavailable,
                     fmt::format("postgresql: {} (in: {:.80})", Chomp(PQerrorMessage(conn_)), context));
  }

  struct Queued {
    std::string name;
    PgCursor* reader;  // a prefetching cursor, which takes the answer; nullptr: nobody reads it here
    std::uint64_t ticket;  // which of the reader's prefetches
  };
  PGconn* conn_ = nullptr;
  std::vector<Queued> queued_;  // statements sent in pipeline mode whose answers are not read yet
  std::vector<PgCursor*> prefetching_;  // cursors given a prefetched read in this transaction
  bool in_transaction_ = false;
  std::unordered_map<std::string, std::unique_ptr<PgCursor>> cache_;
  int changes_ = 0;
  bool broken_ = false;
  std::uint64_t round_trips_ = 0;
};

std::string& PgCursor::Slot(int index) {
  if (index < 1 || static_cast<std::size_t>(index) > values_.size())
    throw StoreError(StoreErrorKind::kOther, fmt::format("bind index {} out of range for {}", index, name_));
  bound_[static_cast<std::size_t>(index - 1)] = true;
  return values_[static_cast<std::size_t>(index - 1)];
}

void PgCursor::BindText(int index, std::string_view value) {
  // PostgreSQL text cannot hold NUL; storing a silently cut string would change what the caller asked for.
  if (value.find('\0') != std::string_view::npos)
    throw StoreError(StoreErrorKind::kConstraint, "text with a NUL character cannot be stored");
  Slot(index).assign(value);
}

std::vector<const char*> PgCursor::Values() const {
  std::vector<const char*> values(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) values[i] = bound_[i] ? values_[i].c_str() : nullptr;
  return values;
}

bool PgCursor::Step() {
  if (!result_) {
    if (auto sent = SentAsBound(); sent != prefetched_.end()) {
      // Receive fills the entry in place, so `sent` stays valid.
      if (sent->awaiting) connection_.Drain();  // throws the pipeline's error, if any
      result_ = std::exchange(sent->result, nullptr);
      prefetched_.erase(sent);
    }
    if (!result_) result_ = connection_.Run(name_, Values());
    rows_ = PQntuples(result_);
  }
  return ++row_ < rows_;
}

void PgCursor::Prefetch() {
  // Outside a transaction a later Step runs it: no pipeline is read before then.
  if (!connection_.InTransaction()) return;
  // The same binds sent again: the newer answer is the one to read.
  if (auto older = SentAsBound(); older != prefetched_.end()) older->superseded = true;
  prefetched_.push_back({++tickets_, values_, bound_});
  connection_.Send(name_, Values(), this, tickets_);
}

std::vector<PgCursor::Prefetched>::iterator PgCursor::SentAsBound() {
  return std::find_if(prefetched_.begin(), prefetched_.end(), [&](const Prefetched& p) {
    if (p.superseded || p.bound != bound_) return false;
    for (std::size_t i = 0; i < values_.size(); ++i)
      if (bound_[i] && values_[i] != p.values[i]) return false;
    return true;
  });
}

void PgCursor::Receive(std::uint64_t ticket, PGresult* result) {
  auto sent = std::find_if(prefetched_.begin(), prefetched_.end(), [&](const auto& p) { return p.ticket == ticket; });
  if (sent == prefetched_.end() || !sent->awaiting) {
    if (result) PQclear(result);
    return;
  }
  sent->result = result;
  sent->awaiting = false;
}

void PgCursor::Forget() {
  for (auto& sent : prefetched_)
    if (sent.result) PQclear(sent.result);
  prefetched_.clear();
}

void PgCursor::Defer() {
  // Outside a transaction nothing would ever read (or even send) it: run it now.
  if (connection_.InTransaction())
    connection_.Send(name_, Values());
  else
    PQclear(connection_.Run(name_, Values()));
}

std::int64_t PgCursor::Int(int column) const {
  if (PQgetisnull(result_, row_, column)) return 0;
  const char* text = PQgetvalue(result_, row_, column);
  if (PQftype(result_, column) == kBoolOid) return text[0] == 't' ? 1 : 0;
  const std::size_t length = static_cast<std::size_t>(PQgetlength(result_, row_, column));
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text, text + length, value);
  if (ec != std::errc() || end != text + length)
    throw StoreError(StoreErrorKind::kOther, fmt::format("column {} is not an integer: {:.40}", column, text));
  return value;
}

}  // namespace

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://") ||
         url.find("dbname=") != std::string_view::npos || url.find("host=") != std::string_view::npos;
}

PgTarget PgTarget::Parse(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    const std::string message = Chomp(error ? error : "out of memory");
    if (error) PQfreemem(error);
    throw StoreError(StoreErrorKind::kOther, fmt::format("invalid PostgreSQL URL: {}", message));
  }
  PgTarget target;
  for (auto* option = options; option->keyword; ++option)
    if (option->val) target.params_.emplace_back(option->keyword, option->val);
  PQconninfoFree(options);
  return target;
}

std::string PgTarget::Get(std::string_view keyword) const {
  for (const auto& [key, value] : params_)
    if (key == keyword) return value;
  return {};
}

PgTarget PgTarget::With(std::string_view keyword, std::string value) const {
  PgTarget copy = *this;
  for (auto& [key, old] : copy.params_)
    if (key == keyword) {
      old = std::move(value);
      return copy;
    }
  copy.params_.emplace_back(std::string(keyword), std::move(value));
  return copy;
}

std::string PgTarget::Describe() const {
  const std::string host = Get("host").empty() ? Get("hostaddr") : Get("host");
  return fmt::format("{}@{}:{}/{}", Get("user"), host.empty() ? "local" : host,
                     Get("port").empty() ? "5432" : Get("port"), Get("dbname"));
}

std::unique_ptr<Connection> OpenPostgres(const PgTarget& target) { return std::make_unique<PgConnection>(target); }

std::pair<std::string, int> ToDollarPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int largest = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or quoted name, with doubled quotes as escapes
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      std::size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
      int number = largest + 1;  // SQLite's rule for a bare `?`: one more than the largest number so far
      if (j > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + j, number);
      largest = std::max(largest, number);
      out += fmt::format("${}", number);
      i = j - 1;
    } else {
      out += c;
    }
  }
  return {std::move(out), largest};
}

std::string QuoteIdentifier(std::string_view name) { return Quote(name, '"'); }

std::string QuoteLiteral(std::string_view text) { return Quote(text, '\''); }

}  // namespace jetway::store
