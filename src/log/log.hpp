// Structured logging: one JSON object per line on stderr (or a given stream, or a Sink such as a rotating file),
// so a log shipper can parse it. Thread-safe: each line is written whole under a mutex.
#pragma once

#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jetway::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// A field value is kept as already-encoded JSON so numbers stay numbers.
struct Field {
  std::string key;
  std::string json;
};
Field Str(std::string key, std::string_view value);
Field Num(std::string key, long long value);
Field Millis(std::string key, long long micros);  // a duration in ms with 3 decimals


// A finished line (ending in a newline) and its level.
struct Line {
  Level level = Level::kInfo;
  std::string text;
};

// Where finished lines go. Called under the logger's mutex, one whole line (ending in a newline) at a time, or
// several in order (WriteBatch: by default one Write each; a sink that can writes them with one system call).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Write(Level level, std::string_view line) = 0;
  virtual void WriteBatch(const std::vector<Line>& lines);
};

// Lines to a stream. With `journal_priorities` each line starts with its syslog priority (<3> error, <4> warning,
// <6> info, <7> debug), which the systemd journal takes off and records when stderr is its stream.
class StreamSink : public Sink {
 public:
  explicit StreamSink(std::ostream& out, bool journal_priorities = false)
      : out_(out), journal_priorities_(journal_priorities) {}
  void Write(Level level, std::string_view line) override;
  void WriteBatch(const std::vector<Line>& lines) override;

 private:
  void Append(std::string& out, Level level, std::string_view line) const;

  std::ostream& out_;
  bool journal_priorities_;
};

class Logger {
 public:
  explicit Logger(std::ostream& out, Level min_level = Level::kInfo)
      : own_sink_(std::in_place, out), sink_(*own_sink_), min_level_(min_level) {}
  explicit Logger(Sink& sink, Level min_level = Level::kInfo) : sink_(sink), min_level_(min_level) {}
  void Write(Level level, std::string_view message, const std::vector<Field>& fields = {});
  void Info(std::string_view message, const std::vector<Field>& fields = {}) { Write(Level::kInfo, message, fields); }
  void Warn(std::string_view message, const std::vector<Field>& fields = {}) { Write(Level::kWarn, message, fields); }
  void Error(std::string_view message, const std::vector<Field>& fields = {}) { Write(Level::kError, message, fields); }

 private:
  std::optional<StreamSink> own_sink_;
  Sink& sink_;
  Level min_level_;
  std::mutex mutex_;
};

}  // namespace jetway::log
