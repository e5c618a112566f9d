// Structured logging: one JSON object per line on stderr (or a given stream), so a log shipper can parse it.
// Thread-safe: each line is written whole under a mutex.
#pragma once

#include <iosfwd>
#include <mutex>
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


class Logger {
 public:
  explicit Logger(std::ostream& out, Level min_level = Level::kInfo) : out_(out), min_level_(min_level) {}
  void Write(Level level, std::string_view message, const std::vector<Field>& fields = {});
  void Info(std::string_view message, const std::vector<Field>& fields = {}) { Write(Level::kInfo, message, fields); }
  void Warn(std::string_view message, const std::vector<Field>& fields = {}) { Write(Level::kWarn, message, fields); }
  void Error(std::string_view message, const std::vector<Field>& fields = {}) { Write(Level::kError, message, fields); }

 private:
  std::ostream& out_;
  Level min_level_;
  std::mutex mutex_;
};

}  // namespace jetway::log
